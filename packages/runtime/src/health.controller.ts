import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { checkDependencies, type DependencyStatus } from './dependency';
import { RUNTIME_STATE, type RuntimeState } from './runtime-state';

export interface ReadinessReport {
  status: 'ready' | 'unavailable' | 'draining';
  checks: Record<string, Omit<DependencyStatus, 'name'>>;
}

@Controller('health')
export class HealthController {
  constructor(@Inject(RUNTIME_STATE) private readonly state: RuntimeState) {}

  /** The process is up and its event loop answers. Never checks dependencies: no restart loops. */
  @Get('live')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  /** 200 when every dependency answers, 503 while one does not or while the process drains. */
  @Get('ready')
  @Header('cache-control', 'no-store')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const results = await checkDependencies(this.state.dependencies);
    const checks = Object.fromEntries(results.map(({ name, ...rest }) => [name, rest]));
    const status = this.state.lifecycle.draining
      ? 'draining'
      : results.every((r) => r.status === 'up')
        ? 'ready'
        : 'unavailable';
    reply.status(status === 'ready' ? 200 : 503);
    return { status, checks };
  }
}
