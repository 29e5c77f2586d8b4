import { createLogger } from '@kodus/logger';
import { createDatabasePool } from '@kodus/persistence';
import { GithubStandIn, uniquePrefix } from '@kodus/test-helpers';
import { useWorkerHarness } from './support/worker-harness';

const REPO = { owner: 'acme', name: 'pool' };
const BASE = 'c'.repeat(40);
const PATCH = ['@@ -1,1 +1,2 @@', ' export const ok = 1;', "+console.log('here');"].join('\n');
const REVIEWS = 8;

describe('worker: DATABASE_POOL_MAX', () => {
  const harness = useWorkerHarness('worker_pool');

  it('a pool below WORKER_CONCURRENCY + 1 is warned about, never exceeded, and still reviews', async () => {
    const github = await new GithubStandIn({ tokens: { 'ghp-pool': 'kodus-bot' } }).start();
    const observer = createDatabasePool({
      url: harness.database().url,
      applicationName: 'kodus-test-observer',
      logger: createLogger({ component: 'test', level: 'silent' }),
      maxConnections: 1,
    });
    // The worker's sessions in its own database, told apart by their application_name.
    const workerSessions = async (): Promise<number> =>
      (
        await observer.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'kodus-worker'`,
        )
      ).rows[0]?.n ?? 0;
    try {
      const files = [{ filename: 'src/app.ts', status: 'modified' as const, patch: PATCH }];
      for (let number = 1; number <= REVIEWS; number += 1) {
        github.addPullRequest(REPO, { number, headSha: String(number).repeat(40), baseSha: BASE, files });
      }
      const { worker, enqueue } = await harness.start({
        GITHUB_TOKEN: 'ghp-pool',
        GITHUB_API_URL: github.url,
        REDIS_KEY_PREFIX: uniquePrefix('worker_pool'),
        WORKER_CONCURRENCY: '4',
        DATABASE_POOL_MAX: '2',
      });
      await worker.waitForLog((l) => l.msg === 'worker started');
      const warnings = worker.logs.filter((l) => /^DATABASE_POOL_MAX=2 is below/.test(String(l.msg)));
      expect(warnings).toEqual([
        expect.objectContaining({ level: 'warn', dependency: 'postgres', maxConnections: 2 }),
      ]);

      const jobIds = await Promise.all(
        Array.from({ length: REVIEWS }, (_, i) => enqueue(REPO, i + 1, String(i + 1).repeat(40))),
      );
      let finished = false;
      const seen: number[] = [];
      const sampling = (async () => {
        while (!finished) seen.push(await workerSessions());
      })();
      try {
        for (const jobId of jobIds) {
          await worker.waitForLog((l) => l.jobId === jobId && l.msg === 'job completed', 60_000);
        }
      } finally {
        finished = true;
        await sampling;
      }
      // Its warm connections (min(WORKER_CONCURRENCY, pool)) are open from the start; never more than the pool.
      expect(seen.length).toBeGreaterThan(0);
      expect(Math.max(...seen)).toBe(2);
      for (let number = 1; number <= REVIEWS; number += 1) {
        expect(github.reviews(REPO, number).map((r) => r.commitId)).toEqual([String(number).repeat(40)]);
      }
    } finally {
      await observer.end();
      await github.stop();
    }
  });
});
