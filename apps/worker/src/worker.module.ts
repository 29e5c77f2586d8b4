import { type DynamicModule, Module } from '@nestjs/common';
import type { Redis } from '@kodus/queue';
import { ReviewPipeline } from '@kodus/review-pipeline';
import type { Dependency } from '@kodus/runtime';
import { REDIS, REQUIRED, ReviewConsumer } from './review.consumer';

@Module({})
export class WorkerModule {
  static register(deps: {
    redis: Redis;
    pipeline: ReviewPipeline;
    required: readonly Dependency[];
  }): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: REDIS, useValue: deps.redis },
        { provide: ReviewPipeline, useValue: deps.pipeline },
        { provide: REQUIRED, useValue: deps.required },
        ReviewConsumer,
      ],
      exports: [ReviewConsumer],
    };
  }
}
