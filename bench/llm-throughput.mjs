#!/usr/bin/env node
// LLM-bound throughput: signed pull_request webhooks for 5-file pull requests on the GitHub stand-in, through
// the real webhook-handler and one worker (built output, real Redis and PostgreSQL), the LLM review on
// (LLM_PROVIDER=openai) against the LLM stand-in answering every call after a fixed delay. Compares the wall
// time from the first webhook to the last review posted with the ideal (calls × delay / concurrency) and
// samples the worker's peak RSS (VmRSS in /proc/<pid>/status).
//
//   npm run build && node bench/llm-throughput.mjs [--reviews 100] [--files 5] [--concurrency 20]
//     [--delay-ms 2000] [--llm-concurrency <n>]   (LLM_MAX_CONCURRENCY; absent: the configuration's default)
//     [--worker-flags '--max-semi-space-size=16']   (node flags for the worker; absent: PM2's node_args)
//     [--worker-node-options '--cpu-prof']          (the worker's NODE_OPTIONS)
//     [--warm-up 0]   (reviews of other pull requests run to the end before the measured burst: the
//                      worker's steady state, its code compiled and its connections open; 0: a fresh worker)
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setInterval, clearInterval, setTimeout } from 'node:timers';
import { parseArgs } from 'node:util';
import { benchEnv, seedPullRequests, sendOpened } from './lib/github-bench.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { GithubStandIn, LlmStandIn, createTestDatabase, freePort, waitFor } = require('@kodus/test-helpers');
const { Client } = require(require.resolve('pg', { paths: [join(root, 'packages', 'persistence')] }));
const { default: Redis } = require(require.resolve('ioredis', { paths: [join(root, 'packages', 'queue')] }));
const { values } = parseArgs({
  options: {
    reviews: { type: 'string', default: '100' },
    files: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '20' },
    'delay-ms': { type: 'string', default: '2000' },
    'llm-concurrency': { type: 'string' },
    // V8 flags for the worker only (NODE_OPTIONS), e.g. --max-semi-space-size=4 to see the heap's slack.
    'worker-node-options': { type: 'string' },
    // node's command-line flags for the worker; default: the deployed ones (PM2 node_args, equal to the
    // Dockerfile's CMD by the deploy-contract test); '' for Node's defaults.
    'worker-flags': { type: 'string' },
    'warm-up': { type: 'string', default: '0' },
  },
});
const deployedFlags =
  require(join(root, 'pm2', 'ecosystem.config.js')).apps.find((a) => a.name === 'kodus-worker')?.node_args ??
  [];
const workerFlags =
  values['worker-flags'] === undefined ? deployedFlags : values['worker-flags'].split(/\s+/).filter(Boolean);
const REVIEWS = Number(values.reviews);
const FILES = Number(values.files);
const CONCURRENCY = Number(values.concurrency);
const DELAY_MS = Number(values['delay-ms']);
const WARM_UP = Number(values['warm-up']);
const SECRET = 'bench-secret';
const KEY = 'sk-bench-0123456789abcdefghijklmnop';
const REPO = { owner: 'acme', name: 'bench' };

/** A 30-line hunk of TypeScript, like an ordinary change. */
function patchFor(file) {
  const lines = Array.from(
    { length: 30 },
    (_, i) => `+export const value${file}_${i} = compute(${i}, "${'x'.repeat(20)}");`,
  );
  return [`@@ -0,0 +1,${lines.length} @@`, ...lines].join('\n');
}

