import {
  type AppProcess,
  loadedPackagesProbe,
  PrivateRedis,
  startApp,
  uniquePrefix,
  waitForStatus,
} from '@kodus/test-helpers';

const DRAIN_TIMEOUT_MS = 5000;

describe('webhook-handler as a process', () => {
  const running: AppProcess[] = [];
  afterEach(() => running.splice(0).forEach((p) => p.kill()));

  async function boot(env: Record<string, string>) {
    const app = await startApp('webhook-handler', {
      REDIS_KEY_PREFIX: uniquePrefix('webhook'),
      SHUTDOWN_TIMEOUT_MS: String(DRAIN_TIMEOUT_MS),
      ...env,
    });
    running.push(app.process);
    return app;
  }

  it.each(['SIGTERM', 'SIGINT'] as const)('answers health, then drains on %s and exits 0', async (signal) => {
    const { process: app, baseUrl } = await boot({});
    await waitForStatus(`${baseUrl}/health/ready`, 200);
    const live = await fetch(`${baseUrl}/health/live`);
    expect(live.status).toBe(200);
    expect(live.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const ready = (await (await fetch(`${baseUrl}/health/ready`)).json()) as unknown;
    expect(ready).toEqual({
      status: 'ready',
      checks: {
        redis: { status: 'up' },
        redisDurability: { status: 'up', note: expect.stringMatching(/^(durable|at-risk|unknown)$/) },
      },
    });
    const metrics = await fetch(`${baseUrl}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('nodejs_heap_size_used_bytes{component="webhook"}');

    const exit = await app.stop(signal);
    expect(exit).toMatchObject({ code: 0, signal: null });
    // Exit 0 means the drain finished before SHUTDOWN_TIMEOUT_MS: the deadline path exits 1.
    expect(app.logs.some((l) => l.msg === 'draining' && l.reason === signal)).toBe(true);
    // Every line on stdout is one JSON object.
    for (const line of app.stdout.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('keeps a caller request id and echoes it', async () => {
    const { baseUrl } = await boot({});
    await waitForStatus(`${baseUrl}/health/live`, 200);
    const response = await fetch(`${baseUrl}/health/live`, { headers: { 'x-request-id': 'lb-1234.abc' } });
    expect(response.headers.get('x-request-id')).toBe('lb-1234.abc');
  });

  it('serves a delivery through the runtime edge: request id kept, one request line and "review queued" with it, the route in /metrics', async () => {
    const { process: app, baseUrl } = await boot({});
    await waitForStatus(`${baseUrl}/health/ready`, 200);
    const delivery = {
      action: 'opened',
      pull_request: {
        number: 9,
        state: 'open',
        draft: false,
        head: { sha: 'a'.repeat(40), ref: 'x' },
        base: { sha: 'b'.repeat(40), ref: 'main' },
      },
      repository: { name: 'api', full_name: 'acme/api', owner: { login: 'acme' } },
    };
    const answer = await fetch(`${baseUrl}/webhooks/github?token=hidden`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': 'lifecycle-1',
        'x-request-id': 'lb-9.webhook',
      },
      body: JSON.stringify(delivery),
    });
    expect(answer.status).toBe(202);
    expect(answer.headers.get('x-request-id')).toBe('lb-9.webhook');
    expect(await answer.json()).toEqual({ jobId: 'github-lifecycle-1' });
    const queued = await app.waitForLog((l) => l.msg === 'review queued');
    expect(queued).toMatchObject({ reqId: 'lb-9.webhook', provider: 'github', jobId: 'github-lifecycle-1' });
    const completed = await app.waitForLog(
      (l) => l.msg === 'request completed' && l.reqId === 'lb-9.webhook',
    );
    expect(completed).toMatchObject({ req: { method: 'POST', url: '/webhooks/github' }, statusCode: 202 });
    expect(app.logs.filter((l) => l.reqId === 'lb-9.webhook' && l.msg === 'request completed')).toHaveLength(
      1,
    );
    expect(await (await fetch(`${baseUrl}/metrics`)).text()).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/webhooks\/:provider"[^}]*status_code="202"/,
    );
  });

  it('stays up while Redis is unreachable and becomes ready when it returns', async () => {
    const redis = await PrivateRedis.start();
    try {
      await redis.stop();
      const { process: app, baseUrl } = await boot({ REDIS_URL: redis.url });
      await waitForStatus(`${baseUrl}/health/live`, 200);
      const down = await fetch(`${baseUrl}/health/ready`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({
        status: 'unavailable',
        checks: { redis: { status: 'down' } },
      });

      await redis.resume();
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

  it('refuses a wrong COMPONENT_TYPE with exit code 78', async () => {
    const { process: app } = await boot({ COMPONENT_TYPE: 'worker' });
    expect(await app.exit()).toEqual({ code: 78, signal: null });
    expect(app.stderr.trim()).toBe(
      'kodus webhook: invalid configuration (1 problem):\n' +
        '  - COMPONENT_TYPE is "worker" but this is the webhook app; refusing to start (set COMPONENT_TYPE=webhook)',
    );
  });

  it('names every invalid variable and exits 78, before it loads the rest of the app', async () => {
    const probe = loadedPackagesProbe(['@nestjs/core', 'fastify', 'bullmq']);
    const { process: app } = await boot({
      LOG_LEVEL: 'loud',
      SHUTDOWN_TIMEOUT_MS: 'soon',
      REDIS_URL: 'nope',
      ...probe.env,
    });
    expect((await app.exit()).code).toBe(78);
    expect(probe.loaded(app.stderr)).toEqual([]);
    expect(app.stderr).toContain('LOG_LEVEL');
    expect(app.stderr).toContain('SHUTDOWN_TIMEOUT_MS');
    expect(app.stderr).toContain('REDIS_URL');
    expect(app.stderr).not.toMatch(/\n\s+at /);
  });
});
