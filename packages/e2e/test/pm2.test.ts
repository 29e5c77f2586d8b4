import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  freePort,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  waitFor,
  waitForStatus,
} from '@kodus/test-helpers';

interface Pm2Process {
  name: string;
  pid: number;
  pm2_env: { status: string; exec_mode: string; restart_time: number; exit_code?: number };
}
import { ECOSYSTEM, pm2 as runPm2, workerHealthy } from './support/pm2';

describe('PM2: pm2/ecosystem.config.js', () => {
  let pm2Home: string;
  let database: TestDatabase;
  let env: Record<string, string>;
  let webhookUrl: string;
  let apiUrl: string;

  const pm2 = (...args: string[]) => runPm2(env, ...args);
  const list = (): Pm2Process[] => JSON.parse(pm2('jlist')) as Pm2Process[];

  beforeAll(async () => {
    pm2Home = mkdtempSync(join(tmpdir(), 'kodus-pm2-'));
    database = await createTestDatabase('pm2');
    const [webhookPort, apiPort] = [await freePort(), await freePort()];
    webhookUrl = `http://127.0.0.1:${webhookPort}`;
    apiUrl = `http://127.0.0.1:${apiPort}`;
    env = {
      PATH: process.env.PATH ?? '',
      HOME: pm2Home,
      PM2_HOME: pm2Home,
      ...testSecrets(),
      HOST: '127.0.0.1',
      WEBHOOK_PORT: String(webhookPort),
      API_PORT: String(apiPort),
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: uniquePrefix('pm2'),
      WORKER_HEARTBEAT_FILE: join(pm2Home, 'worker.heartbeat'),
      SHUTDOWN_TIMEOUT_MS: '5000',
    };
  });

  afterAll(async () => {
    try {
      pm2('kill');
    } finally {
      rmSync(pm2Home, { recursive: true, force: true });
      await database.drop();
    }
  });

  it('starts all three apps online and healthy, then stops them cleanly', async () => {
    pm2('start', ECOSYSTEM, '--env', 'production');

    const online = await waitFor(
      'every PM2 process online',
      () => {
        const processes = list();
        return processes.length === 5 && processes.every((p) => p.pm2_env.status === 'online')
          ? processes
          : undefined;
      },
      { timeoutMs: 60000, intervalMs: 500 },
    );
    const modes = Object.fromEntries(online.map((p) => [p.name, p.pm2_env.exec_mode]));
    expect(modes).toEqual({
      'kodus-webhook': 'cluster_mode',
      'kodus-api': 'cluster_mode',
      'kodus-worker': 'fork_mode',
    });

    await waitForStatus(`${webhookUrl}/health/ready`, 200, 30000);
    await waitForStatus(`${apiUrl}/health/ready`, 200, 30000);
    await waitFor('the worker health command to pass', () => (workerHealthy(env) ? true : undefined), {
      timeoutMs: 30000,
    });
    expect(list().every((p) => p.pm2_env.restart_time === 0)).toBe(true);

    pm2('delete', ECOSYSTEM);
    expect(list()).toEqual([]);

    // Each app's lines are in its own PM2 log file (what `pm2 logs <app>` shows), cluster and fork mode
    // alike, from the first line to the last one written while PM2 stops it — none in the daemon's log.
    const linesOf = (file: string) =>
      readFileSync(join(pm2Home, file), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const own = {
      'kodus-webhook': linesOf(join('logs', 'kodus-webhook-out.log')),
      'kodus-api': linesOf(join('logs', 'kodus-api-out.log')),
      'kodus-worker': linesOf(join('logs', 'kodus-worker-out.log')),
    };
    expect(linesOf('pm2.log')).toEqual([]);
    const components = {
      'kodus-webhook': 'webhook-handler',
      'kodus-api': 'api-rest',
      'kodus-worker': 'worker',
    };
    const instances = { 'kodus-webhook': 2, 'kodus-api': 2, 'kodus-worker': 1 };
    for (const [app, lines] of Object.entries(own) as [keyof typeof own, Record<string, unknown>[]][]) {
      expect(new Set(lines.map((line) => line.component))).toEqual(new Set([components[app]]));
      const started = lines.filter((line) => /^\w+ (listening|started)$/.test(String(line.msg)));
      expect(started).toHaveLength(instances[app]);
      // PM2 stops with SIGINT: every process drained and exited 0 (no SIGKILL after kill_timeout).
      const drained = lines.filter((line) => line.msg === 'drained');
      expect(drained).toHaveLength(instances[app]);
      expect(drained.every((line) => line.exitCode === 0)).toBe(true);
      const draining = lines.filter((line) => line.msg === 'draining');
      expect(draining.map((line) => line.reason)).toEqual(Array(instances[app]).fill('SIGINT'));
    }
    const pm2Log = readFileSync(join(pm2Home, 'pm2.log'), 'utf8');
    const exits = pm2Log.match(/exited with code \[\d+\] via signal \[\w+\]/g) ?? [];
    expect(exits).toHaveLength(5);
    expect(exits.every((line) => line === 'exited with code [0] via signal [SIGINT]')).toBe(true);
    expect((await fetch(`${webhookUrl}/health/live`).catch(() => undefined))?.status).toBeUndefined();
  });

  it('stops an app that exits 78 (invalid configuration) instead of restarting it', async () => {
    // A token too short for the schema: the api exits 78 naming it, and PM2 must leave it stopped.
    const badEnv = { ...env, API_ADMIN_TOKEN: 'too-short' };
    runPm2(badEnv, 'start', ECOSYSTEM, '--only', 'kodus-api', '--env', 'production');
    try {
      // PM2 marks such an app 'waiting restart' when a restart delay is configured, but schedules none.
      await waitFor(
        'both kodus-api instances to exit 78',
        () => {
          const api = list().filter((p) => p.name === 'kodus-api');
          return api.length === 2 && api.every((p) => p.pm2_env.exit_code === 78 && p.pid === 0)
            ? true
            : undefined;
        },
        { timeoutMs: 30000, intervalMs: 250 },
      );
      // Well past PM2's first restart delay (exp_backoff_restart_delay, 200 ms): nothing restarted.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const api = list().filter((p) => p.name === 'kodus-api');
      expect(api.map((p) => [p.pid, p.pm2_env.restart_time])).toEqual([
        [0, 0],
        [0, 0],
      ]);
    } finally {
      pm2('delete', ECOSYSTEM);
    }
  });
});
