import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@kodus/logger';
import { migrate } from '@kodus/persistence';
import { createRedisConnection, QUEUE_NAMES, ReviewQueue } from '@kodus/queue';
import {
  type AppProcess,
  createTestDatabase,
  freePort,
  startApp,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  waitFor,
} from '@kodus/test-helpers';
import { Queue } from 'bullmq';

const HOUR_MS = 3600000;

/** The value of a sample in Prometheus text whose labels include `labels` (any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const found = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('worker metrics', () => {
  let database: TestDatabase;
  let scratch: string;
  const running: AppProcess[] = [];
  const logger = createLogger({ component: 'test', level: 'silent' });
  const redis = createRedisConnection({
    url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    connectionName: 'kodus-test',
    role: 'producer',
    logger,
  });

  beforeAll(async () => {
    database = await createTestDatabase('worker_metrics');
    await migrate(database.url, logger);
    scratch = mkdtempSync(join(tmpdir(), 'kodus-worker-metrics-'));
  });
  afterEach(() => running.splice(0).forEach((p) => p.kill()));
  afterAll(async () => {
    await database.drop();
    await redis.quit();
    rmSync(scratch, { recursive: true, force: true });
  });

  function environment(env: Record<string, string>): Record<string, string> {
    return {
      ...testSecrets(),
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: uniquePrefix('worker-metrics'),
      WORKER_HEARTBEAT_FILE: join(scratch, `${Math.random().toString(36).slice(2)}.heartbeat`),
      // Nothing listens there: a review's first provider call fails as retryable.
      GITHUB_TOKEN: 'test-token',
      GITHUB_API_URL: 'http://127.0.0.1:9',
      ...env,
    };
  }

  it('serves /metrics on WORKER_METRICS_PORT and logs the backlog as an EMF line when asked', async () => {
    const port = await freePort();
    const env = environment({ WORKER_METRICS_PORT: String(port), WORKER_EMF_METRICS: 'true' });
    const prefix = env.REDIS_KEY_PREFIX!;
    // A backlog the worker cannot take yet: three jobs delayed by an hour.
    const inspect = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
    const queue = new ReviewQueue(redis, prefix, logger);
    try {
      for (const n of [1, 2, 3]) await inspect.add('later', { n }, { delay: HOUR_MS, jobId: `later-${n}` });
      const { process: worker } = await startApp('worker', env);
      running.push(worker);
      const emf = await worker.waitForLog((l) => l._aws !== undefined);
      expect(emf).toMatchObject({
        _aws: {
          CloudWatchMetrics: [
            {
              Namespace: 'Kodus',
              Dimensions: [['Queue']],
              Metrics: [{ Name: 'ReviewQueueBacklog', Unit: 'Count' }],
            },
          ],
        },
        Queue: 'reviews',
        ReviewQueueBacklog: 3,
      });
      expect(typeof (emf._aws as { Timestamp: unknown }).Timestamp).toBe('number');

      // One review whose provider call fails: an attempt retried, timed with its outcome.
      await queue.enqueue({
        version: 1,
        provider: 'github',
        deliveryId: 'metrics-1',
        trigger: 'opened',
        repository: { owner: 'acme', name: 'api' },
        pullRequest: { number: 1, headSha: 'b'.repeat(40) },
        receivedAt: new Date().toISOString(),
      });
      const worker_ = { component: 'worker' };
      const text = await waitFor('the retried attempt in /metrics', async () => {
        const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        return sample(body, 'kodus_review_jobs_retried_total', worker_) === 1 ? body : undefined;
      });
      expect(sample(text, 'kodus_review_duration_seconds_count', { ...worker_, outcome: 'retried' })).toBe(1);
      expect(sample(text, 'kodus_queue_jobs', { ...worker_, state: 'delayed' })).toBeGreaterThanOrEqual(3);
      expect(sample(text, 'kodus_queue_jobs', { ...worker_, state: 'waiting' })).toBeDefined();
      expect(sample(text, 'kodus_reviews_superseded_total', worker_)).toBe(0);
      expect(text).toMatch(/^kodus_provider_call_errors_total\{.*provider="github".*\} 1$/m);
      expect(text).toMatch(/^kodus_provider_call_duration_seconds_count\{.*outcome="error".*\} 1$/m);
      expect(text).toMatch(/^kodus_redis_durable\{.*component="worker".*\} [01]$/m);
      expect(text).toContain('process_cpu_user_seconds_total{component="worker"}');
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(404);
      expect((await worker.stop('SIGTERM')).code).toBe(0);
    } finally {
      await inspect.obliterate({ force: true });
      await inspect.close();
      await queue.close();
    }
  });

  it('opens no port and logs no EMF line by default', async () => {
    const env = environment({});
    const { process: worker } = await startApp('worker', env);
    running.push(worker);
    await worker.waitForLog((l) => l.msg === 'worker started');
    expect(worker.logs.some((l) => l.msg === 'metrics listening' || l._aws !== undefined)).toBe(false);
    expect((await worker.stop('SIGTERM')).code).toBe(0);
  });
});
