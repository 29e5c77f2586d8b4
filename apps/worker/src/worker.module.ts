import { type DynamicModule, Module } from '@nestjs/common';
import type { Redis } from '@kodus/queue';
import { ReviewPipeline } from '@kodus/review-pipeline';
import { REDIS, ReviewConsumer } from './review.consumer';

@Module({})
export class WorkerModule {
  static register(deps: { redis: Redis; pipeline: ReviewPipeline }): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: REDIS, useValue: deps.redis },
        { provide: ReviewPipeline, useValue: deps.pipeline },
        ReviewConsumer,
      ],
      exports: [ReviewConsumer],
    };
  }
}
