import { createLogger } from '@kodus/logger';
import { PrivateRedis, uniquePrefix, untilReady, waitFor } from '@kodus/test-helpers';
import { Queue } from 'bullmq';
import { Redis as PlainRedis } from 'ioredis';
import {
  Consumer,
  createRedisConnection,
  InvalidReviewJobError,
  PermanentJobError,
  PRODUCER_COMMAND_TIMEOUT_MS,
  QUEUE_NAMES,
  QueueUnavailableError,
  type Redis,
  RedisDependency,
  type ReviewJob,
  ReviewQueue,
} from '../src';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ component: 'test', level: 'silent' });

function job(deliveryId: string): ReviewJob {
  return {
    version: 2,
    provider: 'github',
    deliveryId,
    trigger: 'opened',
    repository: { provider: 'github', owner: 'acme', name: 'api' },
    pullRequest: { number: 7, headSha: 'a'.repeat(40) },
    receivedAt: new Date().toISOString(),
  };
}

describe('ReviewQueue', () => {
  const prefix = uniquePrefix('review-queue');
  let redis: Redis;
  let reviews: ReviewQueue;
  let inspect: Queue;

  beforeAll(async () => {
    redis = createRedisConnection({ url: REDIS_URL, connectionName: 'kodus-test', role: 'producer', logger });
    await untilReady(redis);
    reviews = new ReviewQueue(redis, prefix, logger);
    inspect = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
  });
  afterAll(async () => {
    await inspect.obliterate({ force: true });
    await inspect.close();
    await reviews.close();
    await new RedisDependency(redis).close();
  });

  it('stores one job per delivery, however often it is enqueued', async () => {
    const id = await reviews.enqueue(job('72d3162e-cc78-11e3-81ab-4c9367dc0958'));
    expect(id).toBe('github-72d3162e-cc78-11e3-81ab-4c9367dc0958');
    expect(await reviews.enqueue(job('72d3162e-cc78-11e3-81ab-4c9367dc0958'))).toBe(id);
    expect(await reviews.enqueue(job('72d3162e-cc78-11e3-81ab-4c9367dc0958'))).toBe(id);
    expect(await inspect.getJobCounts('waiting')).toEqual({ waiting: 1 });
    const stored = await inspect.getJob(id);
    expect(stored?.data).toMatchObject({
      deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      pullRequest: { number: 7 },
    });
    expect(stored?.opts.attempts).toBe(5);
    expect(stored?.opts.removeOnFail).toBe(true);
    expect(stored?.opts.backoff).toEqual({ type: 'exponential', delay: 5000 });
  });

  it('takes a version 1 job (the delivery log re-enqueuing an old record) and stores it as version 2, same id', async () => {
    const v1 = {
      version: 1 as const,
      provider: 'github' as const,
      deliveryId: 'old-shape-1',
      trigger: 'synchronize' as const,
      repository: { owner: 'acme', name: 'api' },
      pullRequest: { number: 7, headSha: 'a'.repeat(40) },
      installationId: 77,
      receivedAt: new Date().toISOString(),
    };
    const id = await reviews.enqueue(v1);
    expect(id).toBe('github-old-shape-1');
    expect((await inspect.getJob(id))?.data).toMatchObject({
      version: 2,
      trigger: 'updated',
      repository: { provider: 'github', owner: 'acme', name: 'api' },
      githubInstallationId: 77,
    });
  });

  it('refuses a job that breaks the contract', async () => {
    await expect(reviews.enqueue({ ...job('x'), deliveryId: 'has spaces and: colons' })).rejects.toThrow(
      /deliveryId/,
    );
    await expect(reviews.enqueue({ ...job('y'), pullRequest: { number: -1 } })).rejects.toThrow();
  });

  it('reports the queue unavailable, quickly, while Redis is down', async () => {
    const server = await PrivateRedis.start();
    const connection = createRedisConnection({
      url: server.url,
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
    await untilReady(connection);
    const queue = new ReviewQueue(connection, uniquePrefix('down'), logger);
    try {
      await server.stop();
      await expect(queue.enqueue(job('down-1'))).rejects.toBeInstanceOf(QueueUnavailableError);
      await server.resume();
      await untilReady(connection);
      await expect(queue.enqueue(job('down-2'))).resolves.toBe('github-down-2');
    } finally {
      await queue.close();
      await new RedisDependency(connection).close();
      await server.stop();
    }
  });
});

describe('ReviewQueue on a producer connection', () => {
  it('reports the queue unavailable when Redis stops answering, and takes jobs again once it answers', async () => {
    // A private server: pausing the shared one would stall every other test.
    const server = await PrivateRedis.start();
    const connection = createRedisConnection({
      url: server.url,
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
    const admin = new PlainRedis(server.url);
    await untilReady(connection);
    const queue = new ReviewQueue(connection, uniquePrefix('paused'), logger);
    try {
      expect(connection.options.commandTimeout).toBe(PRODUCER_COMMAND_TIMEOUT_MS);
      // Connected but silent (a paused or overloaded server): writes wait far longer than the add may.
      await admin.call('CLIENT', 'PAUSE', '60000', 'WRITE');
      await expect(queue.enqueue(job('paused-1'))).rejects.toBeInstanceOf(QueueUnavailableError);
      await admin.call('CLIENT', 'UNPAUSE');
      await expect(queue.enqueue(job('paused-2'))).resolves.toBe('github-paused-2');
    } finally {
      await admin.call('CLIENT', 'UNPAUSE').catch(() => undefined);
      admin.disconnect();
      await queue.close();
      await new RedisDependency(connection).close();
      await server.stop();
    }
  }, 30_000);

  it('reports the queue unavailable while Redis is down, and takes jobs again once it is back', async () => {
    const server = await PrivateRedis.start();
    const connection = createRedisConnection({
      url: server.url,
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
    await untilReady(connection);
    const queue = new ReviewQueue(connection, uniquePrefix('killed'), logger);
    try {
      await expect(queue.enqueue(job('before'))).resolves.toBe('github-before');
      await server.stop();
      const during = await Promise.allSettled([1, 2, 3].map((i) => queue.enqueue(job(`down-${i}`))));
      for (const outcome of during) {
        expect(outcome.status === 'rejected' && outcome.reason instanceof QueueUnavailableError).toBe(true);
      }
      await server.resume();
      await untilReady(connection);
      await expect(queue.enqueue(job('after'))).resolves.toBe('github-after');
    } finally {
      await queue.close();
      await new RedisDependency(connection).close();
      await server.stop();
    }
  }, 30_000);

  it('stores each of many concurrent enqueues once and answers each its own id', async () => {
    const prefix = uniquePrefix('concurrent');
    const connection = createRedisConnection({
      url: REDIS_URL,
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
    await untilReady(connection);
    const reviews = new ReviewQueue(connection, prefix, logger);
    const inspect = new Queue(QUEUE_NAMES.reviews, { connection, prefix });
    try {
      const deliveries = Array.from({ length: 60 }, (_, i) => `concurrent-${i % 40}`);
      const ids = await Promise.all(deliveries.map((d) => reviews.enqueue(job(d))));
      expect(ids).toEqual(deliveries.map((d) => `github-${d}`));
      expect(await inspect.getJobCounts('waiting')).toEqual({ waiting: 40 });
      // The adds of one event-loop turn leave in one write: the socket is held until the turn ends.
      const stream = connection.stream;
      const turn = [reviews.enqueue(job('one-turn-1')), reviews.enqueue(job('one-turn-2'))];
      expect(stream.writableCorked).toBe(1);
      expect(await Promise.all(turn)).toEqual(['github-one-turn-1', 'github-one-turn-2']);
      expect(stream.writableCorked).toBe(0);
      expect(await inspect.getJobCounts('waiting')).toEqual({ waiting: 42 });
    } finally {
      await inspect.obliterate({ force: true });
      await inspect.close();
      await reviews.close();
      await new RedisDependency(connection).close();
    }
  });
});

describe('ReviewQueue redelivery of a failed job', () => {
  it('gives a job that failed for good another run when its delivery comes again', async () => {
    const prefix = uniquePrefix('redeliver');
    const redis = createRedisConnection({
      url: REDIS_URL,
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
    await untilReady(redis);
    const reviews = new ReviewQueue(redis, prefix, logger);
    const inspect = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
    try {
      const id = await reviews.enqueue(job('failed-once'));
      // A worker fails it for good, as after its attempts are spent during an outage.
      const consumerRedis = createRedisConnection({
        url: REDIS_URL,
        connectionName: 'kodus-test',
        role: 'consumer',
        logger,
      });
      const consumer = new Consumer({
        queue: QUEUE_NAMES.reviews,
        redis: consumerRedis,
        prefix,
        concurrency: 1,
        logger,
        process: async () => {
          throw new PermanentJobError('postgres was down');
        },
      });
      // Failed for good: removed from Redis (the review row in PostgreSQL keeps the outcome).
      await waitFor('the job to fail and be removed', async () =>
        (await inspect.getJobState(id)) === 'unknown' ? true : undefined,
      );
      await consumer.close();
      await new RedisDependency(consumerRedis).close();
      expect(await reviews.enqueue(job('failed-once'))).toBe(id);
      expect(await inspect.getJobState(id)).toBe('waiting');
      expect(await inspect.count()).toBe(1);
    } finally {
      await inspect.obliterate({ force: true });
      await inspect.close();
      await reviews.close();
      await new RedisDependency(redis).close();
    }
  });

  it('refuses a job that breaks the contract with InvalidReviewJobError', async () => {
    const redis = createRedisConnection({
      url: REDIS_URL,
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
    await untilReady(redis);
    const reviews = new ReviewQueue(redis, uniquePrefix('invalid'), logger);
    try {
      await expect(
        reviews.enqueue({ ...job('bad'), pullRequest: { number: 7, headSha: 'NOTHEX' } }),
      ).rejects.toBeInstanceOf(InvalidReviewJobError);
      await expect(
        reviews.enqueue({ ...job('big'), pullRequest: { number: 2 ** 31 } }),
      ).rejects.toBeInstanceOf(InvalidReviewJobError);
    } finally {
      await reviews.close();
      await new RedisDependency(redis).close();
    }
  });
});
