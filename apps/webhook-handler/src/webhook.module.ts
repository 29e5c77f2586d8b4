import { type DynamicModule, Module } from '@nestjs/common';
import { ReviewQueue } from '@kodus/queue';
import { GithubWebhookController } from './github/github-webhook.controller';

/** One controller per Git provider; health and metrics come from the runtime. */
@Module({})
export class WebhookModule {
  static register(queue: ReviewQueue): DynamicModule {
    return {
      module: WebhookModule,
      controllers: [GithubWebhookController],
      providers: [{ provide: ReviewQueue, useValue: queue }],
    };
  }
}
