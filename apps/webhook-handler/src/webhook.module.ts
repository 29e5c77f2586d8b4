import { Module } from '@nestjs/common';

/** Webhook routes per Git provider land here; health and metrics come from the runtime. */
@Module({})
export class WebhookModule {}
