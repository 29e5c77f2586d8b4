import { Module } from '@nestjs/common';

/** REST resources (reviews, integrations, settings) land here; health and metrics come from the runtime. */
@Module({})
export class ApiModule {}
