import { createLogger } from '@kodus/logger';
import { uniquePrefix, untilReady, waitFor } from '@kodus/test-helpers';
import { Queue, Worker } from 'bullmq';
import {
  Consumer,
  createRedisConnection,
  PermanentJobError,
  QUEUE_NAMES,
  type Redis,
  RedisDependency,
  RetryLaterError,
} from '../src';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ component: 'test', level: 'silent' });

describe('Consumer', () => {
  let redis: Redis;
  let queue: Queue;
  const prefix = uniquePrefix('queue');

  beforeAll(() => {
    redis = createRedisConnection({ url: REDIS_URL, connectionName: 'kodus-test', role: 'consumer', logger });
    queue = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await new RedisDependency(redis).close();
  });

  it('consumes jobs and, on close, waits for the job in flight', async () => {
    const finished: string[] = [];
    const consumer = new Consumer<{ n: number }, number>({
      queue: QUEUE_NAMES.reviews,
      redis,
      prefix,
      concurrency: 1,
      logger,
      process: async (job) => {
        await new Promise((r) => setTimeout(r, 500));
        finished.push(String(job.id));
        return job.data.n * 2;
      },
    });
    await waitFor('the consumer to run', () => (consumer.isConsuming() ? true : undefined));
    const job = await queue.add('review', { n: 21 }, { jobId: 'delivery-1' });
    await waitFor('the job to start', async () => ((await job.isActive()) ? true : undefined));
    await consumer.close();
    expect(finished).toEqual(['delivery-1']);
    expect(consumer.isConsuming()).toBe(false);
    expect(await queue.getJobState('delivery-1')).toBe('completed');
    expect((await queue.getJob('delivery-1'))?.returnvalue).toBe(42);
  });

  it('runs a burst never more jobs at once than its concurrency; pause holds until resume', async () => {
    let running = 0;
    let mostRunning = 0;
    const done: string[] = [];
    const consumer = new Consumer<{ n: number }, number>({
      queue: QUEUE_NAMES.reviews,
      redis,
      prefix,
      concurrency: 12,
      logger,
      process: async (job) => {
        running++;
        mostRunning = Math.max(mostRunning, running);
        await new Promise((r) => setTimeout(r, 300));
        running--;
        done.push(String(job.id));
        return job.data.n;
      },
    });
    await waitFor('the consumer to run', () => (consumer.isConsuming() ? true : undefined));
    await queue.addBulk(
      Array.from({ length: 30 }, (_, n) => ({ name: 'review', data: { n }, opts: { jobId: `burst-${n}` } })),
    );
    await waitFor('every slot busy', () => (running === 12 ? true : undefined));
    await consumer.pause();
    expect(consumer.paused).toBe(true);
    expect(consumer.isConsuming()).toBe(false);
    await waitFor('the jobs in flight to finish', () => (running === 0 ? true : undefined));
    const afterPause = done.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(done.length).toBe(afterPause); // no job taken while paused
    consumer.resume();
    await waitFor('every job done', () => (done.length === 30 ? true : undefined), { timeoutMs: 10000 });
    expect(mostRunning).toBe(12);
    await consumer.close();
    expect(consumer.isConsuming()).toBe(false);
  });
});

describe('Consumer final failures', () => {
  it('reports a job that failed for good, once, with its error', async () => {
    const prefix = uniquePrefix('final');
    const redis = createRedisConnection({
      url: REDIS_URL,
      connectionName: 'kodus-test',
      role: 'consumer',
      logger,
    });
    const queue = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
    const finals: string[] = [];
    const consumer = new Consumer({
      queue: QUEUE_NAMES.reviews,
      redis,
      prefix,
      concurrency: 1,
      logger,
      process: async (job) => {
        if (job.id === 'permanent') throw new PermanentJobError('no such pull request');
        throw new Error('GitHub answered 502');
      },
      onFinalFailure: async (job, error) => {
        finals.push(`${job.id}: ${error.message}`);
      },
    });
    try {
      await queue.add('review', {}, { jobId: 'permanent', attempts: 5 });
      await queue.add(
        'review',
        {},
        { jobId: 'transient', attempts: 2, backoff: { type: 'fixed', delay: 10 } },
      );
      await waitFor('both jobs to fail for good', () => (finals.length === 2 ? true : undefined));
      expect(finals.sort()).toEqual(['permanent: no such pull request', 'transient: GitHub answered 502']);
    } finally {
      await consumer.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await new RedisDependency(redis).close();
    }
  });
});

