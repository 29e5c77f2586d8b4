import { type DynamicModule, Module } from '@nestjs/common';
import type { Redis } from '@kodus/queue';
import { REDIS, ReviewConsumer } from './review.consumer';

@Module({})
export class WorkerModule {
  static register(redis: Redis): DynamicModule {
    return {
      module: WorkerModule,
      providers: [{ provide: REDIS, useValue: redis }, ReviewConsumer],
      exports: [ReviewConsumer],
    };
  }
}
