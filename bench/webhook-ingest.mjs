#!/usr/bin/env node
// Webhook ingest benchmark: signed ~25 KB GitHub pull_request payloads, a unique delivery id per
// request, autocannon on loopback (50 connections, 10 s), against the Kodus webhook-handler (Redis only,
// and WEBHOOK_DELIVERY_LOG=postgres, which records each delivery in PostgreSQL before its 202) and a bare
// Fastify + BullMQ baseline measured in the same run. Then checks that every 202 is in Redis once (and,
// with the log, in PostgreSQL once).
//
//   npx turbo run build --filter=@kodus/webhook-handler && node bench/webhook-ingest.mjs [--duration 10]
//     [--connections 50] [--rounds 2] [--cpu-prof-dir DIR] [--also-entry OTHER/dist/main.js]
//     [--also-env KEY=VALUE[,KEY=VALUE]]
//   (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres: a scratch database is made there)
/* global fetch, setTimeout, URL */
import { fork, spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createRequire } from 'node:module';
import { pullRequestPayload } from './github-payload.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');
const { migrate } = require('../packages/persistence/dist/index.js');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '2' },
    // Writes a V8 CPU profile of each server process there (node --cpu-prof).
    'cpu-prof-dir': { type: 'string' },
    // Also measures another build of the handler (e.g. a previous commit's dist/main.js), Redis only.
    'also-entry': { type: 'string' },
    // Also measures the handler (or --also-entry) with extra environment, Redis only: KEY=VALUE,KEY=VALUE.
    'also-env': { type: 'string' },
  },
});
const profile = values['cpu-prof-dir'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof-dir']] : [];
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
    } catch {
      // not listening yet
    }
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

/** The process's CPU time so far (user + system, all threads) in µs; undefined where /proc is absent. */
async function cpuMicros(pid) {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
  } catch {
    return undefined;
  }
}

async function run(label, start) {
  const prefix = `kodus-bench-${randomUUID().slice(0, 8)}`;
  const port = await freePort();
  const child = start(port, prefix);
  await waitReady(`http://127.0.0.1:${port}/health/live`);
  const cpuBefore = await cpuMicros(child.pid);
  const loaded = await load(port, label);
  const cpuAfter = await cpuMicros(child.pid);
  // CPU time per request barely moves with the machine's load, unlike req/s: the steadier comparison.
  const cpuPerRequest =
    cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / loaded.requests;
  const result = { ...loaded, cpuPerRequest };
  child.kill('SIGTERM');
  await once(child, 'exit');
  const stored = await jobsIn(prefix);
  const missing = [...result.acceptedIds].filter((id) => !stored.ids.has(id)).length;
  // Requests still in flight when the load stopped are stored but their 202 was not counted.
  return { ...result, stored: stored.total, missing, unanswered: stored.total - result.acceptedIds.size };
}

const startBaseline = (extraEnv) => (port, prefix) =>
  fork(join(root, 'bench', 'baseline-server.mjs'), {
    env: { ...process.env, PORT: String(port), REDIS_KEY_PREFIX: prefix, ...extraEnv },
    execArgv: profile,
    stdio: 'ignore',
  });
const KODUS_ENTRY = join(root, 'apps', 'webhook-handler', 'dist', 'main.js');
const startKodus =
  (extraEnv, entry = KODUS_ENTRY) =>
  (port, prefix) =>
    spawn(process.execPath, [...profile, entry], {
      env: {
        PATH: process.env.PATH,
        COMPONENT_TYPE: 'webhook',
        HOST: '127.0.0.1',
        WEBHOOK_PORT: String(port),
        REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        GITHUB_WEBHOOK_SECRET: SECRET,
        LOG_LEVEL: 'warn',
        ...extraEnv,
      },
      stdio: 'ignore',
    });

// A scratch database for the delivery log, dropped afterwards.
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const scratchName = `kodus_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const scratch = new URL(POSTGRES_URL);
scratch.pathname = `/${scratchName}`;
const silent = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };
await migrate(scratch.toString(), silent);

async function notLogged(ids) {
  const client = new pg.Client({ connectionString: scratch.toString() });
  await client.connect();
  const { rows } = await client.query('SELECT job_id FROM delivery_log WHERE job_id = ANY($1)', [[...ids]]);
  await client.end();
  return ids.size - rows.length;
}

const otherEnv = Object.fromEntries(
  (values['also-env'] ?? '')
    .split(',')
    .filter((pair) => pair.includes('='))
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);
const otherLabel =
  values['also-entry'] || values['also-env']
    ? [values['also-entry'], values['also-env']].filter(Boolean).join(' ')
    : undefined;

// Each round measures the four servers one after the other, so drift in the machine's load (large on a
// shared host) hits a round's servers alike: the ratios are taken within a round.
const rounds = [];
for (let round = 1; round <= Number(values.rounds); round++) {
  const baseline = await run(`bare Fastify + BullMQ add (round ${round})`, startBaseline({}));
  const verifying = await run(
    `bare Fastify + HMAC check + BullMQ add (round ${round})`,
    startBaseline({ VERIFY_SECRET: SECRET }),
  );
  const kodus = await run(`Kodus, Redis only (round ${round})`, startKodus({}));
  const logged = await run(
    `Kodus, WEBHOOK_DELIVERY_LOG=postgres (round ${round})`,
    startKodus({ WEBHOOK_DELIVERY_LOG: 'postgres', DATABASE_URL: scratch.toString() }),
  );
  logged.notLogged = await notLogged(logged.acceptedIds);
  const other = otherLabel
    ? await run(`${otherLabel}, Redis only (round ${round})`, startKodus(otherEnv, values['also-entry']))
    : undefined;
  rounds.push({ baseline, verifying, kodus, logged, other });
}
{
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${scratchName}" WITH (FORCE)`);
  await admin.end();
}

