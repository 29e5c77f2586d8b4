import { PrivateRedis, startApp, uniquePrefix, waitFor, waitForStatus } from '@kodus/test-helpers';

describe('webhook-handler on a Redis that would lose jobs', () => {
  it('warns at start, shows it on readiness (still ready) and as a gauge', async () => {
    // No AOF, no RDB save points: a restart empties it.
    const redis = await PrivateRedis.start();
    const { process: app, baseUrl } = await startApp('webhook-handler', {
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: uniquePrefix('durability'),
    });
    try {
      await waitForStatus(`${baseUrl}/health/ready`, 200);
      // Under load a first readiness probe may find the connection still connecting ("dependency down"):
      // the durability warning is the one that says what may be lost.
      const warning = await app.waitForLog(
        (l) => l.level === 'warn' && l.dependency === 'redis' && /may lose/.test(String(l.msg)),
      );
      expect(warning).toMatchObject({ risks: ['persistence-off'], msg: expect.stringMatching(/may lose/) });
      const ready = await waitFor('the durability verdict on readiness', async () => {
        const body = (await (await fetch(`${baseUrl}/health/ready`)).json()) as {
          checks: Record<string, { note?: string }>;
        };
        return body.checks.redisDurability?.note === 'at-risk' ? body : undefined;
      });
      expect(ready).toMatchObject({ status: 'ready', checks: { redis: { status: 'up' } } });
      expect(await (await fetch(`${baseUrl}/metrics`)).text()).toMatch(
        /kodus_redis_durable\{reason="persistence-off",component="webhook"\} 0/,
      );
    } finally {
      await app.stop('SIGTERM');
      await redis.stop();
    }
  });
});
