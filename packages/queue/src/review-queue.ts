import { Queue } from 'bullmq';
import type { Logger } from '@kodus/logger';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES } from './queues';
import { type AnyReviewJob, type ReviewJob, reviewJobId, upgradeReviewJob } from './review-job';

/** Thrown when Redis cannot take a job right now; the HTTP layer answers 503 and the provider retries. */
export class QueueUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the review queue is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'QueueUnavailableError';
  }
}

/** The job breaks the contract (reviewJobSchema, or a version 1 job that cannot be upgraded); the HTTP layer answers 400. */
export class InvalidReviewJobError extends Error {
  constructor(readonly problems: string) {
    super(`invalid review job: ${problems}`);
    this.name = 'InvalidReviewJobError';
  }
}

/** The job states the API reports counts for. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** Retry schedule for transient failures: 5 attempts, 5 s then doubling (5, 10, 20, 40 s). */
export const REVIEW_JOB_ATTEMPTS = 5;
export const REVIEW_JOB_BACKOFF_MS = 5000;

/** How long a producer waits for Redis to accept a job before it reports the queue unavailable. */
const ADD_TIMEOUT_MS = 3000;
const RETRY_PAUSE_MS = 100;

/** Producer side of the review queue. */
export class ReviewQueue {
  private queue: Queue;
  /**
   * The connection fails a command Redis does not answer within the add's deadline (a producer's
   * `commandTimeout`, createRedisConnection): adds need no timer of their own.
   */
  private readonly commandsBounded: boolean;
  /** Whether this turn's writes are held (coalesceWritesOfThisTurn). */
  private corked = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    this.queue = this.createQueue();
    const timeout = redis.options.commandTimeout;
    this.commandsBounded = typeof timeout === 'number' && timeout > 0 && timeout <= ADD_TIMEOUT_MS;
  }

  private createQueue(): Queue {
    const queue = new Queue(QUEUE_NAMES.reviews, {
      connection: this.redis,
      prefix: this.prefix,
      defaultJobOptions: {
        attempts: REVIEW_JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: REVIEW_JOB_BACKOFF_MS },
        // Completed jobs stay a week (bounded), so a redelivery of a reviewed delivery finds its job and
        // adds nothing. Jobs that failed for good are removed at once: their outcome is recorded on the
        // review in PostgreSQL, and a redelivery of the same delivery then gets a fresh run.
        removeOnComplete: { age: 7 * 24 * 3600, count: 10000 },
        removeOnFail: true,
      },
    });
    queue.on('error', (error: Error) => this.logger.debug({ err: error }, 'review queue error'));
    return queue;
  }

  /**
   * Stores the job in Redis and resolves with its id once Redis has it. Adding the same delivery again
   * returns the same id and stores nothing new.
   */
  async enqueue(job: AnyReviewJob): Promise<string> {
    // A version 1 job (the delivery-log sweeper re-enqueuing an old record) goes in as version 2.
    const parsed = upgradeReviewJob(job);
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
          this.coalesceWritesOfThisTurn();
          // A retry gets only what is left of the deadline; a first add, the connection's command timeout.
          await (this.commandsBounded && lastError === undefined
            ? this.queue.add('review', data, { jobId })
            : this.addWithin(data, jobId, deadline - Date.now()));
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
   * Holds the connection's writes until the event loop's next check phase, so the adds of all the
   * deliveries handled in one loop turn reach Redis in one `writev` instead of one socket write each
   * (a loopback write costs tens of µs under load: bench/webhook-ingest.mjs). Commands and their order
   * are unchanged; only the flush waits for the end of the turn (no timer, no added round trip).
   */
  private coalesceWritesOfThisTurn(): void {
    if (this.corked) return;
    const stream = this.redis.stream;
    stream.cork();
    this.corked = true;
    setImmediate(() => {
      this.corked = false;
      stream.uncork();
    });
  }

  /** A retry, or a connection without a command timeout (a consumer's): the add is raced against the deadline. */
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

  /**
   * Enqueues a job recorded elsewhere (the delivery log) under its own id; `enqueue` validates it
   * against the contract, so anything else is refused with {@link InvalidReviewJobError}.
   */
  requeue(data: unknown): Promise<string> {
    return this.enqueue(data as ReviewJob);
  }

  /**
   * Removes the job if Redis holds it and no worker has taken it: after an add that failed without an
   * answer (Redis stalled past the deadline), the add may still run. Sent after it on the same connection,
   * this runs after it too, so nothing is left queued. Not awaited for its answer by callers that answer at
   * once; rejects while Redis is unreachable.
   */
  async withdraw(jobId: string): Promise<void> {
    if (this.redis.status !== 'ready')
      throw new QueueUnavailableError(new Error(`redis ${this.redis.status}`));
    await this.queue.remove(jobId);
  }

  /** Whether Redis holds the job in any state (waiting, active, delayed, completed...). */
  async holds(jobId: string): Promise<boolean> {
    if (this.redis.status !== 'ready')
      throw new QueueUnavailableError(new Error(`redis ${this.redis.status}`));
    return (await this.queue.getJobState(jobId)) !== 'unknown';
  }

  /** Job counts by state, for the API's queue status; QueueUnavailableError while Redis is down. */
  async counts(): Promise<Record<QueueState, number>> {
    if (this.redis.status !== 'ready')
      throw new QueueUnavailableError(new Error(`redis ${this.redis.status}`));
    try {
      const counts = await this.queue.getJobCounts(...QUEUE_STATES);
      return Object.fromEntries(QUEUE_STATES.map((state) => [state, counts[state] ?? 0])) as Record<
        QueueState,
        number
      >;
    } catch (error) {
      throw new QueueUnavailableError(error);
    }
  }

  /**
   * A separate BullMQ handle on the same queue for an operator's dashboard (Bull Board), so what it does
   * cannot disturb the producer's own handle.
   */
  openForDashboard(): Queue {
    const queue = new Queue(QUEUE_NAMES.reviews, { connection: this.redis, prefix: this.prefix });
    queue.on('error', (error: Error) => this.logger.debug({ err: error }, 'dashboard queue error'));
    return queue;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