const rows = rounds.flatMap((r) => [
  r.baseline,
  r.verifying,
  r.kodus,
  r.logged,
  ...(r.other ? [r.other] : []),
]);
console.log(
  `payload ${body.length} bytes, ${values.connections} connections, ${values.duration} s each, node ${process.version}`,
);
console.log(
  '| server | req/s | p50 ms | p99 ms | server CPU µs/request | errors | non-2xx | 202s | 202s missing in Redis | stored, answer not counted |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const cells = [
    r.label,
    r.reqPerSec.toFixed(0),
    r.p50,
    r.p99,
    r.cpuPerRequest === undefined ? 'n/a' : r.cpuPerRequest.toFixed(0),
    r.errors,
    r.non2xx,
    r.acceptedIds.size,
    r.missing,
    r.unanswered,
  ];
  console.log(`| ${cells.join(' | ')} |`);
}
const ratio = (a, b) => (a.reqPerSec / b.reqPerSec).toFixed(2);
console.log(
  `\n| round | Redis only / bare | Redis only / verifying | delivery log / verifying | delivery log / Redis only |${otherLabel ? ' other build / verifying |' : ''}`,
);
console.log(`|---|---|---|---|---|${otherLabel ? '---|' : ''}`);
for (const [i, r] of rounds.entries()) {
  const cells = [
    i + 1,
    ratio(r.kodus, r.baseline),
    ratio(r.kodus, r.verifying),
    ratio(r.logged, r.verifying),
    ratio(r.logged, r.kodus),
    ...(r.other ? [ratio(r.other, r.verifying)] : []),
  ];
  console.log(`| ${cells.join(' | ')} |`);
}
const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return 'n/a';
  const mid = Math.floor(sorted.length / 2);
  return (sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2).toFixed(2);
};
if (rounds.length > 2) {
  const per = (pick) => rounds.map((r) => Number(pick(r)));
  console.log(
    `\nmedian over ${rounds.length} rounds: Redis only / verifying ${median(per((r) => ratio(r.kodus, r.verifying)))}, ` +
      `delivery log / verifying ${median(per((r) => ratio(r.logged, r.verifying)))}` +
      (otherLabel ? `, other build / verifying ${median(per((r) => ratio(r.other, r.verifying)))}` : ''),
  );
}
const cpuRatio = (a, b) =>
  a.cpuPerRequest && b.cpuPerRequest ? (b.cpuPerRequest / a.cpuPerRequest).toFixed(2) : 'n/a';
console.log(
  '\nServer CPU per request, as efficiency (verifying baseline µs / server µs; 1.00 = as cheap as the baseline):',
);
console.log(`| round | Redis only | delivery log |${otherLabel ? ' other build |' : ''}`);
console.log(`|---|---|---|${otherLabel ? '---|' : ''}`);
for (const [i, r] of rounds.entries()) {
  const cells = [
    i + 1,
    cpuRatio(r.kodus, r.verifying),
    cpuRatio(r.logged, r.verifying),
    ...(r.other ? [cpuRatio(r.other, r.verifying)] : []),
  ];
  console.log(`| ${cells.join(' | ')} |`);
}
const kodusRuns = rounds.map((r) => r.kodus);
const loggedRuns = rounds.map((r) => r.logged);
const allIn = (runs) => runs.every((r) => r.missing === 0);
console.log(
  `\nKodus p99 (Redis only) ${kodusRuns.map((r) => r.p99).join(', ')} ms; with the delivery log ` +
    `${loggedRuns.map((r) => r.p99).join(', ')} ms (goal <= 25 ms at 50 connections)`,
);
console.log(
  `every 202 in Redis: ${allIn(kodusRuns) && allIn(loggedRuns) ? 'yes' : 'NO'}; every delivery-log 202 in ` +
    `PostgreSQL: ${loggedRuns.every((r) => r.notLogged === 0) ? 'yes' : 'NO'}`,
);
