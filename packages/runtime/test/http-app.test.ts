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
