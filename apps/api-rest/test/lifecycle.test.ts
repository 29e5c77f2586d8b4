import {
  type AppProcess,
  createTestDatabase,
  freePort,
  loadedPackagesProbe,
  PrivateRedis,
  startApp,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  waitFor,
  waitForStatus,
} from '@kodus/test-helpers';

const DRAIN_TIMEOUT_MS = 5000;

describe('api-rest as a process', () => {
  let database: TestDatabase;
  const running: AppProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('api_lifecycle');
  });
  afterEach(() => running.splice(0).forEach((p) => p.kill()));
  afterAll(async () => {
    await database.drop();
  });

  async function boot(env: Record<string, string> = {}) {
    const app = await startApp('api-rest', {
      ...testSecrets(),
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: uniquePrefix('api'),
      SHUTDOWN_TIMEOUT_MS: String(DRAIN_TIMEOUT_MS),
      ...env,
    });
    running.push(app.process);
    return app;
  }

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'checks Redis and PostgreSQL, then drains on %s and exits 0',
    async (signal) => {
      const { process: app, baseUrl } = await boot();
      await waitForStatus(`${baseUrl}/health/ready`, 200);
      expect(await (await fetch(`${baseUrl}/health/ready`)).json()).toEqual({
        status: 'ready',
        checks: {
          redis: { status: 'up' },
          postgres: { status: 'up' },
          redisDurability: { status: 'up', note: expect.stringMatching(/^(durable|at-risk|unknown)$/) },
        },
      });
      expect((await fetch(`${baseUrl}/health/live`)).status).toBe(200);
      expect(await (await fetch(`${baseUrl}/metrics`)).text()).toContain(
        'process_cpu_user_seconds_total{component="api"}',
      );

      const exit = await app.stop(signal);
      expect(exit).toMatchObject({ code: 0, signal: null });
      // Exit 0 means the drain finished before SHUTDOWN_TIMEOUT_MS: the deadline path exits 1.
    },
  );

  it('is live but not ready while PostgreSQL is unreachable', async () => {
    const closedPort = await freePort();
    const { process: app, baseUrl } = await boot({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/kodus`,
    });
    await waitForStatus(`${baseUrl}/health/live`, 200);
    // Under load the Redis connection may still be connecting at the first probe: wait for it, then
    // readiness must stay 503 because of PostgreSQL alone.
    const ready = await waitFor('Redis up on readiness', async () => {
      const response = await fetch(`${baseUrl}/health/ready`);
      const body = (await response.json()) as { checks: Record<string, { status?: string }> };
      return body.checks.redis?.status === 'up' ? { status: response.status, body } : undefined;
    });
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({
      status: 'unavailable',
      checks: { redis: { status: 'up' }, postgres: { status: 'down' } },
    });
    expect((await app.stop('SIGTERM')).code).toBe(0);
  });

  it('turns not ready when Redis stops and ready when it returns', async () => {
    const redis = await PrivateRedis.start();
    try {
      const { process: app, baseUrl } = await boot({ REDIS_URL: redis.url });
      await waitForStatus(`${baseUrl}/health/ready`, 200);
      await redis.stop();
      await waitForStatus(`${baseUrl}/health/ready`, 503);
      expect((await fetch(`${baseUrl}/health/live`)).status).toBe(200);
      await redis.resume();
      await waitForStatus(`${baseUrl}/health/ready`, 200);
      expect((await app.stop('SIGTERM')).code).toBe(0);
    } finally {
      await redis.stop();
    }
  });

  it('refuses to start without its credentials, naming them, exit 78, before it loads the rest of the app', async () => {
    const probe = loadedPackagesProbe(['@nestjs/core', 'fastify', 'bullmq']);
    const { process: app } = await boot({ API_ADMIN_TOKEN: '', ENCRYPTION_KEY: '', ...probe.env });
    expect((await app.exit()).code).toBe(78);
    expect(probe.loaded(app.stderr)).toEqual([]);
    expect(app.stderr).toContain('API_ADMIN_TOKEN is required');
    expect(app.stderr).toContain('ENCRYPTION_KEY is required');
  });
});
