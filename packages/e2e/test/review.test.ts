import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AzureDevopsStandIn,
  BitbucketStandIn,
  createTestDatabase,
  freePort,
  GithubStandIn,
  GitlabStandIn,
  LlmStandIn,
  REPO_ROOT,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  waitFor,
  waitForStatus,
} from '@kodus/test-helpers';
import { ECOSYSTEM, pm2 as runPm2, workerHealthy } from './support/pm2';
import {
  azureDevopsDriver,
  bitbucketDriver,
  githubDriver,
  gitlabDriver,
  type ProviderDriver,
} from './support/provider-drivers';
import { providerReviewSuite, type ReviewTarget, scriptModel } from './support/provider-review-suite';

const LLM_KEY = `sk-e2e-${randomUUID()}`;
const PROVIDERS = ['github', 'gitlab', 'bitbucket', 'azure-devops'] as const;

/** One PM2 stack (pm2/ecosystem.config.js) reviewing for every provider, with the model on the LLM stand-in. */
describe('target: PM2, one stack for every provider, the LLM review on', () => {
  let pm2Home: string;
  let database: TestDatabase;
  let env: Record<string, string>;
  let target: ReviewTarget;
  const standIns = {
    github: new GithubStandIn({ tokens: { 'e2e-token': 'kodus-bot' } }),
    // A self-managed GitLab under a relative path.
    gitlab: new GitlabStandIn({ tokens: { 'e2e-token': 'kodus-bot' }, relativePath: '/gitlab' }),
    bitbucket: new BitbucketStandIn({ tokens: { 'e2e-token': 'kodus-bot' } }),
    azure: new AzureDevopsStandIn({ tokens: ['e2e-token'] }),
    llm: new LlmStandIn({ apiKey: LLM_KEY }),
  };
  const drivers = new Map<ProviderDriver['provider'], ProviderDriver>();
  const pm2 = (...args: string[]) => runPm2(env, ...args);

  beforeAll(async () => {
    pm2Home = mkdtempSync(join(tmpdir(), 'kodus-e2e-'));
    database = await createTestDatabase('e2e_pm2_review');
    await Promise.all(Object.values(standIns).map((s) => s.start()));
    await scriptModel(standIns.llm);
    for (const driver of [
      githubDriver(standIns.github, standIns.github.url, `whsec-${randomUUID()}`),
      gitlabDriver(standIns.gitlab, standIns.gitlab.url, `gl-${randomUUID()}`),
      bitbucketDriver(standIns.bitbucket, standIns.bitbucket.url, `bb-${randomUUID()}`),
      azureDevopsDriver(standIns.azure, standIns.azure.url, `az-${randomUUID()}`),
    ])
      drivers.set(driver.provider, driver);
    const [webhookPort, apiPort] = [await freePort(), await freePort()];
    const secrets = testSecrets();
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
      ...Object.assign({}, ...[...drivers.values()].flatMap((d) => [d.workerEnv, d.webhookEnv])),
      LLM_PROVIDER: 'openai',
      LLM_MODEL: 'gpt-4o-mini',
      LLM_BASE_URL: standIns.llm.url,
      LLM_API_KEY: LLM_KEY,
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
    target = {
      webhookUrl: `http://127.0.0.1:${webhookPort}`,
      apiUrl: `http://127.0.0.1:${apiPort}`,
      apiToken: secrets.API_ADMIN_TOKEN,
      llmRequests: async () => standIns.llm.requests,
    };
    await waitForStatus(`${target.webhookUrl}/health/ready`, 200, 60000);
    await waitForStatus(`${target.apiUrl}/health/ready`, 200, 60000);
    await waitFor('the worker to consume', () => (workerHealthy(env) ? true : undefined), {
      timeoutMs: 30000,
    });
  }, 120000);

  afterAll(async () => {
    try {
      pm2('kill');
    } finally {
      await Promise.all(Object.values(standIns).map((s) => s.stop()));
      rmSync(pm2Home, { recursive: true, force: true });
      await database.drop();
    }
  });

  providerReviewSuite(
    () => target,
    [...PROVIDERS],
    (provider) => {
      const driver = drivers.get(provider);
      if (driver === undefined) throw new Error(`no ${provider} driver`);
      return driver;
    },
  );
});
