#!/usr/bin/env node
// Worker overhead benchmark: 200 signed pull_request webhooks, each for its own 20-file pull request on
// the GitHub stand-in, through the real webhook-handler and worker (built output, real Redis and
// PostgreSQL). Reports reviews per second and the latency from the 202 to the review posted on "GitHub".
//
//   npm run build && node bench/worker-throughput.mjs [--reviews 200] [--files 20] [--concurrency 2]
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchEnv, seedPullRequests, sendOpened } from './lib/github-bench.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { GithubStandIn, createTestDatabase, freePort, waitFor } = require('@kodus/test-helpers');
const { values } = parseArgs({
  options: {
    reviews: { type: 'string', default: '200' },
    files: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '2' },
  },
});
const workerFlags =
  require(join(root, 'pm2', 'ecosystem.config.js')).apps.find((a) => a.name === 'kodus-worker')?.node_args ??
  [];
const REVIEWS = Number(values.reviews);
const FILES = Number(values.files);
const SECRET = 'bench-secret';
const REPO = { owner: 'acme', name: 'bench' };

/** A 30-line hunk of TypeScript with one debug leftover, like an ordinary change. */
function patchFor(file) {
  const lines = Array.from(
    { length: 30 },
    (_, i) => `+export const value${file}_${i} = compute(${i}, "${'x'.repeat(20)}");`,
  );
  lines[17] = '+console.log("checking", value);';
  return [`@@ -0,0 +1,${lines.length} @@`, ...lines].join('\n');
}

const github = await new GithubStandIn({ tokens: { 'bench-token': 'kodus-bot' } }).start();
const heads = seedPullRequests(github, REPO, { reviews: REVIEWS, files: FILES, patchFor });

const database = await createTestDatabase('bench');
const port = await freePort();
const env = {
  ...benchEnv({
    port,
    databaseUrl: database.url,
    secret: SECRET,
    githubUrl: github.url,
    concurrency: values.concurrency,
  }),
};
spawnSync(process.execPath, [join(root, 'packages', 'persistence', 'dist', 'migrate-command.js')], {
  env,
  stdio: 'inherit',
});
const apps = [
  spawn(process.execPath, [join(root, 'apps', 'webhook-handler', 'dist', 'main.js')], {
    env: { ...env, COMPONENT_TYPE: 'webhook' },
    stdio: 'inherit',
  }),
  // The worker with its deployed node flags (PM2 node_args, equal to the Dockerfile's CMD).
  spawn(process.execPath, [...workerFlags, join(root, 'apps', 'worker', 'dist', 'main.js')], {
    env: { ...env, COMPONENT_TYPE: 'worker' },
    stdio: 'inherit',
  }),
];
await waitFor('the webhook-handler', async () =>
  (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.status === 200
    ? true
    : undefined,
);
await new Promise((r) => setTimeout(r, 2000)); // the worker's first heartbeat

const accepted = new Map();
const started = Date.now();
await Promise.all(
  Array.from({ length: REVIEWS }, async (_, i) => {
    const number = i + 1;
    await sendOpened({ port, secret: SECRET, repo: REPO, number, headSha: heads.get(number) });
    accepted.set(number, Date.now());
  }),
);
await waitFor(
  'every review posted',
  () => ([...heads.keys()].every((n) => github.reviews(REPO, n).length > 0) ? true : undefined),
  { timeoutMs: 600000, intervalMs: 50 },
);
const latencies = [...heads.keys()]
  .map((n) => Date.parse(github.reviews(REPO, n)[0].submittedAt) - accepted.get(n))
  .sort((a, b) => a - b);
const lastPosted = Math.max(
  ...[...heads.keys()].map((n) => Date.parse(github.reviews(REPO, n)[0].submittedAt)),
);
const duplicates = [...heads.keys()].filter((n) => github.reviews(REPO, n).length !== 1).length;
const comments = github.reviews(REPO, 1)[0].comments.length;
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];

for (const app of apps) app.kill('SIGTERM');
await Promise.all(apps.map((app) => once(app, 'exit')));
await github.stop();
await database.drop();

const seconds = (lastPosted - started) / 1000;
console.log(
  `${REVIEWS} reviews of ${FILES}-file pull requests (${comments} inline comments each), WORKER_CONCURRENCY=${values.concurrency}, one worker process, node ${process.version}`,
);
console.log('| reviews/s | p50 ms (202 → posted) | p99 ms | max ms | duplicate reviews |');
console.log('|---|---|---|---|---|');
console.log(
  `| ${(REVIEWS / seconds).toFixed(1)} | ${pct(50)} | ${pct(99)} | ${latencies[latencies.length - 1]} | ${duplicates} |`,
);