describe('Consumer delays', () => {
  it('delays a job that asks to run later without spending an attempt', async () => {
    const prefix = uniquePrefix('later');
    const redis = createRedisConnection({
      url: REDIS_URL,
      connectionName: 'kodus-test',
      role: 'consumer',
      logger,
    });
    const queue = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
    let runs = 0;
    const consumer = new Consumer({
      queue: QUEUE_NAMES.reviews,
      redis,
      prefix,
      concurrency: 1,
      logger,
      process: async () => {
        runs += 1;
        if (runs === 1) throw new RetryLaterError('rate limited', 1000);
        return 'done';
      },
    });
    try {
      await queue.add('review', {}, { jobId: 'limited', attempts: 1 });
      await waitFor('the job to be delayed', async () => {
        const state = await queue.getJobState('limited');
        if (state === 'failed') throw new Error(`failed: ${(await queue.getJob('limited'))?.failedReason}`);
        return state === 'delayed' ? true : undefined;
      });
      await waitFor('the job to complete', async () =>
        (await queue.getJobState('limited')) === 'completed' ? true : undefined,
      );
      const job = await queue.getJob('limited');
      expect(runs).toBe(2);
      expect(job?.attemptsMade).toBeLessThanOrEqual(1);
      expect(job?.returnvalue).toBe('done');
    } finally {
      await consumer.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await new RedisDependency(redis).close();
    }
  });
});

describe('Consumer after a worker died mid-job', () => {
  it("takes a dead worker's job once its lock expired, as soon as a short lock says (not after 30 s)", async () => {
    const prefix = uniquePrefix('queue_stalled');
    const connect = () =>
      createRedisConnection({ url: REDIS_URL, connectionName: 'kodus-test', role: 'consumer', logger });
    const [redis, deadRedis] = [connect(), connect()];
    const queue = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
    // The dead worker, set as a consumer with a 5 s lock sets its BullMQ worker: it holds the job, then
    // stops renewing the lock without finishing it.
    const dead = new Worker(QUEUE_NAMES.reviews, () => new Promise(() => undefined), {
      connection: deadRedis,
      prefix,
      lockDuration: 5_000,
      stalledInterval: 5_000,
    });
    let consumer: Consumer<unknown, string> | undefined;
    try {
      const job = await queue.add('review', {}, { jobId: 'held-1' });
      await waitFor('the dead worker to hold the job', async () =>
        (await job.isActive()) ? true : undefined,
      );
      await dead.close(true);
      const taken: string[] = [];
      consumer = new Consumer<unknown, string>({
        queue: QUEUE_NAMES.reviews,
        redis,
        prefix,
        concurrency: 1,
        logger,
        lockDurationMs: 5_000,
        process: async (j) => {
          taken.push(String(j.id));
          return 'done';
        },
      });
      // BullMQ's default stalled check (every 30 s) would take 30 s or more here.
      await waitFor('the job taken again', () => (taken.length > 0 ? true : undefined), {
        timeoutMs: 25_000,
        intervalMs: 100,
      });
      expect(taken).toEqual(['held-1']);
    } finally {
      await consumer?.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await new RedisDependency(redis).close();
      await new RedisDependency(deadRedis).close();
    }
  }, 40_000);
});

describe('RedisDependency', () => {
  it('is up on a live Redis and down, without waiting, when the connection is not ready', async () => {
    const live = createRedisConnection({
      url: REDIS_URL,
      connectionName: 'kodus-test',
      role: 'consumer',
      logger,
    });
    await untilReady(live);
    await expect(new RedisDependency(live).check()).resolves.toBeUndefined();
    await new RedisDependency(live).close();

    const dead = createRedisConnection({
      url: 'redis://127.0.0.1:1',
      connectionName: 'kodus-test',
      role: 'consumer',
      logger,
    });
    const dependency = new RedisDependency(dead);
    await expect(dependency.check()).rejects.toThrow(/connection (connecting|reconnecting|connect)/);
    await dependency.close();
  });
});
