import { Agent, get as httpGet } from 'node:http';
import { createLogger } from '@kodus/logger';
import { createRedisConnection, RedisDependency } from '@kodus/queue';
import { uniquePrefix, untilReady } from '@kodus/test-helpers';
import { build, Hung, Switch } from './build-app';

describe('createHttpApp', () => {
  it('reports readiness from its dependencies', async () => {
    const dependency = new Switch();
    const { app, base } = await build([dependency]);
    try {
      expect((await fetch(`${base}/health/ready`)).status).toBe(200);
      dependency.up = false;
      const down = await fetch(`${base}/health/ready`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'unavailable', checks: { switch: { status: 'down' } } });
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('says which build runs: /health/live and the kodus_build_info metric', async () => {
    const { app, base } = await build([]);
    try {
      const live = await fetch(`${base}/health/live`);
      expect(await live.json()).toEqual({ status: 'live', version: 'dev', revision: 'unknown' });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('kodus_build_info{version="dev",revision="unknown",component="webhook"} 1');
    } finally {
      await app.close();
    }
  });

  it('answers readiness in bounded time when a dependency hangs', async () => {
    const { app, base } = await build([new Hung()]);
    try {
      const response = await fetch(`${base}/health/ready`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', checks: { hung: { status: 'down' } } });
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
      await untilReady(redis);
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
    // A new connection is refused once the listener closes; a request that got in just before is
    // answered and its connection closed.
    const during = await fetch(`${base}/health/live`).then(
      (r) => r.headers.get('connection'),
      () => 'refused',
    );
    expect(['refused', 'close']).toContain(during);
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

  it('answers a request that reaches it while it drains, and closes that connection', async () => {
    // Closing takes a moment before the listener stops and idle connections are reaped: a keep-alive
    // client (or PM2's cluster master) can hand the app a request meanwhile. It is served, not refused.
    const { base, exits, lifecycle, stopIntake } = await build([], undefined, (fastify) => {
      fastify.addHook('preClose', async () => {
        await new Promise((r) => setTimeout(r, 300));
      });
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number | undefined; connection: string | undefined }>((resolve, reject) => {
        httpGet(`${base}/health/live`, { agent }, (response) => {
          response.resume();
          response.on('end', () =>
            resolve({ status: response.statusCode, connection: response.headers.connection }),
          );
        }).on('error', reject);
      });
    try {
      expect(await get()).toEqual({ status: 200, connection: 'keep-alive' });
      const drained = lifecycle.drain('test', stopIntake, []);
      await new Promise((r) => setTimeout(r, 50));
      expect(await get()).toEqual({ status: 200, connection: 'close' });
      await drained;
      expect(exits).toEqual([0]);
    } finally {
      agent.destroy();
    }
  });
});
