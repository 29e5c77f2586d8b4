import { createLogger } from '@kodus/logger';
import { PrivateRedis, untilReady } from '@kodus/test-helpers';
import { Registry } from 'prom-client';
import { Writable } from 'node:stream';
import { createRedisConnection, inspectRedisDurability, type Redis, RedisDurabilityMonitor } from '../src';

/** A logger whose JSON lines land in `lines`. */
function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ component: 'test', level: 'info', destination }) };
}

describe('Redis durability', () => {
  let server: PrivateRedis;
  let redis: Redis;

  beforeAll(async () => {
    // The private server runs with `--save '' --appendonly no`: what lost 81 acknowledged webhooks.
    server = await PrivateRedis.start();
    redis = createRedisConnection({
      url: server.url,
      connectionName: 'kodus-test',
      role: 'producer',
      logger: createLogger({ component: 'test', level: 'silent' }),
    });
    await untilReady(redis);
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it('names each way a Redis can lose acknowledged jobs', async () => {
    await redis.call('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    expect(await inspectRedisDurability(redis)).toMatchObject({
      durable: false,
      risks: ['persistence-off', 'eviction-policy'],
      appendonly: false,
      savePoints: '',
      maxmemoryPolicy: 'allkeys-lru',
    });
    await redis.call('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    await redis.call('CONFIG', 'SET', 'save', '3600 1');
    expect(await inspectRedisDurability(redis)).toMatchObject({ durable: true, risks: [] });
    await redis.call('CONFIG', 'SET', 'save', '');
  });

  it('warns at start and on change, reports it on readiness and as a gauge, and never fails', async () => {
    const { lines, logger } = recordingLogger();
    const registry = new Registry();
    const monitor = new RedisDurabilityMonitor(redis, logger);
    monitor.registerMetrics(registry);
    expect(await monitor.check()).toBe('unknown');
    await monitor.refresh();
    expect(await monitor.check()).toBe('at-risk');
    expect(lines.filter((l) => l.level === 'warn')).toEqual([
      expect.objectContaining({ risks: ['persistence-off'], msg: expect.stringMatching(/may lose/) }),
    ]);
    expect(await registry.metrics()).toMatch(/kodus_redis_durable\{reason="persistence-off"\} 0/);

    await monitor.refresh();
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);

    // RDB save points (AOF would write files into the test's directory; the verdict is the same).
    await redis.call('CONFIG', 'SET', 'save', '3600 1');
    await monitor.refresh();
    expect(await monitor.check()).toBe('durable');
    expect(lines.at(-1)).toMatchObject({ level: 'info', msg: expect.stringMatching(/again/) });
    expect(await registry.metrics()).toMatch(/kodus_redis_durable\{reason="none"\} 1/);
    expect(await registry.metrics()).not.toMatch(/persistence-off/);

    await redis.call('CONFIG', 'SET', 'save', '');
    await monitor.refresh();
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(2);
    await monitor.close();
  });
});
