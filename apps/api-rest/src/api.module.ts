import { type DynamicModule, Module } from '@nestjs/common';
import { type Pool, ReviewRepository } from '@kodus/persistence';
import { ReviewQueue } from '@kodus/queue';
import { AdminTokenGuard } from './auth/admin-token.guard';
import { QueuesController } from './queues/queues.controller';
import { ReviewsController } from './reviews/reviews.controller';

/** REST resources; health and metrics come from the runtime. */
@Module({})
export class ApiModule {
  static register(deps: { database: Pool; queue: ReviewQueue }): DynamicModule {
    return {
      module: ApiModule,
      controllers: [ReviewsController, QueuesController],
      providers: [
        AdminTokenGuard,
        { provide: ReviewRepository, useValue: new ReviewRepository(deps.database) },
        { provide: ReviewQueue, useValue: deps.queue },
      ],
    };
  }
}
