import { spawnSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
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

const PM2 = require.resolve('pm2/bin/pm2');
const ECOSYSTEM = join(REPO_ROOT, 'pm2', 'ecosystem.config.js');
const WEBHOOK_SECRET = `whsec-${randomUUID()}`;
const REPO = { owner: 'acme', name: 'billing' };
const HEAD = 'c0ffee'.padEnd(40, '1');
const BASE = 'ba5e'.padEnd(40, '2');

/** An AWS access key id in the real format, assembled at run time so no literal sits in the repository. */
const AWS_KEY_ID = ['AK', 'IA', 'Q3VZ7KXM2PLA4RT6'].join('');

/** The pull request's one source file: a hard-coded AWS key on new line 4, a `debugger` on new line 9. */
const SOURCE_PATCH = [
  '@@ -1,5 +1,10 @@',
  " import { S3Client } from '@aws-sdk/client-s3';",
  '-const region = "us-east-1";',
  '+const region = process.env.AWS_REGION;',
  '+',
  `+const accessKeyId = "${AWS_KEY_ID}";`,
  ' ',
  ' export function client() {',
  '+  const started = Date.now();',
  '+  if (started < 0) {',
  '+    debugger;',
  '+  }',
  '   return new S3Client({ region });',
].join('\n');

function webhook(deliveryId: string, action = 'opened') {
  const body = Buffer.from(
    JSON.stringify({
      action,
      number: 12,
      pull_request: {
        number: 12,
        state: 'open',
        draft: false,
        title: 'Export invoices to S3',
        user: { login: 'octocat' },
        head: { sha: HEAD, ref: 'export' },
        base: { sha: BASE, ref: 'main' },
      },
      repository: { name: REPO.name, full_name: `${REPO.owner}/${REPO.name}`, owner: { login: REPO.owner } },
      sender: { login: 'octocat' },
    }),
  );
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'pull_request',
      'x-github-delivery': deliveryId,
      'x-hub-signature-256': `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`,
    },
  };
}

describe('GitHub pull request reviewed end to end under PM2', () => {
  let pm2Home: string;
  let database: TestDatabase;
  let github: GithubStandIn;
  let env: Record<string, string>;
  let webhookUrl: string;
  let apiUrl: string;

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

  async function deliver(deliveryId: string) {
    const { body, headers } = webhook(deliveryId);
    const response = await fetch(`${webhookUrl}/webhooks/github`, { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function reviewsOfPullRequest() {
    const response = await fetch(`${apiUrl}/reviews?provider=github&repository=acme/billing&pullRequest=12`, {
      headers: { authorization: `Bearer ${env.API_ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: Array<Record<string, unknown>> }).items;
  }

  beforeAll(async () => {
    pm2Home = mkdtempSync(join(tmpdir(), 'kodus-e2e-'));
    database = await createTestDatabase('e2e_github');
    github = await new GithubStandIn({ tokens: { 'e2e-token': 'kodus-bot' } }).start();
    github.addPullRequest(REPO, {
      number: 12,
      headSha: HEAD,
      baseSha: BASE,
      title: 'Export invoices to S3',
      files: [
        { filename: 'src/storage.ts', status: 'modified', patch: SOURCE_PATCH },
        // Ignored by default: a lock file, even with a key-shaped string in it.
        {
          filename: 'package-lock.json',
          status: 'modified',
          patch: `@@ -1 +1 @@\n-{}\n+{"token": "${AWS_KEY_ID}"}`,
        },
      ],
    });
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
      REDIS_KEY_PREFIX: uniquePrefix('e2e'),
      WORKER_HEARTBEAT_FILE: join(pm2Home, 'worker.heartbeat'),
      GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
      GITHUB_TOKEN: 'e2e-token',
      GITHUB_API_URL: github.url,
      KODUS_WEBHOOK_INSTANCES: '1',
      KODUS_API_INSTANCES: '1',
    };
    // The once-per-deploy step, as an operator runs it before starting PM2.
    const migrated = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'packages', 'persistence', 'dist', 'migrate-command.js')],
      {
        env,
        encoding: 'utf8',
      },
    );
    expect(migrated.status).toBe(0);
    pm2('start', ECOSYSTEM, '--env', 'production');
    await waitForStatus(`${webhookUrl}/health/ready`, 200, 60000);
    await waitForStatus(`${apiUrl}/health/ready`, 200, 60000);
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
  });

  afterAll(async () => {
    try {
      pm2('kill');
    } finally {
      await github.stop();
      rmSync(pm2Home, { recursive: true, force: true });
      await database.drop();
    }
  });

  it('posts one review with inline comments on the right lines and serves it through the API', async () => {
    const deliveryId = randomUUID();
    const accepted = await deliver(deliveryId);
    expect(accepted).toEqual({ status: 202, body: { jobId: `github-${deliveryId}` } });

    const [review] = await waitFor('the review on GitHub', () => {
      const posted = github.reviews(REPO, 12);
      return posted.length > 0 ? posted : undefined;
    });
    expect(review?.commitId).toBe(HEAD);
    expect(review?.event).toBe('COMMENT');
    expect(review?.body).toContain('<!-- kodus-review head=');
    const comments = review?.comments.map((c) => ({
      path: c.path,
      line: c.line,
      side: c.side,
      position: c.position,
    }));
    expect(comments).toEqual([
      { path: 'src/storage.ts', line: 4, side: 'RIGHT', position: undefined },
      { path: 'src/storage.ts', line: 9, side: 'RIGHT', position: undefined },
    ]);
    expect(review?.comments[0]?.body).not.toContain(AWS_KEY_ID);

    const [stored] = await waitFor('the completed review in the API', async () => {
      const items = await reviewsOfPullRequest();
      return items[0]?.status === 'completed' ? items : undefined;
    });
    expect(stored).toMatchObject({
      status: 'completed',
      provider: 'github',
      repository: 'acme/billing',
      pullRequest: 12,
      headSha: HEAD,
      finishedAt: expect.any(String),
    });
    const suggestions = stored?.suggestions as Array<Record<string, unknown>>;
    expect(suggestions.map((s) => [s.path, s.line, s.severity, s.category])).toEqual([
      ['src/storage.ts', 4, 'critical', 'security'],
      ['src/storage.ts', 9, 'medium', 'maintainability'],
    ]);

    // The same delivery twice more: the same job, no new review, no new comment.
    for (let i = 0; i < 2; i++) expect(await deliver(deliveryId)).toEqual(accepted);
    // Another delivery for the same head commit (a re-sent event): stored, skipped, nothing posted.
    const again = await deliver(randomUUID());
    expect(again.status).toBe(202);
    const items = await waitFor('the second delivery to be handled', async () => {
      const all = await reviewsOfPullRequest();
      return all.length === 2 && all[0]?.status === 'skipped' ? all : undefined;
    });
    expect(items[0]?.statusReason).toMatch(/already reviewed/);
    expect(github.reviews(REPO, 12)).toHaveLength(1);
    expect((await reviewsOfPullRequest()).filter((r) => r.status === 'completed')).toHaveLength(1);
  });
});
