import { Controller, Get, Module } from '@nestjs/common';
import { loadConfig } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import { createRedisConnection, RedisDependency } from '@kodus/queue';
import { freePort, uniquePrefix } from '@kodus/test-helpers';
import { PassThrough } from 'node:stream';
import { createHttpApp, type Dependency } from '../src';

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
class Switch implements Dependency {
  readonly name = 'switch';
  up = true;
  closed = false;
  async check(): Promise<void> {
    if (!this.up) throw new Error('switched off');
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A dependency that never answers, as a hung server would. */
class Hung implements Dependency {
  readonly name = 'hung';
  check(): Promise<void> {
    return new Promise(() => undefined);
  }
  async close(): Promise<void> {}
}

async function build(dependencies: Dependency[]) {
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
  });
  await built.app.listen({ port, host: '127.0.0.1' });
  return { ...built, base: `http://127.0.0.1:${port}`, exits, lines, dependencies };
}

describe('createHttpApp', () => {
  it('reports readiness from its dependencies', async () => {
    const dependency = new Switch();
    const { app, base } = await build([dependency]);
    try {
      expect((await fetch(`${base}/health/ready`)).status).toBe(200);
      dependency.up = false;
      const down = await fetch(`${base}/health/ready`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({
        status: 'unavailable',
        checks: { switch: { status: 'down', error: 'switched off' } },
      });
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('answers readiness in bounded time when a dependency hangs', async () => {
    const { app, base } = await build([new Hung()]);
    try {
      const response = await fetch(`${base}/health/ready`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: 'unavailable',
        checks: { hung: { status: 'down', error: 'no answer within 2000 ms' } },
      });
    } finally {
      await app.close();
    }
  });

  it('checks real Redis through the queue package', async () => {
    const logger = createLogger({ component: 'test', level: 'silent' });
    const redis = createRedisConnection({
      url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      connectionName: uniquePrefix(),
      role: 'producer',
      logger,
    });
    const dependency = new RedisDependency(redis);
    const { app, base } = await build([dependency]);
    try {
      await new Promise((r) => redis.once('ready', r));
      expect(await (await fetch(`${base}/health/ready`)).json()).toEqual({
        status: 'ready',
        checks: { redis: { status: 'up' } },
      });
    } finally {
      await app.close();
      await dependency.close();
    }
  });

  it('drains: finishes requests in flight, refuses new ones, closes dependencies, exits 0', async () => {
    const dependency = new Switch();
    const { base, exits, lifecycle, stopIntake, lines } = await build([dependency]);
    const inFlight = fetch(`${base}/slow`);
    await new Promise((r) => setTimeout(r, 150));
    const drained = lifecycle.drain('test', stopIntake, [dependency]);
    expect(lifecycle.draining).toBe(true);
    const during = await fetch(`${base}/health/live`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(during === 'refused' || during === 503).toBe(true);
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await drained;
    expect(exits).toEqual([0]);
    expect(dependency.closed).toBe(true);
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
    expect(
      lines.some((l) => l.msg === 'request completed' && (l.req as { url: string }).url === '/slow'),
    ).toBe(true);
  });
});
