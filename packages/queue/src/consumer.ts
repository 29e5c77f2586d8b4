import { DelayedError, type Job, type Processor, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from '@kodus/logger';
import type { Redis } from 'ioredis';
import { PermanentJobError } from './permanent-job-error';
import { RetryLaterError } from './retry-later-error';
import type { QueueName } from './queues';

/** BullMQ's own defaults for the job lock and for the stalled-job check. */
const DEFAULT_LOCK_DURATION_MS = 30_000;

export interface ConsumerOptions<Data, Result> {
  queue: QueueName;
  redis: Redis;
  prefix: string;
  concurrency: number;
  logger: Logger;
  process: Processor<Data, Result>;
  /**
   * How long a job's lock lives without renewal (default 30 s). A worker that dies mid-job loses its lock
   * after this, and BullMQ's stalled-job check, run as often, hands the job to another worker: nothing is
   * lost, and it is back within about twice this.
   */
  lockDurationMs?: number;
  /**
   * Called when a job has failed for good (attempts spent, a permanent error, or stalled too often),
   * including failures BullMQ decides without the processor — so the caller can record the outcome.
   */
  onFinalFailure?: (job: Job<Data, Result>, error: Error) => Promise<void>;
  /** Told of every finished attempt (queue-metrics.ts). */
  metrics?: ConsumerMetrics<Result>;
}

/** What a consumer reports per attempt: its result or whether it failed for good, and how long it ran. */
export interface ConsumerMetrics<Result> {
  completed(result: Result, seconds: number): void;
  failed(final: boolean, seconds: number): void;
}

const secondsRunning = (job: Job): number =>
  ((job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())) / 1000;

/** A BullMQ worker on one queue, with the error handling and state an app needs for health and drain. */
export class Consumer<Data = unknown, Result = unknown> {
  private readonly worker: Worker<Data, Result>;
  private readonly redis: Redis;

  constructor(options: ConsumerOptions<Data, Result>) {
    const log = options.logger.child({ queue: options.queue });
    this.redis = options.redis;
    const process: Processor<Data, Result> = async (job, token, signal) => {
      try {
        return await options.process(job, token, signal);
      } catch (error) {
        // BullMQ skips the remaining attempts for an UnrecoverableError.
        if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
        if (error instanceof RetryLaterError && token !== undefined) {
          log.info({ jobId: job.id, delayMs: error.delayMs, reason: error.message }, 'job delayed');
          await job.moveToDelayed(Date.now() + error.delayMs, token);
          throw new DelayedError();
        }
        throw error;
      }
    };
    const lockDuration = options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS;
    this.worker = new Worker<Data, Result>(options.queue, process, {
      connection: options.redis,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration,
      // BullMQ looks for jobs whose lock expired every 30 s by default, whatever the lock's duration: a
      // shorter lock (WORKER_LOCK_DURATION_MS) would not bring a dead worker's jobs back any sooner.
      stalledInterval: Math.min(DEFAULT_LOCK_DURATION_MS, lockDuration),
      autorun: true,
    });
    // Without a listener an 'error' event would crash the process while Redis is down.
    this.worker.on('error', (error: Error) => log.debug({ err: error }, 'queue consumer error'));
    this.worker.on('failed', (job: Job<Data, Result> | undefined, error: Error) => {
      // One line per failure; an expected permanent one (bad data, a 404, no credentials) without a stack.
      const expected = error instanceof UnrecoverableError;
      log.warn(
        {
          jobId: job?.id,
          attemptsMade: job?.attemptsMade,
          ...(expected ? { reason: error.message } : { err: error }),
        },
        'job failed',
      );
      if (job === undefined) return;
      const final =
        error instanceof UnrecoverableError ||
        job.attemptsMade >= (job.opts.attempts ?? 1) ||
        job.finishedOn !== undefined;
      options.metrics?.failed(final, secondsRunning(job));
      if (final && options.onFinalFailure !== undefined) {
        options
          .onFinalFailure(job, error)
          .catch((recordError: unknown) =>
            log.error({ jobId: job.id, err: recordError }, 'could not record the final failure'),
          );
      }
    });
    this.worker.on('completed', (job: Job<Data, Result>, result: Result) => {
      log.info({ jobId: job.id }, 'job completed');
      options.metrics?.completed(result, secondsRunning(job));
    });
  }

  /** True while the worker runs and its Redis connection is up: jobs can reach it. */
  isConsuming(): boolean {
    return this.worker.isRunning() && !this.worker.isPaused() && this.redis.status === 'ready';
  }

  /** Stop taking new jobs for now (the ones in flight go on); `resume()` takes them again. */
  async pause(): Promise<void> {
    if (!this.worker.isPaused()) await this.worker.pause(true);
  }

  resume(): void {
    if (this.worker.isPaused()) this.worker.resume();
  }

  get paused(): boolean {
    return this.worker.isPaused();
  }

  /** Stop taking jobs and wait for the ones in flight to finish. */
  async close(): Promise<void> {
    await this.worker.close();
  }
}
