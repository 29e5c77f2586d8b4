import { PassThrough } from 'node:stream';
import { createLogger } from '@kodus/logger';
import { Counter, Registry } from 'prom-client';
import { emfRecord, ProviderCallMetrics, reportEmfMetric, startMetricsServer } from '../src';

function capture() {
  const stream = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
  });
  return { logger: createLogger({ component: 'test', level: 'debug', destination: stream }), lines };
}

const BACKLOG = {
  namespace: 'Kodus',
  name: 'ReviewQueueBacklog',
  unit: 'Count',
  dimensions: { Queue: 'reviews' },
} as const;

describe('metrics for a process without an HTTP app', () => {
  it('serves the registry on GET /metrics and nothing else', async () => {
    const registry = new Registry();
    new Counter({ name: 'kodus_test_total', help: 'test', registers: [registry] }).inc(2);
    const { logger } = capture();
    const server = await startMetricsServer(registry, { port: 0, host: '127.0.0.1', logger });
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/metrics?x=1`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(await response.text()).toContain('kodus_test_total 2');
      expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: 'POST' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('writes an AWS Embedded Metric Format record', () => {
    expect(emfRecord(BACKLOG, 7, 1700000000000)).toEqual({
      _aws: {
        Timestamp: 1700000000000,
        CloudWatchMetrics: [
          {
            Namespace: 'Kodus',
            Dimensions: [['Queue']],
            Metrics: [{ Name: 'ReviewQueueBacklog', Unit: 'Count' }],
          },
        ],
      },
      Queue: 'reviews',
      ReviewQueueBacklog: 7,
    });
  });

  it('logs one EMF line per read, none for a failed read, and tries again soon after a failure', async () => {
    const { logger, lines } = capture();
    const values = [Promise.reject(new Error('redis not ready')), Promise.resolve(4)];
    values[0]!.catch(() => undefined);
    const stop = reportEmfMetric({ logger, metric: BACKLOG, everyMs: 60000, read: () => values.shift()! });
    try {
      const deadline = Date.now() + 10000;
      while (!lines.some((l) => l._aws !== undefined) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const emf = lines.filter((l) => l._aws !== undefined);
      expect(emf).toHaveLength(1);
      expect(emf[0]).toMatchObject({ level: 'info', Queue: 'reviews', ReviewQueueBacklog: 4 });
      expect(lines.some((l) => l.msg === 'metric not reported')).toBe(true);
    } finally {
      stop();
    }
  }, 15000);
});

describe('ProviderCallMetrics', () => {
  class FakeProviderError extends Error {
    constructor(readonly status: number) {
      super(`HTTP ${status}`);
      this.name = 'GitProviderError';
    }
  }
  /** A client as the worker gets one: async methods, state on `this`. */
  class Client {
    private readonly answer = 42;
    async getPullRequest(): Promise<number> {
      return this.answer;
    }
    async postReview(): Promise<never> {
      throw new FakeProviderError(502);
    }
    async readFile(): Promise<never> {
      throw new TypeError('fetch failed');
    }
  }

  it('times each call by provider, operation and outcome, and counts errors by kind', async () => {
    const registry = new Registry();
    const metrics = new ProviderCallMetrics();
    metrics.register(registry);
    const client = metrics.observe('github', new Client());
    expect(metrics.observe('github', client)).toBe(client);
    expect(await client.getPullRequest()).toBe(42);
    await expect(client.postReview()).rejects.toThrow('HTTP 502');
    await expect(client.readFile()).rejects.toThrow('fetch failed');
    const text = await registry.metrics();
    expect(text).toContain(
      'kodus_provider_call_duration_seconds_count{provider="github",operation="getPullRequest",outcome="ok"} 1',
    );
    expect(text).toContain(
      'kodus_provider_call_duration_seconds_count{provider="github",operation="postReview",outcome="error"} 1',
    );
    expect(text).toContain(
      'kodus_provider_call_errors_total{provider="github",operation="postReview",kind="502"} 1',
    );
    expect(text).toContain(
      'kodus_provider_call_errors_total{provider="github",operation="readFile",kind="TypeError"} 1',
    );
  });
});
