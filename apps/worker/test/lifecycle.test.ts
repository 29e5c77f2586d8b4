import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@kodus/logger';
import { migrate } from '@kodus/persistence';
import { createRedisConnection, QUEUE_NAMES, RedisDependency, ReviewQueue } from '@kodus/queue';
import { Queue } from 'bullmq';
import {
  appEntry,
  type AppProcess,
  createTestDatabase,
  loadedPackagesProbe,
  PrivateRedis,
  startApp,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  waitFor,
} from '@kodus/test-helpers';

const DRAIN_TIMEOUT_MS = 5000;

describe('worker as a process', () => {
  let database: TestDatabase;
  let scratch: string;
  const running: AppProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('worker_lifecycle');
    scratch = mkdtempSync(join(tmpdir(), 'kodus-worker-test-'));
  });
  afterEach(() => running.splice(0).forEach((p) => p.kill()));
  afterAll(async () => {
    await database.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  function environment(env: Record<string, string> = {}): Record<string, string> {
    return {
      ...testSecrets(),
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: uniquePrefix('worker'),
      SHUTDOWN_TIMEOUT_MS: String(DRAIN_TIMEOUT_MS),
      WORKER_HEARTBEAT_FILE: join(scratch, `${Math.random().toString(36).slice(2)}.heartbeat`),
      ...env,
    };
  }

  /**
   * The contract's health command: `node <worker>/dist/health.js`. Run with nothing but the heartbeat
   * location, as an operator's shell would (no COMPONENT_TYPE, no credentials).
   */
  function health(env: Record<string, string>): { code: number | null; output: string } {
    const result = spawnSync(process.execPath, [appEntry('worker', 'health.js')], {
      env: { PATH: process.env.PATH ?? '', WORKER_HEARTBEAT_FILE: env.WORKER_HEARTBEAT_FILE ?? '' },
      encoding: 'utf8',
    });
    return { code: result.status, output: result.stdout + result.stderr };
  }

  const healthy = (env: Record<string, string>) => () => (health(env).code === 0 ? true : undefined);
  const unhealthy = (env: Record<string, string>) => () => (health(env).code === 1 ? true : undefined);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'reports healthy while consuming and drains on %s',
    async (signal) => {
      const env = environment();
      expect(health(env)).toMatchObject({ code: 1 });
      const { process: worker } = await startApp('worker', env);
      running.push(worker);
      await waitFor('worker health to pass', healthy(env));
      expect(health(env).output).toMatch(/^healthy: worker \d+ consuming/);

      const exit = await worker.stop(signal);
      expect(exit).toMatchObject({ code: 0, signal: null });
      // Exit 0 means the drain finished before SHUTDOWN_TIMEOUT_MS: the deadline path exits 1.
      expect(health(env)).toEqual({ code: 1, output: expect.stringContaining('unhealthy: no heartbeat') });
    },
  );

  it('stays up without Redis, reports unhealthy, and consumes again when Redis returns', async () => {
    const redis = await PrivateRedis.start();
    try {
      await redis.stop();
      const env = environment({ REDIS_URL: redis.url });
      const { process: worker } = await startApp('worker', env);
      running.push(worker);
      await worker.waitForLog((l) => l.msg === 'worker started');
      await waitFor('worker health to fail', unhealthy(env));
      expect(health(env).output).toContain('not consuming');

      await redis.resume();
      await waitFor('worker health to pass', healthy(env));
      await redis.stop();
      await waitFor('worker health to fail', unhealthy(env));
      await redis.resume();
      await waitFor('worker health to pass', healthy(env));
      expect((await worker.stop('SIGTERM')).code).toBe(0);
    } finally {
      await redis.stop();
    }
  });

  it('takes no job while PostgreSQL is unreachable, and consumes again once it answers', async () => {
    const pending = await createTestDatabase('worker_pg_outage');
    await pending.drop(); // "unreachable": the database does not exist until the outage ends
    const env = environment({ DATABASE_URL: pending.url });
    const { process: worker } = await startApp('worker', env);
    running.push(worker);
    const logger = createLogger({ component: 'test', level: 'silent' });
    const redis = createRedisConnection({
      url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
    const queue = new ReviewQueue(redis, env.REDIS_KEY_PREFIX!, logger);
    const inspect = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix: env.REDIS_KEY_PREFIX! });
    try {
      await worker.waitForLog((l) => l.msg === 'pausing the review queue until its dependencies answer');
      await waitFor('worker health to fail', unhealthy(env));
      const jobId = await queue.enqueue({
        version: 1,
        provider: 'github',
        deliveryId: 'pg-outage-1',
        trigger: 'opened',
        repository: { owner: 'acme', name: 'api' },
        pullRequest: { number: 1, headSha: 'a'.repeat(40) },
        receivedAt: new Date().toISOString(),
      });
      await new Promise((r) => setTimeout(r, 3000));
      // Not taken, not even to be handed back failed: no attempt burned (review-consumer.test.ts has the races).
      expect(await inspect.getJobState(jobId)).toBe('waiting');
      expect((await inspect.getJob(jobId))?.attemptsMade).toBe(0);

      await migrate(pending.url, logger);
      await waitFor('worker health to pass', healthy(env));
      await waitFor('the job to be taken', async () =>
        (await inspect.getJobState(jobId)) !== 'waiting' ? true : undefined,
      );
      expect((await worker.stop('SIGTERM')).code).toBe(0);
    } finally {
      await inspect.obliterate({ force: true });
      await inspect.close();
      await queue.close();
      await new RedisDependency(redis).close();
      await pending.drop();
    }
  });

  it('refuses a wrong COMPONENT_TYPE with exit code 78, before it loads the rest of the worker', async () => {
    const probe = loadedPackagesProbe(['@nestjs/core', 'bullmq', 'ai']);
    const { process: worker } = await startApp('worker', {
      ...environment({ COMPONENT_TYPE: 'api' }),
      ...probe.env,
    });
    running.push(worker);
    expect((await worker.exit()).code).toBe(78);
    expect(worker.stderr).toContain('refusing to start (set COMPONENT_TYPE=worker)');
    expect(probe.loaded(worker.stderr)).toEqual([]);
  });

  it.each([
    ['unreadable', undefined, /cannot be read \(ENOENT\)/],
    ['invalid', '{"gpt-4o-mini": {"input": "sk-in-the-price-file"}}', /is invalid: gpt-4o-mini\.input: /],
  ])('refuses an %s LLM_PRICES_FILE with exit code 78, naming it', async (_, content, why) => {
    const file = join(scratch, `${Math.random().toString(36).slice(2)}.prices.json`);
    if (content !== undefined) writeFileSync(file, content);
    const { process: worker } = await startApp(
      'worker',
      environment({
        LLM_PROVIDER: 'openai',
        LLM_MODEL: 'gpt-4o-mini',
        LLM_API_KEY: 'sk-test-lifecycle-0123456789abcdefghij',
        LLM_PRICES_FILE: file,
      }),
    );
    running.push(worker);
    expect((await worker.exit()).code).toBe(78);
    expect(worker.stderr).toContain(`Invalid worker configuration: LLM_PRICES_FILE ${file} `);
    expect(worker.stderr).toMatch(why);
    expect(worker.stderr).not.toMatch(/sk-/);
  });
});
