import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from '@kodus/logger';
import { checkDependencies, type DependencyStatus } from './dependency';
import { LOGGER } from './runtime.tokens';
import { RUNTIME_STATE, type RuntimeState } from './runtime-state';

/** What `/health/ready` shows anyone who reaches the port: names, up or down, a status word. */
export interface ReadinessReport {
  status: 'ready' | 'unavailable' | 'draining';
  checks: Record<string, Pick<DependencyStatus, 'status' | 'note'>>;
}

@Controller('health')
export class HealthController {
  /** The last failure logged per dependency: an outage is logged when it starts or changes, not per probe. */
  private readonly lastFailure = new Map<string, string>();

  constructor(
    @Inject(RUNTIME_STATE) private readonly state: RuntimeState,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * The process is up and its event loop answers, and which build it runs. Never checks dependencies: no
   * restart loops.
   */
  @Get('live')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  live(): { status: 'live'; version: string; revision: string } {
    return { status: 'live', ...this.state.build };
  }

  /**
   * 200 when every dependency answers, 503 while one does not or while the process drains. Why one is
   * down (hosts, driver errors) goes to the log, not to the caller.
   */
  @Get('ready')
  @Header('cache-control', 'no-store')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const results = await checkDependencies(this.state.dependencies);
    this.logChanges(results);
    const checks = Object.fromEntries(
      results.map(({ name, status, note }) => [name, note === undefined ? { status } : { status, note }]),
    );
    const status = this.state.lifecycle.draining
      ? 'draining'
      : results.every((r) => r.status === 'up')
        ? 'ready'
        : 'unavailable';
    reply.status(status === 'ready' ? 200 : 503);
    return { status, checks };
  }

  private logChanges(results: readonly DependencyStatus[]): void {
    for (const { name, status, error } of results) {
      const previous = this.lastFailure.get(name);
      if (status === 'down' && previous !== error) {
        this.lastFailure.set(name, error ?? '');
        this.logger.warn({ dependency: name, error }, 'readiness: dependency down');
      } else if (status === 'up' && previous !== undefined) {
        this.lastFailure.delete(name);
        this.logger.info({ dependency: name }, 'readiness: dependency back up');
      }
    }
  }
}
