import { PassThrough } from 'node:stream';
import { createLogger } from '@kodus/logger';
import { Counter, Registry } from 'prom-client';
import { emfRecord, reportEmfMetric, startMetricsServer } from '../src';

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
