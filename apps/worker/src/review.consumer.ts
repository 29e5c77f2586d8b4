import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { WorkerConfig } from '@kodus/config';
import type { Logger } from '@kodus/logger';
import { Consumer, QUEUE_NAMES, type Redis } from '@kodus/queue';
import { type ReviewOutcome, ReviewPipeline } from '@kodus/review-pipeline';
import { CONFIG, LOGGER } from '@kodus/runtime';
import type { Job } from 'bullmq';

export const REDIS = Symbol('kodus.worker.redis');

/** Consumes the review queue for as long as the worker runs; closing waits for the reviews in flight. */
@Injectable()
export class ReviewConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer: Consumer<unknown, ReviewOutcome> | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: WorkerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ReviewPipeline) private readonly pipeline: ReviewPipeline,
  ) {}

  onApplicationBootstrap(): void {
    this.consumer = new Consumer<unknown, ReviewOutcome>({
      queue: QUEUE_NAMES.reviews,
      redis: this.redis,
      prefix: this.config.redis.keyPrefix,
      concurrency: this.config.concurrency,
      logger: this.logger,
      process: (job: Job<unknown, ReviewOutcome>) =>
        this.pipeline.run(job.data, { last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.close();
  }

  isConsuming(): boolean {
    return this.consumer?.isConsuming() ?? false;
  }
}
