// Shared by the runtime's HTTP tests: an app with one slow route, built on a free port, its log lines kept.
import { Controller, Get, Module } from '@nestjs/common';
import { loadConfig } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import { freePort } from '@kodus/test-helpers';
import type { FastifyInstance } from 'fastify';
import { PassThrough } from 'node:stream';
import { createHttpApp, type Dependency, type HttpTimeouts } from '../src';

@Controller('slow')
class SlowController {
  @Get()
  async slow(): Promise<{ done: true }> {
    await new Promise((r) => setTimeout(r, 700));
    return { done: true };
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

/** A dependency the test can switch off, to see readiness follow it. */
export class Switch implements Dependency {
  readonly name = 'switch';
  up = true;
  closed = false;
  note: string | undefined;
  async check(): Promise<string | void> {
    if (!this.up) throw new Error('connect ECONNREFUSED db.internal.example:5432 (switched off)');
    return this.note;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A dependency that never answers, as a hung server would. */
export class Hung implements Dependency {
  readonly name = 'hung';
  check(): Promise<void> {
    return new Promise(() => undefined);
  }
  async close(): Promise<void> {}
}

export async function build(
  dependencies: Dependency[],
  timeouts?: HttpTimeouts,
  routes?: (fastify: FastifyInstance) => void,
) {
  const port = await freePort();
  const lines: Record<string, unknown>[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) =>
    c
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((l) => lines.push(JSON.parse(l))),
  );
  const logger = createLogger({ component: 'test', level: 'debug', destination: stream });
  const config = {
    ...loadConfig('webhook', { COMPONENT_TYPE: 'webhook', SHUTDOWN_TIMEOUT_MS: '5000' }),
    port,
    host: '127.0.0.1',
  };
  const exits: number[] = [];
  const built = await createHttpApp({
    config,
    logger,
    module: SlowModule,
    dependencies,
    exit: (code) => exits.push(code),
    timeouts,
    ...(routes === undefined ? {} : { routes }),
  });
  await built.app.listen({ port, host: '127.0.0.1' });
  return { ...built, base: `http://127.0.0.1:${port}`, exits, lines, dependencies };
}
