import { type DynamicModule, Module } from '@nestjs/common';
import type { DeliveryLog } from '@kodus/persistence';
import { type LastSeenHeads, ReviewQueue } from '@kodus/queue';
import { DELIVERY_LOG, LAST_SEEN_HEADS } from './tokens';
import { WebhookController } from './webhook.controller';

/** One receive path for every Git provider (the registry in @kodus/git-providers); health and metrics come from the runtime. */
@Module({})
export class WebhookModule {
  /**
   * With a `deliveryLog`, each delivery is recorded in PostgreSQL before its 202 (at-least-once); with
   * `heads`, events that count only when the head moved are compared with the last head seen.
   */
  static register(queue: ReviewQueue, deliveryLog?: DeliveryLog, heads?: LastSeenHeads): DynamicModule {
    return {
      module: WebhookModule,
      controllers: [WebhookController],
      providers: [
        { provide: ReviewQueue, useValue: queue },
        { provide: DELIVERY_LOG, useValue: deliveryLog ?? null },
        { provide: LAST_SEEN_HEADS, useValue: heads ?? null },
      ],
    };
  }
}
