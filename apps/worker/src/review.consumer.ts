import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { WorkerConfig } from '@kodus/config';
import type { Logger } from '@kodus/logger';
import { Consumer, QUEUE_NAMES, type Redis, type ReviewQueueMetrics } from '@kodus/queue';
import { ReviewInterruptedError, type ReviewOutcome, ReviewPipeline } from '@kodus/review-pipeline';
import { checkDependency, CONFIG, type Dependency, LOGGER } from '@kodus/runtime';
import { type Job, WaitingError } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';

export const REDIS = Symbol('kodus.worker.redis');
/** Dependencies a review cannot run without besides Redis (PostgreSQL): while one is down, no job is taken. */
export const REQUIRED = Symbol('kodus.worker.required');
/** The review queue's metrics (served on WORKER_METRICS_PORT), told of every attempt. */
export const QUEUE_METRICS = Symbol('kodus.worker.queue-metrics');
const GATE_INTERVAL_MS = 2000;
/** How often a drain looks whether the interrupted reviews' abandoned work has let go (its head lease). */
const SETTLE_POLL_MS = 50;
/**
 * Shares of SHUTDOWN_TIMEOUT_MS in a drain: the reviews in flight may finish within the first; those still
 * running are then interrupted, and their abandoned work may unwind within the second. The rest is left to
 * close Redis and PostgreSQL.
 */
const FINISH_SHARE = 0.4;
const UNWIND_SHARE = 0.3;

/** Consumes the review queue for as long as the worker runs; closing waits for the reviews in flight. */
@Injectable()
export class ReviewConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer: Consumer<unknown, ReviewOutcome> | undefined;
  private gate: NodeJS.Timeout | undefined;
  /**
   * Whether the last dependency check let jobs through; undefined until the first one answers. Only `true`
   * lets a review run: the gate starts closed, so no job is taken before PostgreSQL was seen answering.
   */
  private gateOpen: boolean | undefined;
  private gateCheck: Promise<void> | undefined;
  /** One per review in flight: a drain aborts those that do not finish in time, so their model calls stop and the reviews are retried later. */
  private readonly inFlight = new Set<AbortController>();
  private draining = false;

  constructor(
    @Inject(CONFIG) private readonly config: WorkerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ReviewPipeline) private readonly pipeline: ReviewPipeline,
    @Inject(REQUIRED) private readonly required: readonly Dependency[],
    @Inject(QUEUE_METRICS) private readonly metrics: ReviewQueueMetrics,
  ) {}

  /**
   * Taking jobs while PostgreSQL is down would only burn their attempts: the queue is consumed only once
   * a first check saw every dependency answer, and paused whenever one stops answering.
   */
  onApplicationBootstrap(): void {
    this.gate = setInterval(() => void this.applyGate(), GATE_INTERVAL_MS);
    this.gate.unref();
    void this.applyGate();
  }

  private startConsuming(): Consumer<unknown, ReviewOutcome> {
    return new Consumer<unknown, ReviewOutcome>({
      queue: QUEUE_NAMES.reviews,
      redis: this.redis,
      prefix: this.config.redis.keyPrefix,
      concurrency: this.config.concurrency,
      lockDurationMs: this.config.lockDurationMs,
      logger: this.logger,
      process: async (job: Job<unknown, ReviewOutcome>, token?: string) => {
        // BullMQ's pause does not end a fetch already waiting in Redis: a job arriving then still reaches
        // this worker. With the gate closed it goes back to the queue untouched (no attempt spent).
        if (this.gateOpen !== true && token !== undefined) {
          await job.moveToWait(token);
          throw new WaitingError();
        }
        const controller = new AbortController();
        if (this.draining) controller.abort(new ReviewInterruptedError('the worker is draining'));
        this.inFlight.add(controller);
        try {
          return await this.pipeline.run(job.data, {
            last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
            signal: controller.signal,
          });
        } finally {
          this.inFlight.delete(controller);
        }
      },
      onFinalFailure: (job, error) => this.pipeline.recordFinalFailure(job.data, error.message),
      metrics: this.metrics,
    });
  }

  /** One dependency check at a time: a slow one (up to its 2 s timeout) must not race the next tick's. */
  private applyGate(): Promise<void> {
    this.gateCheck ??= this.checkGate().finally(() => (this.gateCheck = undefined));
    return this.gateCheck;
  }

  private async checkGate(): Promise<void> {
    const down = (await Promise.all(this.required.map((d) => checkDependency(d)))).filter(
      (s) => s.status === 'down',
    );
    if (this.draining) return;
    if (down.length > 0 && this.gateOpen !== false) {
      this.gateOpen = false;
      this.logger.warn({ down }, 'pausing the review queue until its dependencies answer');
      await this.consumer?.pause();
    } else if (down.length === 0 && this.gateOpen !== true) {
      if (this.gateOpen === false) this.logger.info('dependencies answer again; resuming the review queue');
      this.gateOpen = true;
      if (this.consumer === undefined) this.consumer = this.startConsuming();
      else this.consumer.resume();
    }
  }

  /**
   * Stops taking jobs and lets the reviews in flight finish within a share of the drain's budget (their
   * model calls are paid for); those still running then are interrupted (left for a later attempt, none
   * spent). Returns once every review has ended and the interrupted ones' work has unwound.
   */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.gate);
    this.draining = true;
    const closing = this.consumer?.close() ?? Promise.resolve();
    if (this.inFlight.size > 0) {
      const finishMs = Math.floor(this.config.shutdownTimeoutMs * FINISH_SHARE);
      this.logger.info(
        { reviews: this.inFlight.size, finishMs },
        'draining: letting the reviews in flight finish',
      );
      const timer = new AbortController();
      const finished = await Promise.race([
        closing.then(() => true),
        sleep(finishMs, false, { signal: timer.signal }).catch(() => false),
      ]);
      timer.abort();
      if (!finished && this.inFlight.size > 0) {
        this.logger.info(
          { reviews: this.inFlight.size },
          'draining: interrupting the reviews still in flight (retried later)',
        );
        for (const controller of this.inFlight)
          controller.abort(new ReviewInterruptedError('the worker is draining'));
      }
    }
    await closing;
    await this.abandonedWorkSettled();
  }

  /**
   * An interrupted review is handed back at once, but its abandoned work still unwinds: it records its
   * model calls and lets go of the head's lease. Closing PostgreSQL under it would leave the lease behind,
   * and the retry would wait for it to expire (2 minutes). Waits for that, within its share of the drain budget.
   */
  private async abandonedWorkSettled(): Promise<void> {
    const giveUpAt = Date.now() + this.config.shutdownTimeoutMs * UNWIND_SHARE;
    while (this.pipeline.overdueReviews() > 0) {
      if (Date.now() >= giveUpAt) {
        this.logger.warn(
          { reviews: this.pipeline.overdueReviews() },
          'draining: interrupted reviews still unwinding; their head leases expire on their own',
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
  }

  /**
   * Feeds the heartbeat. False as well while a review outlives its deadline: its slot is freed, but work
   * that ignores its abort signal means the worker is wedged somewhere, and a restart is the cure.
   */
  isConsuming(): boolean {
    return (this.consumer?.isConsuming() ?? false) && this.pipeline.overdueReviews() === 0;
  }
}
