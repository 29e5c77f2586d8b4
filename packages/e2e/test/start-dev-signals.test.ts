import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  freePort,
  REPO_ROOT,
  type TestDatabase,
  uniquePrefix,
  waitFor,
  waitForStatus,
} from '@kodus/test-helpers';

/**
 * `npm start` stopped by anything but a terminal's Ctrl+C (which signals the whole process group) must
 * stop the stack too: SIGTERM to npm, SIGINT to npm alone. Each case runs the real `npm start` (build,
 * migrate, pm2-runtime) from a .env written for compose.
 */
describe('npm start', () => {
  let scratch: string;
  let database: TestDatabase;
  let npm: ChildProcess | undefined;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'kodus-npm-start-'));
    database = await createTestDatabase('npm_start');
  });
  afterEach(() => {
    // Whatever is left: the whole process group npm started (its own group, see below).
    if (npm?.pid !== undefined) {
      try {
        process.kill(-npm.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await database.drop();
  });

  const down = async (url: string) =>
    (await fetch(url).then(
      () => false,
      () => true,
    ))
      ? true
      : undefined;

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops the whole stack when npm alone gets %s',
    async (signal) => {
      const [apiPort, webhookPort] = [await freePort(), await freePort()];
      const envFile = join(scratch, `${signal}.env`);
      copyFileSync(join(REPO_ROOT, '.env.example'), envFile);
      npm = spawn('npm', ['start'], {
        cwd: REPO_ROOT,
        // Its own process group, as a terminal would give it, so only npm gets the signal below.
        detached: true,
        stdio: 'ignore',
        env: {
          PATH: process.env.PATH ?? '',
          HOME: scratch,
          KODUS_ENV_FILE: envFile,
          PM2_HOME: join(scratch, `pm2-${signal}`),
          API_PORT: String(apiPort),
          WEBHOOK_PORT: String(webhookPort),
          HOST: '127.0.0.1',
          DATABASE_URL: database.url,
          REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
          REDIS_KEY_PREFIX: uniquePrefix('npm-start'),
          WORKER_HEARTBEAT_FILE: join(scratch, `${signal}.heartbeat`),
          LOG_PRETTY: 'false',
          SHUTDOWN_TIMEOUT_MS: '5000',
        },
      });
      await waitForStatus(`http://127.0.0.1:${apiPort}/health/ready`, 200, 240000);
      await waitForStatus(`http://127.0.0.1:${webhookPort}/health/ready`, 200, 30000);
      process.kill(npm.pid!, signal);
      await waitFor('the api to stop', () => down(`http://127.0.0.1:${apiPort}/health/live`), {
        timeoutMs: 30000,
      });
      await waitFor(
        'the webhook-handler to stop',
        () => down(`http://127.0.0.1:${webhookPort}/health/live`),
        {
          timeoutMs: 30000,
        },
      );
    },
    360000,
  );
});
