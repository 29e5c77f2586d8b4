// PM2 target for a plain EC2 host (or a developer machine): the same built apps that docker and ECS run.
//
//   npm ci && npm run build && npm run migrate     # once per deploy
//   pm2 start pm2/ecosystem.config.js --env production
//
// Every variable of the contract comes from the environment PM2 is started in (a systemd unit's
// EnvironmentFile, `set -a; . /etc/kodus.env`, ...): nothing deploy-specific is written here.
// Ports default to the contract's (api 3331, webhook 3332) unless API_PORT / WEBHOOK_PORT are set.
'use strict';

const path = require('node:path');

const root = path.resolve(__dirname, '..');

// PM2 sends SIGINT, waits kill_timeout, then SIGKILL. The apps drain for up to SHUTDOWN_TIMEOUT_MS
// (default 10 s, as in @kodus/config), so PM2 waits that long plus a margin before it kills.
const drainMs = Number(process.env.SHUTDOWN_TIMEOUT_MS || 10000);
const killTimeout = drainMs + 5000;

// The build the apps report (/health/live, kodus_build_info): pm2/deploy.sh sets KODUS_REVISION to the
// release's revision. Declared in the apps' env, so a reload hands a new value over.
const build = Object.fromEntries(
  ['KODUS_VERSION', 'KODUS_REVISION'].flatMap((name) =>
    process.env[name] ? [[name, process.env[name]]] : [],
  ),
);

/** Settings every Kodus app shares under PM2. */
function app(name, dir, component, extra) {
  return {
    name,
    cwd: root,
    // node runs the built entry directly: an npm wrapper in between would swallow SIGINT.
    script: path.join('apps', dir, 'dist', 'main.js'),
    interpreter: 'node',
    env: { COMPONENT_TYPE: component, ...build },
    env_production: { COMPONENT_TYPE: component, NODE_ENV: 'production', ...build },
    // The apps call process.send('ready') once they listen (HTTP) or consume (worker).
    wait_ready: true,
    listen_timeout: 15000,
    kill_timeout: killTimeout,
    // pino stamps every JSON line with its own time; PM2 adds nothing to the lines.
    merge_logs: true,
    autorestart: true,
    // 78 (EX_CONFIG) is an invalid configuration: restarting cannot fix it, so PM2 leaves the app
    // stopped (`pm2 logs <app>` names every bad variable) instead of restarting it ten times.
    stop_exit_codes: [78],
    max_restarts: 10,
    min_uptime: 10000,
    exp_backoff_restart_delay: 200,
    ...extra,
  };
}

module.exports = {
  apps: [
    app('kodus-webhook', 'webhook-handler', 'webhook', {
      exec_mode: 'cluster',
      instances: Number(process.env.KODUS_WEBHOOK_INSTANCES || 2),
    }),
    app('kodus-api', 'api-rest', 'api', {
      exec_mode: 'cluster',
      instances: Number(process.env.KODUS_API_INSTANCES || 2),
    }),
    // One worker process per host: WORKER_CONCURRENCY sets how many reviews it runs at once, and its
    // health command reads the one heartbeat file (WORKER_HEARTBEAT_FILE).
    app('kodus-worker', 'worker', 'worker', {
      exec_mode: 'fork',
      instances: 1,
      // The worker's V8 flags, as in docker/Dockerfile.worker's CMD (why there; the deploy-contract test
      // holds them equal): a young generation of 8 MiB semi-spaces keeps its peak RSS under 300 MB.
      node_args: ['--max-semi-space-size=8'],
    }),
  ],
};
