import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { WorkerConfig } from '@kodus/config';
import type { Logger } from '@kodus/logger';
import { Consumer, QUEUE_NAMES, type Redis } from '@kodus/queue';
import { CONFIG, LOGGER } from '@kodus/runtime';
import { UnrecoverableError, type Job } from 'bullmq';

export const REDIS = Symbol('kodus.worker.redis');

/** Consumes the review queue for as long as the worker runs; closing waits for the jobs in flight. */
@Injectable()
export class ReviewConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer: Consumer | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: WorkerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onApplicationBootstrap(): void {
    this.consumer = new Consumer({
      queue: QUEUE_NAMES.reviews,
      redis: this.redis,
      prefix: this.config.redis.keyPrefix,
      concurrency: this.config.concurrency,
      logger: this.logger,
      process: (job) => this.review(job),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.close();
  }

  isConsuming(): boolean {
    return this.consumer?.isConsuming() ?? false;
  }

  private async review(job: Job): Promise<never> {
    // The review pipeline is not part of this build yet: fail the job permanently, keeping it in the
    // failed set (retryable later) rather than completing it as if it had been reviewed.
    throw new UnrecoverableError(`job ${job.id}: this build has no review pipeline yet`);
  }
}
