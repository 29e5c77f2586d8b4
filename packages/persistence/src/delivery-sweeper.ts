import type { Logger } from '@kodus/logger';
import type { DeliveryLog } from './delivery-log';

/** What the sweeper needs of the review queue (`ReviewQueue` from @kodus/queue fits). */
export interface RecoverableQueue {
  /** Whether Redis still holds the job, in any state; rejects while Redis is unreachable. */
  holds(jobId: string): Promise<boolean>;
  /** Enqueues a recorded job again under its own id (so BullMQ's id dedupe holds); validates it. */
  requeue(job: unknown): Promise<string>;
}

export interface DeliverySweeperOptions {
  log: DeliveryLog;
  queue: RecoverableQueue;
  logger: Logger;
  /** A delivery younger than this may still be on its way into Redis: left alone. */
  graceMs?: number;
  everyMs?: number;
  /** Deliveries looked at per sweep. */
  batch?: number;
  /** An unsettled delivery older than this is given up (logged), not re-enqueued. */
  maxAgeMs?: number;
  /** Settled deliveries are forgotten after this. */
  retentionMs?: number;
}

export interface SweepResult {
  requeued: number;
  reviewed: number;
  inRedis: number;
  expired: number;
  invalid: number;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The worker's half of at-least-once webhook delivery: a delivery the webhook-handler recorded, whose
 * review has not finished and whose job Redis no longer holds (Redis restarted without persistence,
 * evicted it), is enqueued again with the same job id. Several workers may sweep at once: the same job
 * id stores one job, and a head already reviewed is not posted twice.
 */
export class DeliverySweeper {
  private readonly graceMs: number;
  private readonly everyMs: number;
  private readonly batch: number;
  private readonly maxAgeMs: number;
  private readonly retentionMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  /** Where the next sweep continues, so a backlog longer than a batch is looked at in full. */
  private after: { recordedAt: Date; jobId: string } | undefined;

  constructor(private readonly options: DeliverySweeperOptions) {
    this.graceMs = options.graceMs ?? 60000;
    this.everyMs = options.everyMs ?? 30000;
    this.batch = options.batch ?? 200;
    this.maxAgeMs = options.maxAgeMs ?? 7 * DAY_MS;
    this.retentionMs = options.retentionMs ?? 7 * DAY_MS;
  }

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error: unknown) =>
          // PostgreSQL or Redis away: the next sweep tries again.
          this.options.logger.debug({ err: error }, 'delivery sweep did not finish'),
        )
        .finally(() => (this.running = undefined));
    }, this.everyMs);
    this.timer.unref();
  }

  /** Stops sweeping and waits for a sweep in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async sweep(): Promise<SweepResult> {
    const { log, queue, logger } = this.options;
    const result: SweepResult = { requeued: 0, reviewed: 0, inRedis: 0, expired: 0, invalid: 0 };
    const candidates = await log.unsettled(this.graceMs, this.batch, this.after);
    const last = candidates.at(-1);
    // A short page means the end of the log: the next sweep starts over from the oldest.
    this.after = candidates.length < this.batch || last === undefined ? undefined : last;
    const reviewed = candidates.filter((d) => d.reviewFinished).map((d) => d.jobId);
    await log.settle(reviewed, 'reviewed');
    result.reviewed = reviewed.length;
    const tooOld = Date.now() - this.maxAgeMs;
    for (const delivery of candidates.filter((d) => !d.reviewFinished)) {
      if (delivery.recordedAt.getTime() < tooOld) {
        logger.warn(
          { jobId: delivery.jobId },
          'delivery never reviewed and too old to re-enqueue; giving up',
        );
        await log.settle([delivery.jobId], 'expired');
        result.expired++;
        continue;
      }
      if (await queue.holds(delivery.jobId)) {
        result.inRedis++;
        continue;
      }
      try {
        await queue.requeue(delivery.job);
      } catch (error) {
        if ((error as Error).name !== 'InvalidReviewJobError') throw error;
        logger.error({ jobId: delivery.jobId, err: error }, 'recorded delivery is not a valid job; dropped');
        await log.settle([delivery.jobId], 'invalid');
        result.invalid++;
        continue;
      }
      await log.markRequeued(delivery.jobId);
      logger.warn(
        { jobId: delivery.jobId, provider: delivery.provider, deliveryId: delivery.deliveryId },
        'review job was lost from Redis; re-enqueued from the delivery log',
      );
      result.requeued++;
    }
    await log.prune(this.retentionMs);
    return result;
  }
}
