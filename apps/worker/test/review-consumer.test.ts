import 'reflect-metadata';
import { loadConfig } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import {
  createRedisConnection,
  QUEUE_NAMES,
  type Redis,
  RedisDependency,
  RetryLaterError,
  type ReviewJobV1,
  ReviewQueue,
  ReviewQueueMetrics,
} from '@kodus/queue';
import type { Attempt, ReviewOutcome, ReviewPipeline } from '@kodus/review-pipeline';
import type { Dependency } from '@kodus/runtime';
import { testSecrets, uniquePrefix, waitFor } from '@kodus/test-helpers';
import { Queue } from 'bullmq';
import { ReviewConsumer } from '../src/review.consumer';

const logger = createLogger({ component: 'test', level: 'silent' });

/** Long enough for a job that can reach the worker to reach it (it does within milliseconds). */
const SETTLE_MS = 1000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the consumer uses of the pipeline: runs are counted; a drain's abandoned work is held by the test. */
class PipelineDouble {
  readonly runs: unknown[] = [];
  /** Interrupted attempts whose work has not unwound yet (ReviewPipeline.overdueReviews). */
  abandoned = 0;
  /** When set, a run waits for its signal, and then leaves its work running until `unwind()`. */
  hang = false;

  run(data: unknown, attempt: Attempt): Promise<ReviewOutcome> {
    this.runs.push(data);
    if (!this.hang) return Promise.resolve({ status: 'unchanged', reviewId: String(this.runs.length) });
    return new Promise((_, reject) => {
      attempt.signal?.addEventListener('abort', () => {
        this.abandoned += 1;
        reject(new RetryLaterError('interrupted', 1000));
      });
    });
  }

  unwind(): void {
    this.abandoned = 0;
  }

  recordFinalFailure(): Promise<void> {
    return Promise.resolve();
  }

  overdueReviews(): number {
    return this.abandoned;
  }
}

/** PostgreSQL as the gate sees it: answering, refusing, or not answering at all (a half-open connection). */
class PostgresDouble implements Dependency {
  readonly name = 'postgres';
  state: 'up' | 'down' | 'hung' = 'up';

  check(): Promise<void> {
    if (this.state === 'up') return Promise.resolve();
    if (this.state === 'down') return Promise.reject(new Error('connect ECONNREFUSED'));
    return new Promise(() => undefined);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('ReviewConsumer dependency gate and drain', () => {
  let redis: Redis;
  let prefix: string;
  let queue: ReviewQueue;
  let inspect: Queue;
  let pipeline: PipelineDouble;
  let postgres: PostgresDouble;
  let consumer: ReviewConsumer | undefined;

  beforeAll(async () => {
    redis = createRedisConnection({
      url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      connectionName: 'kodus-test',
      role: 'consumer',
      logger,
    });
    await waitFor('Redis', () => (redis.status === 'ready' ? true : undefined));
  });
  beforeEach(() => {
    prefix = uniquePrefix('consumer');
    queue = new ReviewQueue(redis, prefix, logger);
    inspect = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
    pipeline = new PipelineDouble();
    postgres = new PostgresDouble();
  });
  afterEach(async () => {
    pipeline.unwind();
    await consumer?.onModuleDestroy();
    consumer = undefined;
    await inspect.obliterate({ force: true });
    await inspect.close();
    await queue.close();
  });
  afterAll(async () => {
    await new RedisDependency(redis).close();
  });

  function start(): ReviewConsumer {
    const config = loadConfig('worker', {
      ...testSecrets(),
      COMPONENT_TYPE: 'worker',
      REDIS_KEY_PREFIX: prefix,
      SHUTDOWN_TIMEOUT_MS: '10000',
    });
    const metrics = new ReviewQueueMetrics(() => queue.counts());
    consumer = new ReviewConsumer(
      config,
      logger,
      redis,
      pipeline as unknown as ReviewPipeline,
      [postgres],
      metrics,
    );
    consumer.onApplicationBootstrap();
    return consumer;
  }

  let nextDelivery = 1;
  function enqueue(): Promise<string> {
    const job: ReviewJobV1 = {
      version: 1,
      provider: 'github',
      deliveryId: `consumer-${nextDelivery++}`,
      trigger: 'opened',
      repository: { owner: 'acme', name: 'api' },
      pullRequest: { number: 1, headSha: 'a'.repeat(40) },
      receivedAt: new Date().toISOString(),
    };
    return queue.enqueue(job);
  }

  it('takes no job before its first dependency check has answered', async () => {
    postgres.state = 'hung'; // the first check takes its whole 2 s timeout
    const worker = start();
    const jobId = await enqueue();
    await pause(SETTLE_MS);
    expect(pipeline.runs).toHaveLength(0);
    expect(await inspect.getJobState(jobId)).toBe('waiting');
    expect(worker.isConsuming()).toBe(false);

    postgres.state = 'up';
    await waitFor('the job to be reviewed', () => (pipeline.runs.length === 1 ? true : undefined));
    expect(worker.isConsuming()).toBe(true);
  });

  it('hands back, untouched, a job that reaches it after PostgreSQL stopped answering', async () => {
    const worker = start();
    await waitFor('the worker to consume', () => (worker.isConsuming() ? true : undefined));
    // Idle: BullMQ now waits in Redis for the next job, a wait its pause does not end.
    await pause(200);
    postgres.state = 'down';
    await waitFor('the gate to close', () => (worker.isConsuming() ? undefined : true));
    const jobId = await enqueue();
    await pause(SETTLE_MS);
    expect(pipeline.runs).toHaveLength(0);
    expect(await inspect.getJobState(jobId)).toBe('waiting');
    expect((await inspect.getJob(jobId))?.attemptsMade).toBe(0);

    postgres.state = 'up';
    await waitFor('the job to be reviewed', () => (pipeline.runs.length === 1 ? true : undefined));
    await waitFor('the job to complete', async () =>
      (await inspect.getJobState(jobId)) === 'completed' ? true : undefined,
    );
  });

  it('a drain returns only once the interrupted reviews have unwound (PostgreSQL still open for them)', async () => {
    pipeline.hang = true;
    start();
    const jobId = await enqueue();
    await waitFor('the review in flight', () => (pipeline.runs.length === 1 ? true : undefined));

    let drained = false;
    const drain = consumer!.onModuleDestroy().then(() => (drained = true));
    await waitFor('the interrupted job to be handed back', async () =>
      (await inspect.getJobState(jobId)) === 'delayed' ? true : undefined,
    );
    await pause(300);
    expect(drained).toBe(false);

    pipeline.unwind();
    await drain;
    expect(drained).toBe(true);
    consumer = undefined;
  });
});
