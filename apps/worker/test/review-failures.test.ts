import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@kodus/logger';
import { migrate } from '@kodus/persistence';
import { createRedisConnection, RedisDependency, type Redis, ReviewQueue } from '@kodus/queue';
import {
  appEntry,
  type AppProcess,
  createTestDatabase,
  GithubStandIn,
  startApp,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  waitFor,
} from '@kodus/test-helpers';

const logger = createLogger({ component: 'test', level: 'silent' });
const REPO = { owner: 'acme', name: 'api' };

describe('worker: failing reviews, deadlines and health', () => {
  let database: TestDatabase;
  let scratch: string;
  let redis: Redis;
  const running: AppProcess[] = [];
  const queues: ReviewQueue[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('worker_failures');
    await migrate(database.url, logger);
    scratch = mkdtempSync(join(tmpdir(), 'kodus-worker-failures-'));
    redis = createRedisConnection({
      url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
  });
  afterEach(async () => {
    running.splice(0).forEach((p) => p.kill());
    await Promise.all(queues.splice(0).map((q) => q.close()));
  });
  afterAll(async () => {
    await new RedisDependency(redis).close();
    await database.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  async function start(env: Record<string, string>) {
    const full = {
      ...testSecrets(),
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: uniquePrefix('worker_failures'),
      WORKER_HEARTBEAT_FILE: join(scratch, `${Math.random().toString(36).slice(2)}.heartbeat`),
      ...env,
    };
    const { process: worker } = await startApp('worker', full);
    running.push(worker);
    const queue = new ReviewQueue(redis, full.REDIS_KEY_PREFIX, logger);
    queues.push(queue);
    const enqueue = (number: number, headSha: string) =>
      queue.enqueue({
        version: 1,
        provider: 'github',
        deliveryId: `failures-${number}-${Math.random().toString(36).slice(2)}`,
        trigger: 'opened',
        repository: REPO,
        pullRequest: { number, headSha },
        receivedAt: new Date().toISOString(),
      });
    const healthy = () =>
      spawnSync(process.execPath, [appEntry('worker', 'health.js')], {
        env: { PATH: process.env.PATH ?? '', WORKER_HEARTBEAT_FILE: full.WORKER_HEARTBEAT_FILE },
      }).status === 0;
    return { worker, enqueue, healthy };
  }

  it('warns once at start without provider credentials, then logs one line per failed review', async () => {
    const { worker, enqueue } = await start({});
    await worker.waitForLog((l) => l.msg === 'worker started');
    const warnings = worker.logs.filter((l) => /no provider credentials/.test(String(l.msg)));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 'warn' });

    const jobId = await enqueue(1, 'a'.repeat(40));
    const failed = await worker.waitForLog((l) => l.jobId === jobId && l.msg === 'job failed');
    expect(failed).toMatchObject({ reason: expect.stringMatching(/no github credentials/i) });
    // Everything the worker logged about the failure, which the pipeline logs (if at all) before it.
    const aboutIt = worker.logs.filter((l) => l !== warnings[0] && /fail/i.test(String(l.msg)));
    expect(aboutIt).toHaveLength(1);
    expect(JSON.stringify(worker.logs)).not.toMatch(/"stack"/);
  });

  it('fails a review at its deadline, turns unhealthy while that work still runs, healthy after', async () => {
    const github = await new GithubStandIn({ tokens: { 'deadline-token': 'kodus-bot' } }).start();
    try {
      github.addPullRequest(REPO, { number: 2, headSha: 'b'.repeat(40), baseSha: 'c'.repeat(40) });
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      github.beforeNext({ method: 'GET', path: /\/pulls\/2\/files$/ }, () => held);
      const { worker, enqueue, healthy } = await start({
        GITHUB_TOKEN: 'deadline-token',
        GITHUB_API_URL: github.url,
        REVIEW_TIMEOUT_MS: '1000',
      });
      await waitFor('worker health to pass', () => (healthy() ? true : undefined));

      const jobId = await enqueue(2, 'b'.repeat(40));
      const failed = await worker.waitForLog((l) => l.jobId === jobId && l.msg === 'job failed');
      expect(JSON.stringify(failed)).toMatch(/timed out after 1000 ms/);
      await waitFor('worker health to fail', () => (healthy() ? undefined : true));

      release();
      await waitFor('worker health to pass again', () => (healthy() ? true : undefined));
    } finally {
      await github.stop();
    }
  });
});