const github = await new GithubStandIn({ tokens: { 'bench-token': 'kodus-bot' } }).start();
const llm = await new LlmStandIn({ apiKey: KEY }).start();
// Every call: one finding on an added line of the first file, after the delay.
llm.script({
  reply: {
    delayMs: DELAY_MS,
    json: {
      suggestions: [
        {
          relevantFile: 'src/module-0.ts',
          relevantLinesStart: 3,
          relevantLinesEnd: 3,
          label: 'bug',
          severity: 'high',
          suggestionContent: 'compute() may throw here; the caller does not handle it.',
          oneSentenceSummary: 'Unhandled error from compute().',
          existingCode: null,
          improvedCode: null,
        },
      ],
    },
  },
});
const heads = seedPullRequests(github, REPO, { reviews: REVIEWS, files: FILES, patchFor });
const WARM_REPO = { owner: 'acme', name: 'warm-up' };
const warmHeads = seedPullRequests(github, WARM_REPO, { reviews: WARM_UP, files: FILES, patchFor });

const database = await createTestDatabase('bench');
const port = await freePort();
const env = {
  ...benchEnv({
    port,
    databaseUrl: database.url,
    secret: SECRET,
    githubUrl: github.url,
    concurrency: CONCURRENCY,
  }),
  LLM_PROVIDER: 'openai',
  LLM_MODEL: 'gpt-4o-mini',
  LLM_API_KEY: KEY,
  LLM_BASE_URL: llm.url,
  ...(values['llm-concurrency'] ? { LLM_MAX_CONCURRENCY: values['llm-concurrency'] } : {}),
};
spawnSync(process.execPath, [join(root, 'packages', 'persistence', 'dist', 'migrate-command.js')], {
  env,
  stdio: 'inherit',
});
const handler = spawn(process.execPath, [join(root, 'apps', 'webhook-handler', 'dist', 'main.js')], {
  env: { ...env, COMPONENT_TYPE: 'webhook' },
  stdio: 'inherit',
});
const worker = spawn(process.execPath, [...workerFlags, join(root, 'apps', 'worker', 'dist', 'main.js')], {
  env: {
    ...env,
    COMPONENT_TYPE: 'worker',
    ...(values['worker-node-options'] ? { NODE_OPTIONS: values['worker-node-options'] } : {}),
  },
  stdio: 'inherit',
});
// Whatever happens (a timeout, a crash of this script), the apps do not outlive it.
process.on('exit', () => {
  for (const app of [handler, worker]) if (app.exitCode === null) app.kill('SIGKILL');
});
const rssKiB = () => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${worker.pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
};
let peakKiB = 0;
const sampler = setInterval(() => {
  try {
    peakKiB = Math.max(peakKiB, rssKiB());
  } catch {
    // the worker has exited
  }
}, 50);
await waitFor('the webhook-handler', async () =>
  (await globalThis.fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.status === 200
    ? true
    : undefined,
);
// The worker consuming (its heartbeat says so; it starts once its LLM reviewer has warmed up), then a pause.
await waitFor(
  'the worker consuming',
  () => {
    try {
      return JSON.parse(readFileSync(env.WORKER_HEARTBEAT_FILE, 'utf8')).consuming === true
        ? true
        : undefined;
    } catch {
      return undefined; // not written yet
    }
  },
  { timeoutMs: 60000, intervalMs: 50 },
);
if (WARM_UP > 0) {
  // Reviews of other pull requests first, to the end: what is measured is then the worker's steady state.
  await Promise.all(
    [...warmHeads].map(([number, headSha]) =>
      sendOpened({ port, secret: SECRET, repo: WARM_REPO, number, headSha }),
    ),
  );
  await waitFor(
    'the warm-up reviews posted',
    () => ([...warmHeads.keys()].every((n) => github.reviews(WARM_REPO, n).length > 0) ? true : undefined),
    { timeoutMs: 300000, intervalMs: 50 },
  );
}
await new Promise((r) => setTimeout(r, 1000));
const warmUpCalls = llm.requests.length;
const idleKiB = rssKiB();
// The worker's CPU time (user + system, ms) so far: what it spent before the first webhook is subtracted.
const cpuMsOf = (pid) => {
  const ticks = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return ((Number(ticks[11]) + Number(ticks[12])) * 1000) / 100; // USER_HZ is 100 on Linux
};
const cpuBeforeMs = { worker: cpuMsOf(worker.pid), handler: cpuMsOf(handler.pid) };

// The worker's PostgreSQL connections (its pool holds up to 2 × WORKER_CONCURRENCY + 2): open, and busy.
const watcher = new Client({ connectionString: database.url });
await watcher.connect();
let connections = { open: 0, active: 0 };
let watching = true;
const watched = (async () => {
  while (watching) {
    const { rows } = await watcher.query(
      `SELECT count(*)::int AS open, count(*) FILTER (WHERE state = 'active')::int AS active
         FROM pg_stat_activity WHERE application_name = 'kodus-worker' AND datname = current_database()`,
    );
    connections = {
      open: Math.max(connections.open, rows[0].open),
      active: Math.max(connections.active, rows[0].active),
    };
    await new Promise((r) => setTimeout(r, 200));
  }
})();

const started = Date.now();
await Promise.all(
  Array.from({ length: REVIEWS }, async (_, i) => {
    const number = i + 1;
    await sendOpened({ port, secret: SECRET, repo: REPO, number, headSha: heads.get(number) });
  }),
);
await waitFor(
  'every review posted',
  () => ([...heads.keys()].every((n) => github.reviews(REPO, n).length > 0) ? true : undefined),
  { timeoutMs: 900000, intervalMs: 50 },
);
const lastPosted = Math.max(
  ...[...heads.keys()].map((n) => Date.parse(github.reviews(REPO, n)[0].submittedAt)),
);
const duplicates = [...heads.keys()].filter((n) => github.reviews(REPO, n).length !== 1).length;
const withFinding = [...heads.keys()].filter((n) =>
  github.reviews(REPO, n)[0].comments.some((c) => c.body.includes('compute() may throw')),
).length;
clearInterval(sampler);
watching = false;
await watched;
await watcher.end();
const measured = llm.requests.slice(warmUpCalls);
const calls = measured.length;
const maxInFlight = llm.maxInFlight;
// The model calls in waves of WORKER_CONCURRENCY by arrival: when each wave's first and last call arrived,
// and how long after the previous wave's last answer its last call came (the slot's turn-around).
const byArrival = [...measured].sort((a, b) => a.receivedAt - b.receivedAt);
const waves = [];
for (let i = 0; i < byArrival.length; i += CONCURRENCY) {
  const wave = byArrival.slice(i, i + CONCURRENCY);
  const previous = waves.at(-1);
  waves.push({
    first: wave[0].receivedAt - started,
    last: wave.at(-1).receivedAt - started,
    lastAnswer: Math.max(...wave.map((r) => r.answeredAt ?? 0)) - started,
    turnaround: previous === undefined ? undefined : wave.at(-1).receivedAt - started - previous.lastAnswer,
  });
}

// Where each review's time went: the stages the pipeline records, and the model calls' own latency.
const db = new Client({ connectionString: database.url });
await db.connect();
const { rows: stageRows } = await db.query(
  `SELECT s->>'name' AS name, avg((s->>'ms')::int) AS mean, max((s->>'ms')::int) AS max
     FROM reviews, jsonb_array_elements(stages) AS s WHERE started_at >= to_timestamp($1 / 1000.0)
     GROUP BY 1 ORDER BY 2 DESC`,
  [started],
);
const { rows: callRows } = await db.query(
  `SELECT avg(c.latency_ms) AS mean, max(c.latency_ms) AS max FROM llm_calls c JOIN reviews r ON r.id = c.review_id
    WHERE r.started_at >= to_timestamp($1 / 1000.0)`,
  [started],
);
// Where the wall time went besides the reviews themselves: from the first webhook to the first review
// started, the review slots left idle between reviews, and each review's time outside its model call.
const { rows: timeline } = await db.query(
  `SELECT r.job_id, extract(epoch FROM r.started_at) * 1000 AS started, extract(epoch FROM r.finished_at) * 1000 AS finished,
          (SELECT sum(latency_ms) FROM llm_calls c WHERE c.review_id = r.id) AS model_ms, r.stages
     FROM reviews r WHERE r.status = 'completed' AND r.started_at >= to_timestamp($1 / 1000.0)`,
  [started],
);
await db.end();
// BullMQ's own times for each job (taken, finished): the worker's time around the pipeline's.
const redis = new Redis(env.REDIS_URL);
for (const r of timeline) {
  const [timestamp, processedOn, finishedOn] = await redis.hmget(
    `${env.REDIS_KEY_PREFIX}:reviews:${r.job_id}`,
    'timestamp',
    'processedOn',
    'finishedOn',
  );
  r.added = Number(timestamp);
  r.taken = Number(processedOn);
  r.done = Number(finishedOn);
}
await redis.quit();
const meanOf = (list) => Math.round(list.reduce((a, b) => a + b, 0) / Math.max(1, list.length));
const takenToStarted = meanOf(timeline.map((r) => Number(r.started) - r.taken));
const finishedToDone = meanOf(timeline.map((r) => r.done - Number(r.finished)));
// The burst: when the first WORKER_CONCURRENCY jobs were enqueued (after the first webhook) and taken.
const firstJobs = [...timeline].sort((a, b) => a.taken - b.taken).slice(0, CONCURRENCY);
const lastAddedMs = Math.max(...firstJobs.map((r) => r.added)) - started;
const lastTakenMs = Math.max(...firstJobs.map((r) => r.taken)) - started;

// What the reviews cost the apps in CPU besides waiting.
const workerCpuMs = cpuMsOf(worker.pid) - cpuBeforeMs.worker;
const handlerCpuMs = cpuMsOf(handler.pid) - cpuBeforeMs.handler;
for (const app of [handler, worker]) app.kill('SIGTERM');
await Promise.all([handler, worker].map((app) => once(app, 'exit')));
await github.stop();
await llm.stop();
await database.drop();

const wallMs = lastPosted - started;
const firstStart = Math.min(...timeline.map((r) => Number(r.started)));
const lastFinish = Math.max(...timeline.map((r) => Number(r.finished)));
const busyMs = timeline.reduce((sum, r) => sum + Number(r.finished) - Number(r.started), 0);
const outsideOf = (r) => Number(r.finished) - Number(r.started) - Number(r.model_ms ?? 0);
const outsideModel = timeline.map(outsideOf).sort((a, b) => a - b);
// The same by start order, in groups of WORKER_CONCURRENCY (the first group starts together, at the burst).
const byStart = [...timeline].sort((a, b) => Number(a.started) - Number(b.started));
const groups = [];
for (let i = 0; i < byStart.length; i += CONCURRENCY) {
  const group = byStart.slice(i, i + CONCURRENCY).map(outsideOf);
  groups.push(Math.round(group.reduce((a, b) => a + b, 0) / group.length));
}
// Each stage's mean in the first wave and in the later ones: what the burst costs the first reviews.
const stageMeans = (rows) => {
  const sums = new Map();
  for (const r of rows) for (const st of r.stages) sums.set(st.name, (sums.get(st.name) ?? 0) + st.ms);
  return new Map([...sums].map(([k, v]) => [k, Math.round(v / Math.max(1, rows.length))]));
};
const firstWaveStages = stageMeans(byStart.slice(0, CONCURRENCY));
const laterStages = stageMeans(byStart.slice(CONCURRENCY));
// Slot time idle at the edges: before each of the first WORKER_CONCURRENCY reviews started (the burst's
// ramp-up) and after each of the last ones finished (the last wave ends unevenly); the rest of the idle
// time is between one review and the next in a slot.
const finishes = timeline.map((r) => Number(r.finished)).sort((a, b) => a - b);
const rampMs = byStart.slice(0, CONCURRENCY).reduce((sum, r) => sum + Number(r.started) - firstStart, 0);
const tailMs = finishes.slice(-CONCURRENCY).reduce((sum, f) => sum + lastFinish - f, 0);
const idealMs = (calls * DELAY_MS) / CONCURRENCY;
console.log(
  `${REVIEWS} reviews of ${FILES}-file pull requests, WORKER_CONCURRENCY=${CONCURRENCY}, LLM_MAX_CONCURRENCY=${values['llm-concurrency'] ?? '(default)'}, worker flags '${workerFlags.join(' ')}'${values['worker-node-options'] ? `, worker NODE_OPTIONS=${values['worker-node-options']}` : ''}, model answering after ${DELAY_MS} ms, ${WARM_UP > 0 ? `after ${WARM_UP} warm-up reviews` : 'a fresh worker'}, node ${process.version}`,
);
console.log(
  '| model calls | most calls in flight | wall s | ideal s | wall / ideal (goal ≤ 1.1) | worker RSS idle MiB | peak MiB (goal ≤ 300 MB) | reviews with the finding | duplicate reviews |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
console.log(
  `| ${calls} | ${maxInFlight} | ${(wallMs / 1000).toFixed(1)} | ${(idealMs / 1000).toFixed(1)} | ${(wallMs / idealMs).toFixed(2)} | ${(idleKiB / 1024).toFixed(0)} | ${(peakKiB / 1024).toFixed(0)} | ${withFinding}/${REVIEWS} | ${duplicates} |`,
);
console.log(
  `first webhook to first review started ${Math.round(firstStart - started)} ms (the first ${CONCURRENCY} jobs: the last enqueued after ${lastAddedMs} ms, taken after ${lastTakenMs} ms); review slots busy ${((100 * busyMs) / (CONCURRENCY * (lastFinish - firstStart))).toFixed(0)}% of the time from the first start to the last finish; per review outside the model call, p50 / mean / max ms: ${Math.round(outsideModel[Math.floor(outsideModel.length / 2)] ?? 0)} / ${Math.round(outsideModel.reduce((a, b) => a + b, 0) / Math.max(1, outsideModel.length))} / ${Math.round(outsideModel.at(-1) ?? 0)}; by start order, mean per group of ${CONCURRENCY}: ${groups.join(' / ')} ms; slot time idle between reviews ${Math.round((CONCURRENCY * (lastFinish - firstStart) - busyMs) / Math.max(1, timeline.length))} ms per review (of which ramp-up ${Math.round(rampMs / Math.max(1, timeline.length))}, last wave's uneven end ${Math.round(tailMs / Math.max(1, timeline.length))}, BullMQ taken to review started ${takenToStarted} ms, review finished to BullMQ done ${finishedToDone} ms); CPU from the first webhook on: worker ${Math.round(workerCpuMs)} ms (${(workerCpuMs / REVIEWS).toFixed(1)} per review), webhook-handler ${Math.round(handlerCpuMs)} ms; worker PostgreSQL connections at most ${connections.open} open, ${connections.active} busy at once (sampled every 200 ms)`,
);
console.log(
  `model calls by arrival, in waves of ${CONCURRENCY} (ms after the first webhook: first–last arrived, last answered; turn-around = last arrived − previous wave's last answer): ${waves.map((w) => `${w.first}–${w.last}, ${w.lastAnswer}${w.turnaround === undefined ? '' : ` (${w.turnaround})`}`).join(' | ')}; last review posted ${wallMs} ms`,
);
console.log(
  `stages, mean ms in the first wave / later: ${[...firstWaveStages].map(([k, v]) => `${k} ${v} / ${laterStages.get(k) ?? '-'}`).join(', ')}`,
);
console.log(
  `stages, mean / max ms: ${stageRows.map((r) => `${r.name} ${Math.round(r.mean)} / ${r.max}`).join(', ')}; model call latency ${Math.round(callRows[0].mean)} / ${callRows[0].max} ms`,
);
