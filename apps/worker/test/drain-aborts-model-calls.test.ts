import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@kodus/logger';
import { createDatabasePool, migrate, type Pool } from '@kodus/persistence';
import { createRedisConnection, RedisDependency, type Redis, ReviewQueue } from '@kodus/queue';
import {
  createTestDatabase,
  GithubStandIn,
  LlmStandIn,
  startApp,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  waitFor,
} from '@kodus/test-helpers';

const logger = createLogger({ component: 'test', level: 'silent' });
const REPO = { owner: 'acme', name: 'api' };
const BASE = 'c'.repeat(40);
const HEAD = 'd'.repeat(40);
const KEY = 'sk-test-drain-0123456789abcdefghij';
const PATCH = [
  '@@ -1,2 +1,3 @@',
  ' export const a = 1;',
  '+export const b = fetchAll();',
  ' export const c = 3;',
].join('\n');
const FINDING = {
  relevantFile: 'src/a.ts',
  relevantLinesStart: 2,
  relevantLinesEnd: 2,
  label: 'bug',
  severity: 'high',
  suggestionContent: 'fetchAll() is not awaited.',
  oneSentenceSummary: 'fetchAll() is not awaited.',
  existingCode: null,
  improvedCode: null,
};

describe('worker drain with a model call in flight', () => {
  let database: TestDatabase;
  let pool: Pool;
  let redis: Redis;
  let scratch: string;

  beforeAll(async () => {
    database = await createTestDatabase('worker_drain_llm');
    await migrate(database.url, logger);
    pool = createDatabasePool({ url: database.url, applicationName: 'kodus-test', logger });
    redis = createRedisConnection({
      url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
    scratch = mkdtempSync(join(tmpdir(), 'kodus-worker-drain-'));
  });
  afterAll(async () => {
    await pool.end();
    await new RedisDependency(redis).close();
    await database.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** A worker reviewing PR `number` of a fresh GitHub stand-in, with `llm` answering its model calls. */
  async function scenario(number: number, llm: LlmStandIn) {
    const github = await new GithubStandIn({ tokens: { 'drain-token': 'kodus-bot' } }).start();
    const env = {
      ...testSecrets(),
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: uniquePrefix('worker_drain_llm'),
      WORKER_HEARTBEAT_FILE: join(scratch, `heartbeat-${number}`),
      GITHUB_TOKEN: 'drain-token',
      GITHUB_API_URL: github.url,
      LLM_PROVIDER: 'openai',
      LLM_MODEL: 'gpt-4o-mini',
      LLM_BASE_URL: llm.url,
      LLM_API_KEY: KEY,
      // The reviews in flight may finish within 40 % of it (3.2 s), then they are interrupted.
      SHUTDOWN_TIMEOUT_MS: '8000',
    };
    const queue = new ReviewQueue(redis, env.REDIS_KEY_PREFIX, logger);
    const worker = (await startApp('worker', env)).process;
    github.addPullRequest(REPO, {
      number,
      headSha: HEAD,
      baseSha: BASE,
      files: [{ filename: 'src/a.ts', status: 'modified', patch: PATCH }],
    });
    await worker.waitForLog((l) => l.msg === 'worker started');
    await queue.enqueue({
      version: 1,
      provider: 'github',
      deliveryId: `drain-${number}`,
      trigger: 'opened',
      repository: REPO,
      pullRequest: { number, headSha: HEAD },
      receivedAt: new Date().toISOString(),
    });
    await waitFor('the model call in flight', () => (llm.requests.length === 1 ? true : undefined), {
      timeoutMs: 30_000,
    });
    const reviewsOf = async () =>
      (
        await pool.query<{ status: string; status_reason: string | null }>(
          'SELECT status, status_reason FROM reviews WHERE pull_request = $1',
          [number],
        )
      ).rows;
    return { github, env, queue, worker, reviewsOf };
  }

  it('SIGTERM with a model answering in time: the review finishes and is posted, its call paid once', async () => {
    const llm = await new LlmStandIn({ apiKey: KEY })
      .script({ reply: { delayMs: 1500, json: { suggestions: [{ ...FINDING }] } } })
      .start();
    const { github, queue, worker, reviewsOf } = await scenario(2, llm);
    try {
      // Exit 0: the drain finished before SHUTDOWN_TIMEOUT_MS (its deadline path exits 1).
      expect(await worker.stop('SIGTERM')).toMatchObject({ code: 0, signal: null });
      expect(github.reviews(REPO, 2)).toHaveLength(1);
      expect(
        github
          .reviewComments(REPO, 2)
          .map((c) => c.body)
          .join('\n'),
      ).toContain('fetchAll() is not awaited.');
      expect(await reviewsOf()).toEqual([expect.objectContaining({ status: 'completed' })]);
      const counts = await queue.counts();
      expect(counts.waiting + counts.delayed + counts.prioritized + counts.active).toBe(0);
      expect(llm.requests).toHaveLength(1);
    } finally {
      worker.kill();
      await queue.close();
      await github.stop();
      await llm.stop();
    }
  }, 150_000);

  it('SIGTERM with a hanging call: aborted once the drain stops waiting, exit within the budget, retried and completed later', async () => {
    // The first call hangs (the model never answers); later ones answer.
    const llm = await new LlmStandIn({ apiKey: KEY })
      .script({ times: 1, reply: { hang: true } })
      .script({ reply: { json: { suggestions: [FINDING] } } })
      .start();
    const { github, env, queue, worker: first, reviewsOf } = await scenario(1, llm);
    let second: typeof first | undefined;
    try {
      // Exit 0: the drain finished before SHUTDOWN_TIMEOUT_MS (its deadline path exits 1).
      const exit = await first.stop('SIGTERM');
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(first.logs.map((l) => l.msg)).toContain(
        'draining: interrupting the reviews still in flight (retried later)',
      );
      expect(github.reviews(REPO, 1)).toHaveLength(0);
      // Neither completed nor failed for good: queued again, saying why.
      expect(await reviewsOf()).toEqual([
        { status: 'queued', status_reason: expect.stringMatching(/interrupted, will retry/) },
      ]);
      const counts = await queue.counts();
      expect(counts.waiting + counts.delayed + counts.prioritized).toBe(1);
      // The interrupted attempt let go of the head before the worker closed its pool: a lease left behind
      // would hold the retry back until it expires (2 minutes).
      expect((await pool.query('SELECT key FROM head_leases')).rows).toEqual([]);

      second = (await startApp('worker', env)).process;
      // The retry waits out its 1 s delay and a cold worker start (nothing else: no lease left to expire,
      // no stalled-job check): generous for a loaded CI machine.
      await second.waitForLog((l) => l.msg === 'review completed', 60_000);
      expect(llm.requests).toHaveLength(2);
      const comments = github.reviewComments(REPO, 1);
      expect(comments.map((c) => c.body).join('\n')).toContain('fetchAll() is not awaited.');
      expect(github.reviews(REPO, 1)).toHaveLength(1);
    } finally {
      first.kill();
      second?.kill();
      await queue.close();
      await github.stop();
      await llm.stop();
    }
  }, 150_000);
});
