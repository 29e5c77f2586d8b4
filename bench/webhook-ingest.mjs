#!/usr/bin/env node
// Webhook ingest benchmark: signed ~25 KB GitHub pull_request payloads, a unique delivery id per
// request, autocannon on loopback (50 connections, 10 s), against the Kodus webhook-handler and a bare
// Fastify + BullMQ baseline measured in the same run. Then checks that every 202 is in Redis once.
//
//   npm run build && node bench/webhook-ingest.mjs [--duration 10] [--connections 50]
import { fork, spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pullRequestPayload } from './github-payload.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' } },
});
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'bench-secret';
const body = pullRequestPayload();
const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered`);
}

async function load(port, label) {
  const acceptedIds = new Set();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/webhooks/github`,
    connections: Number(values.connections),
    duration: Number(values.duration),
    requests: [
      {
        method: 'POST',
        setupRequest(request) {
          request.headers = {
            'content-type': 'application/json',
            'x-github-event': 'pull_request',
            'x-github-delivery': randomUUID(),
            'x-hub-signature-256': signature,
          };
          request.body = body;
          return request;
        },
        onResponse(status, responseBody) {
          if (status === 202) acceptedIds.add(JSON.parse(responseBody).jobId);
        },
      },
    ],
  });
  return {
    label,
    requests: result.requests.total,
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    accepted: result['2xx'],
    non2xx: result.non2xx,
    acceptedIds,
  };
}

async function jobsIn(prefix) {
  const redis = new Redis(REDIS_URL);
  const queue = new Queue('reviews', { connection: redis, prefix });
  const counts = await queue.getJobCounts(
    'waiting',
    'active',
    'completed',
    'failed',
    'delayed',
    'prioritized',
  );
  const ids = new Set();
  for (const job of await queue.getJobs(['waiting'], 0, -1)) ids.add(job.id);
  await queue.obliterate({ force: true });
  await queue.close();
  redis.disconnect();
  return { total: Object.values(counts).reduce((a, b) => a + b, 0), ids };
}

async function run(label, start) {
  const prefix = `kodus-bench-${randomUUID().slice(0, 8)}`;
  const port = await freePort();
  const child = start(port, prefix);
  await waitReady(`http://127.0.0.1:${port}/health/live`);
  const result = await load(port, label);
  child.kill('SIGTERM');
  await once(child, 'exit');
  const stored = await jobsIn(prefix);
  const missing = [...result.acceptedIds].filter((id) => !stored.ids.has(id)).length;
  // Requests still in flight when the load stopped are stored but their 202 was not counted.
  return { ...result, stored: stored.total, missing, unanswered: stored.total - result.acceptedIds.size };
}

const baseline = await run('bare Fastify + BullMQ add', (port, prefix) =>
  fork(join(root, 'bench', 'baseline-server.mjs'), {
    env: { ...process.env, PORT: String(port), REDIS_KEY_PREFIX: prefix },
    stdio: 'ignore',
  }),
);
const verifying = await run('bare Fastify + HMAC check + BullMQ add', (port, prefix) =>
  fork(join(root, 'bench', 'baseline-server.mjs'), {
    env: { ...process.env, PORT: String(port), REDIS_KEY_PREFIX: prefix, VERIFY_SECRET: SECRET },
    stdio: 'ignore',
  }),
);
const kodus = await run('Kodus webhook-handler', (port, prefix) =>
  spawn(process.execPath, [join(root, 'apps', 'webhook-handler', 'dist', 'main.js')], {
    env: {
      PATH: process.env.PATH,
      COMPONENT_TYPE: 'webhook',
      HOST: '127.0.0.1',
      WEBHOOK_PORT: String(port),
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      GITHUB_WEBHOOK_SECRET: SECRET,
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  }),
);

const rows = [baseline, verifying, kodus];
console.log(
  `payload ${body.length} bytes, ${values.connections} connections, ${values.duration} s each, node ${process.version}`,
);
console.log(
  '| server | req/s | p50 ms | p99 ms | errors | non-2xx | 202s | 202s missing in Redis | stored, answer not counted |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const cells = [
    r.label,
    r.reqPerSec.toFixed(0),
    r.p50,
    r.p99,
    r.errors,
    r.non2xx,
    r.acceptedIds.size,
    r.missing,
    r.unanswered,
  ];
  console.log(`| ${cells.join(' | ')} |`);
}
console.log(
  `\nratio Kodus / bare baseline req/s: ${(kodus.reqPerSec / baseline.reqPerSec).toFixed(2)} (goal >= 0.85)`,
);
console.log(`ratio Kodus / verifying baseline req/s: ${(kodus.reqPerSec / verifying.reqPerSec).toFixed(2)}`);
console.log(
  `Kodus p99 ${kodus.p99} ms (goal <= 25 ms); every 202 found in Redis: ${kodus.missing === 0 ? 'yes' : 'NO'}`,
);
