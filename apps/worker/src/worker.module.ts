import { type DynamicModule, Module } from '@nestjs/common';
import type { Redis, ReviewQueueMetrics } from '@kodus/queue';
import { ReviewPipeline } from '@kodus/review-pipeline';
import type { Dependency } from '@kodus/runtime';
import { QUEUE_METRICS, REDIS, REQUIRED, ReviewConsumer } from './review.consumer';

@Module({})
export class WorkerModule {
  static register(deps: {
    redis: Redis;
    pipeline: ReviewPipeline;
    required: readonly Dependency[];
    metrics: ReviewQueueMetrics;
  }): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: REDIS, useValue: deps.redis },
        { provide: ReviewPipeline, useValue: deps.pipeline },
        { provide: REQUIRED, useValue: deps.required },
        { provide: QUEUE_METRICS, useValue: deps.metrics },
        ReviewConsumer,
      ],
      exports: [ReviewConsumer],
    };
  }
}
