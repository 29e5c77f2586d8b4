import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appEntry,
  createTestDatabase,
  freePort,
  GithubStandIn,
  REPO_ROOT,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  waitFor,
  waitForStatus,
} from '@kodus/test-helpers';
import { type RunningTarget, reviewSuite } from './support/review-suite';

const PM2 = require.resolve('pm2/bin/pm2');
const ECOSYSTEM = join(REPO_ROOT, 'pm2', 'ecosystem.config.js');

describe('target: PM2 (pm2/ecosystem.config.js on the host)', () => {
  let pm2Home: string;
  let database: TestDatabase;
  let github: GithubStandIn;
  let env: Record<string, string>;
  let running: RunningTarget;

  function pm2(...args: string[]): string {
    const result = spawnSync(process.execPath, [PM2, ...args], {
      env,
      encoding: 'utf8',
      cwd: REPO_ROOT,
      timeout: 60000,
    });
    if (result.status !== 0)
      throw new Error(`pm2 ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    return result.stdout;
  }

  beforeAll(async () => {
    pm2Home = mkdtempSync(join(tmpdir(), 'kodus-e2e-'));
    database = await createTestDatabase('e2e_pm2');
    github = await new GithubStandIn({ tokens: { 'e2e-token': 'kodus-bot' } }).start();
    const [webhookPort, apiPort] = [await freePort(), await freePort()];
    const secrets = testSecrets();
    const webhookSecret = `whsec-${randomUUID()}`;
    env = {
      PATH: process.env.PATH ?? '',
      HOME: pm2Home,
      PM2_HOME: pm2Home,
      ...secrets,
      HOST: '127.0.0.1',
      WEBHOOK_PORT: String(webhookPort),
      API_PORT: String(apiPort),
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: uniquePrefix('e2e'),
      WORKER_HEARTBEAT_FILE: join(pm2Home, 'worker.heartbeat'),
      GITHUB_WEBHOOK_SECRET: webhookSecret,
      GITHUB_TOKEN: 'e2e-token',
      GITHUB_API_URL: github.url,
      KODUS_WEBHOOK_INSTANCES: '1',
      KODUS_API_INSTANCES: '1',
    };
    // The once-per-deploy step, as an operator runs it before starting PM2.
    const migrated = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'packages', 'persistence', 'dist', 'migrate-command.js')],
      { env },
    );
    expect(migrated.status).toBe(0);
    pm2('start', ECOSYSTEM, '--env', 'production');
    running = {
      webhookUrl: `http://127.0.0.1:${webhookPort}`,
      apiUrl: `http://127.0.0.1:${apiPort}`,
      apiToken: secrets.API_ADMIN_TOKEN,
      webhookSecret,
      github: {
        addPullRequest: async (repo, pr) => void github.addPullRequest(repo, pr),
        reviews: async (repo, number) => github.reviews(repo, number),
      },
    };
    await waitForStatus(`${running.webhookUrl}/health/ready`, 200, 60000);
    await waitForStatus(`${running.apiUrl}/health/ready`, 200, 60000);
    await waitFor(
      'the worker to consume',
      () =>
        spawnSync(process.execPath, [appEntry('worker', 'health.js')], {
          env: { ...env, COMPONENT_TYPE: 'worker' },
        }).status === 0
          ? true
          : undefined,
      { timeoutMs: 30000 },
    );
  }, 120000);

  afterAll(async () => {
    try {
      pm2('kill');
    } finally {
      await github.stop();
      rmSync(pm2Home, { recursive: true, force: true });
      await database.drop();
    }
  });

  reviewSuite(() => running);
});
