import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { WorkerConfig } from '@kodus/config';
import type { Logger } from '@kodus/logger';
import { Consumer, QUEUE_NAMES, type Redis, type ReviewQueueMetrics } from '@kodus/queue';
import { ReviewInterruptedError, type ReviewOutcome, ReviewPipeline } from '@kodus/review-pipeline';
import { checkDependency, CONFIG, type Dependency, LOGGER } from '@kodus/runtime';
import type { Job } from 'bullmq';

export const REDIS = Symbol('kodus.worker.redis');
/** Dependencies a review cannot run without besides Redis (PostgreSQL): while one is down, no job is taken. */
export const REQUIRED = Symbol('kodus.worker.required');
/** The review queue's metrics (served on WORKER_METRICS_PORT), told of every attempt. */
export const QUEUE_METRICS = Symbol('kodus.worker.queue-metrics');
const GATE_INTERVAL_MS = 2000;

/** Consumes the review queue for as long as the worker runs; closing waits for the reviews in flight. */
@Injectable()
export class ReviewConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer: Consumer<unknown, ReviewOutcome> | undefined;
  private gate: NodeJS.Timeout | undefined;
  /** One per review in flight: a drain aborts them, so model calls stop and the reviews are retried later. */
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

  onApplicationBootstrap(): void {
    this.consumer = new Consumer<unknown, ReviewOutcome>({
      queue: QUEUE_NAMES.reviews,
      redis: this.redis,
      prefix: this.config.redis.keyPrefix,
      concurrency: this.config.concurrency,
      logger: this.logger,
      process: async (job: Job<unknown, ReviewOutcome>) => {
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
    // Taking jobs while PostgreSQL is down would only burn their attempts: pause until it answers.
    this.gate = setInterval(() => void this.applyGate(), GATE_INTERVAL_MS);
    this.gate.unref();
    void this.applyGate();
  }

  private async applyGate(): Promise<void> {
    const consumer = this.consumer;
    if (consumer === undefined) return;
    const down = (await Promise.all(this.required.map((d) => checkDependency(d)))).filter(
      (s) => s.status === 'down',
    );
    if (down.length > 0 && !consumer.paused) {
      this.logger.warn({ down }, 'pausing the review queue until its dependencies answer');
      await consumer.pause();
    } else if (down.length === 0 && consumer.paused) {
      this.logger.info('dependencies answer again; resuming the review queue');
      consumer.resume();
    }
  }

  /** Stops taking jobs and interrupts the reviews in flight (left for a later attempt, none spent), then waits for them. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.gate);
    this.draining = true;
    const closing = this.consumer?.close();
    if (this.inFlight.size > 0)
      this.logger.info({ reviews: this.inFlight.size }, 'draining: interrupting the reviews in flight');
    for (const controller of this.inFlight)
      controller.abort(new ReviewInterruptedError('the worker is draining'));
    await closing;
  }

  /**
   * Feeds the heartbeat. False as well while a review outlives its deadline: its slot is freed, but work
   * that ignores its abort signal means the worker is wedged somewhere, and a restart is the cure.
   */
  isConsuming(): boolean {
    return (this.consumer?.isConsuming() ?? false) && this.pipeline.overdueReviews() === 0;
  }
}
