import { Queue } from 'bullmq';
import type { Logger } from '@kodus/logger';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES } from './queues';
import { type ReviewJob, reviewJobId, reviewJobSchema } from './review-job';

/** Thrown when Redis cannot take a job right now; the HTTP layer answers 503 and the provider retries. */
export class QueueUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the review queue is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'QueueUnavailableError';
  }
}

/** The job breaks the contract (reviewJobSchema); the HTTP layer answers 400. */
export class InvalidReviewJobError extends Error {
  constructor(readonly problems: string) {
    super(`invalid review job: ${problems}`);
    this.name = 'InvalidReviewJobError';
  }
}

/** Retry schedule for transient failures: 5 attempts, 5 s then doubling (5, 10, 20, 40 s). */
export const REVIEW_JOB_ATTEMPTS = 5;
export const REVIEW_JOB_BACKOFF_MS = 5000;

/** How long a producer waits for Redis to accept a job before it reports the queue unavailable. */
const ADD_TIMEOUT_MS = 3000;
const RETRY_PAUSE_MS = 100;

/** Producer side of the review queue. */
export class ReviewQueue {
  private queue: Queue;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    this.queue = this.createQueue();
  }

  private createQueue(): Queue {
    const queue = new Queue(QUEUE_NAMES.reviews, {
      connection: this.redis,
      prefix: this.prefix,
      defaultJobOptions: {
        attempts: REVIEW_JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: REVIEW_JOB_BACKOFF_MS },
        // Bounded retention: enough to dedupe redeliveries for a week and to inspect failures.
        removeOnComplete: { age: 7 * 24 * 3600, count: 10000 },
        removeOnFail: { age: 30 * 24 * 3600, count: 10000 },
      },
    });
    queue.on('error', (error: Error) => this.logger.debug({ err: error }, 'review queue error'));
    return queue;
  }

  /**
   * Stores the job in Redis and resolves with its id once Redis has it. Adding the same delivery again
   * returns the same id and stores nothing new.
   */
  async enqueue(job: ReviewJob): Promise<string> {
    const parsed = reviewJobSchema.safeParse(job);
    if (!parsed.success) {
      throw new InvalidReviewJobError(
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    }
    const data = parsed.data;
    const jobId = reviewJobId(data);
    // Redis down right now: answer at once, so the HTTP layer can say 503 without waiting.
    if (this.redis.status !== 'ready')
      throw new QueueUnavailableError(new Error(`redis ${this.redis.status}`));
    const deadline = Date.now() + ADD_TIMEOUT_MS;
    // Adding the same job id twice stores one job, so a failed attempt can be retried safely: it covers
    // the moments around a reconnect, when a command can fail although the connection looked up.
    let lastError: unknown;
    for (;;) {
      if (this.redis.status === 'ready') {
        try {
          // The failed-set check runs alongside the add: the answer is the state before this delivery.
          const [failedBefore] = await Promise.all([
            this.failedScore(jobId),
            this.addWithin(data, jobId, deadline - Date.now()),
          ]);
          if (failedBefore !== null) await this.retryIfFailed(jobId);
          return jobId;
        } catch (error) {
          lastError = error;
          // BullMQ keeps a failed connection state inside the Queue object after a Redis restart; a
          // fresh one (over the same, reconnected client) picks the connection up again.
          const broken = this.queue;
          this.queue = this.createQueue();
          void broken.close().catch(() => undefined);
        }
      }
      if (Date.now() + RETRY_PAUSE_MS >= deadline) {
        throw new QueueUnavailableError(lastError ?? new Error(`redis ${this.redis.status}`));
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    }
  }

  /**
   * Adding a job id that exists returns the existing job. When that job failed for good (its retries
   * spent during an outage, say), a redelivery of the same delivery gives it another run instead of
   * silently doing nothing.
   */
  private failedScore(jobId: string): Promise<string | null> {
    // One cheap ZSCORE on the hot path; the job itself is only loaded when it did fail.
    return this.redis.zscore(`${this.prefix}:${QUEUE_NAMES.reviews}:failed`, jobId);
  }

  private async retryIfFailed(jobId: string): Promise<void> {
    const existing = await this.queue.getJob(jobId);
    if (existing !== undefined && (await existing.isFailed())) await existing.retry('failed');
  }

  private async addWithin(data: ReviewJob, jobId: string, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.queue.add('review', data, { jobId }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${ADD_TIMEOUT_MS} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Job counts by state, for the API's queue status. */
  counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
