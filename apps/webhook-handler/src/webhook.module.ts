import { type DynamicModule, Module } from '@nestjs/common';
import type { DeliveryLog } from '@kodus/persistence';
import { ReviewQueue } from '@kodus/queue';
import { DELIVERY_LOG } from './delivery-log.token';
import { GithubWebhookController } from './github/github-webhook.controller';

/** One controller per Git provider; health and metrics come from the runtime. */
@Module({})
export class WebhookModule {
  /** With a `deliveryLog`, each delivery is recorded in PostgreSQL before its 202 (at-least-once). */
  static register(queue: ReviewQueue, deliveryLog?: DeliveryLog): DynamicModule {
    return {
      module: WebhookModule,
      controllers: [GithubWebhookController],
      providers: [
        { provide: ReviewQueue, useValue: queue },
        { provide: DELIVERY_LOG, useValue: deliveryLog ?? null },
      ],
    };
  }
}
