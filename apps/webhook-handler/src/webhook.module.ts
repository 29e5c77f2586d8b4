import { Module } from '@nestjs/common';
import type { DeliveryLog } from '@kodus/persistence';
import type { LastSeenHeads, ReviewQueue } from '@kodus/queue';
import { webhookRoutes } from './webhook-route';

/** Health and metrics come from the runtime; the webhook route itself is served by Fastify directly. */
@Module({})
export class WebhookModule {}

/**
 * What `createHttpApp`/`runHttpApp` take for the webhook app: the Nest module and the Fastify route
 * `POST /webhooks/:provider`. With a `deliveryLog`, each delivery is recorded in PostgreSQL before its
 * 202 (at-least-once); with `heads`, events that count only when the head moved are compared with the
 * last head seen.
 */
export function webhookApp(queue: ReviewQueue, deliveryLog?: DeliveryLog, heads?: LastSeenHeads) {
  return { module: WebhookModule, routes: webhookRoutes({ queue, deliveryLog, heads }) };
}
