import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  freePort,
  GithubStandIn,
  LlmStandIn,
  REPO_ROOT,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  waitFor,
  waitForStatus,
} from '@kodus/test-helpers';
import { type LlmControl, llmReviewSuite } from './support/llm-review-suite';
import { type RunningTarget, reviewSuite } from './support/review-suite';

import { ECOSYSTEM, pm2 as runPm2, workerHealthy } from './support/pm2';

describe('target: PM2 (pm2/ecosystem.config.js on the host)', () => {
  let pm2Home: string;
  let database: TestDatabase;
  let github: GithubStandIn;
  let env: Record<string, string>;
  let running: RunningTarget & { llm: LlmControl };
  let llm: LlmStandIn;

  const pm2 = (...args: string[]) => runPm2(env, ...args);

  beforeAll(async () => {
    pm2Home = mkdtempSync(join(tmpdir(), 'kodus-e2e-'));
    database = await createTestDatabase('e2e_pm2');
    github = await new GithubStandIn({ tokens: { 'e2e-token': 'kodus-bot' } }).start();
    // The LLM review on, against the stand-in: the analyzers' pull request gets no model finding.
    llm = await new LlmStandIn({ apiKey: 'sk-e2e-0123456789abcdefghijkl' }).start();
    llm.script({ match: 'Export invoices to S3', reply: { json: { suggestions: [] } } });
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
      LLM_PROVIDER: 'openai',
      LLM_MODEL: 'gpt-4o-mini',
      LLM_API_KEY: 'sk-e2e-0123456789abcdefghijkl',
      LLM_BASE_URL: llm.url,
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
      llm: { script: (rule) => void llm.script(rule), requests: () => llm.requests },
    };
    await waitForStatus(`${running.webhookUrl}/health/ready`, 200, 60000);
    await waitForStatus(`${running.apiUrl}/health/ready`, 200, 60000);
    await waitFor('the worker to consume', () => (workerHealthy(env) ? true : undefined), {
      timeoutMs: 30000,
    });
  }, 120000);

  afterAll(async () => {
    try {
      pm2('kill');
    } finally {
      await github.stop();
      await llm.stop();
      rmSync(pm2Home, { recursive: true, force: true });
      await database.drop();
    }
  });

  reviewSuite(() => running);
  llmReviewSuite(() => running);
});
