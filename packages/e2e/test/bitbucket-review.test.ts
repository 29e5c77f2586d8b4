import { spawnSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BitbucketStandIn,
  createTestDatabase,
  freePort,
  REPO_ROOT,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  waitFor,
  waitForStatus,
} from '@kodus/test-helpers';
import { ECOSYSTEM, pm2 as runPm2, workerHealthy } from './support/pm2';

const REPO = { workspace: 'acme', slug: 'billing' };
/** A captured `pullrequest:created` delivery, re-addressed to the stand-in's pull request below. */
const CREATED = join(
  REPO_ROOT,
  'packages',
  'git-providers',
  'test',
  'fixtures',
  'bitbucket',
  'pullrequest_created.json',
);
/** An AWS access key id in the real format, assembled at run time so no literal sits in the repository. */
const AWS_KEY_ID = ['AK', 'IA', 'Q3VZ7KXM2PLA4RT6'].join('');
/** A hard-coded AWS key on new line 3, a `debugger` on new line 6. */
const PATCH = [
  '@@ -1,3 +1,7 @@',
  " import { S3Client } from '@aws-sdk/client-s3';",
  '+',
  `+const accessKeyId = "${AWS_KEY_ID}";`,
  ' export function client() {',
  '+  if (Date.now() < 0) {',
  '+    debugger;',
  '+  }',
  '   return new S3Client({});',
].join('\n');

describe('target: PM2, a Bitbucket Cloud pull request end to end', () => {
  let pm2Home: string;
  let database: TestDatabase;
  let bitbucket: BitbucketStandIn;
  let env: Record<string, string>;
  let webhookUrl: string;
  let apiUrl: string;
  let apiToken: string;
  const webhookSecret = `bb-${randomUUID()}`;
  const pm2 = (...args: string[]) => runPm2(env, ...args);

  beforeAll(async () => {
    pm2Home = mkdtempSync(join(tmpdir(), 'kodus-e2e-bb-'));
    database = await createTestDatabase('e2e_pm2_bitbucket');
    bitbucket = await new BitbucketStandIn({ tokens: { 'e2e-token': 'kodus-bot' } }).start();
    const [webhookPort, apiPort] = [await freePort(), await freePort()];
    const secrets = testSecrets();
    apiToken = secrets.API_ADMIN_TOKEN;
    env = {
      PATH: process.env.PATH ?? '',
      HOME: pm2Home,
      PM2_HOME: pm2Home,
      ...secrets,
      HOST: '127.0.0.1',
      WEBHOOK_PORT: String(webhookPort),
      API_PORT: String(apiPort),
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: uniquePrefix('e2e-bb'),
      WORKER_HEARTBEAT_FILE: join(pm2Home, 'worker.heartbeat'),
      BITBUCKET_WEBHOOK_SECRET: webhookSecret,
      BITBUCKET_TOKEN: 'e2e-token',
      BITBUCKET_API_URL: bitbucket.url,
      KODUS_WEBHOOK_INSTANCES: '1',
      KODUS_API_INSTANCES: '1',
    };
    const migrated = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'packages', 'persistence', 'dist', 'migrate-command.js')],
      { env },
    );
    expect(migrated.status).toBe(0);
    pm2('start', ECOSYSTEM, '--env', 'production');
    webhookUrl = `http://127.0.0.1:${webhookPort}`;
    apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitForStatus(`${webhookUrl}/health/ready`, 200, 60000);
    await waitForStatus(`${apiUrl}/health/ready`, 200, 60000);
    await waitFor('the worker to consume', () => (workerHealthy(env) ? true : undefined), {
      timeoutMs: 30000,
    });
  }, 120000);

  afterAll(async () => {
    try {
      pm2('kill');
    } finally {
      await bitbucket.stop();
      rmSync(pm2Home, { recursive: true, force: true });
      await database.drop();
    }
  });

  it('reviews the pull request once: inline comments on the added lines, one summary, the review in the API', async () => {
    const id = 10 + Math.floor(Math.random() * 1000);
    const head = randomUUID().replace(/-/g, '').padEnd(40, 'c');
    const base = 'b'.repeat(40);
    bitbucket.addPullRequest(REPO, {
      id,
      headSha: head,
      baseSha: base,
      title: 'Export invoices to S3',
      files: [{ path: 'src/storage.ts', status: 'modified', patch: PATCH }],
    });
    const payload = JSON.parse(readFileSync(CREATED, 'utf8')) as {
      repository: { full_name: string };
      pullrequest: {
        id: number;
        source: { commit: { hash: string } };
        destination: { commit: { hash: string } };
      };
    };
    payload.repository.full_name = `${REPO.workspace}/${REPO.slug}`;
    payload.pullrequest.id = id;
    payload.pullrequest.source.commit.hash = head.slice(0, 12);
    payload.pullrequest.destination.commit.hash = base.slice(0, 12);
    const body = JSON.stringify(payload);
    const deliver = async (deliveryId: string, event = 'pullrequest:created') => {
      const response = await fetch(`${webhookUrl}/webhooks/bitbucket`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-event-key': event,
          'x-request-uuid': deliveryId,
          'x-hub-signature': `sha256=${createHmac('sha256', webhookSecret).update(body).digest('hex')}`,
        },
        body,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const reviews = async () => {
      const response = await fetch(
        `${apiUrl}/reviews?provider=bitbucket&repository=acme/billing&pullRequest=${id}`,
        { headers: { authorization: `Bearer ${apiToken}` } },
      );
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: Array<Record<string, unknown>> }).items;
    };

    const deliveryId = randomUUID();
    const accepted = await deliver(deliveryId);
    expect(accepted.status).toBe(202);
    const [stored] = await waitFor(
      'the completed review in the API',
      async () => {
        const items = await reviews();
        return items[0]?.status === 'completed' ? items : undefined;
      },
      { timeoutMs: 60000, intervalMs: 250 },
    );
    expect(stored).toMatchObject({
      provider: 'bitbucket',
      repository: 'acme/billing',
      pullRequest: id,
      headSha: head,
    });
    const comments = bitbucket.comments(REPO, id);
    expect(comments.filter((c) => c.inline !== undefined).map((c) => [c.inline?.path, c.inline?.to])).toEqual(
      [
        ['src/storage.ts', 3],
        ['src/storage.ts', 6],
      ],
    );
    expect(comments.filter((c) => c.inline === undefined)).toHaveLength(1);
    expect(
      comments.every((c) => !c.outsideDiff && !c.raw.includes(AWS_KEY_ID) && !c.raw.includes('<!--')),
    ).toBe(true);

    // The same delivery again (the same job), and an update whose head did not move (no job): nothing new.
    expect((await deliver(deliveryId)).status).toBeLessThan(300);
    expect(await deliver(randomUUID(), 'pullrequest:updated')).toEqual({
      status: 200,
      body: { ignored: `the head of pull request #${id} did not move` },
    });
    expect(bitbucket.comments(REPO, id)).toHaveLength(comments.length);
  });
});
