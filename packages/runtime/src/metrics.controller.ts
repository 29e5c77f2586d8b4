import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RUNTIME_STATE, type RuntimeState } from './runtime-state';

@Controller('metrics')
export class MetricsController {
  constructor(@Inject(RUNTIME_STATE) private readonly state: RuntimeState) {}

  /** Prometheus text exposition of this process's registry. */
  @Get()
  async metrics(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    reply.header('content-type', this.state.metrics.registry.contentType);
    return this.state.metrics.registry.metrics();
  }
}
