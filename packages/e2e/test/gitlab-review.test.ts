import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  freePort,
  GitlabStandIn,
  REPO_ROOT,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  waitFor,
  waitForStatus,
} from '@kodus/test-helpers';
import { ECOSYSTEM, pm2 as runPm2, workerHealthy } from './support/pm2';

const PROJECT = { id: 4242, path: 'acme/platform/billing' };
/** A captured `Merge Request Hook` (action open), re-addressed to the stand-in's merge request below. */
const OPENED = join(
  REPO_ROOT,
  'packages',
  'git-providers',
  'test',
  'fixtures',
  'gitlab',
  'merge_request.open.json',
);
/** An AWS access key id in the real format, assembled at run time so no literal sits in the repository. */
const AWS_KEY_ID = ['AK', 'IA', 'Q3VZ7KXM2PLA4RT6'].join('');
/** A hard-coded AWS key on new line 3, a `debugger` on new line 6. */
const DIFF = [
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

describe('target: PM2, a GitLab merge request (subgroup project, self-managed URL) end to end', () => {
  let pm2Home: string;
  let database: TestDatabase;
  let gitlab: GitlabStandIn;
  let env: Record<string, string>;
  let webhookUrl: string;
  let apiUrl: string;
  let apiToken: string;
  const webhookToken = `gl-${randomUUID()}`;
  const pm2 = (...args: string[]) => runPm2(env, ...args);

  beforeAll(async () => {
    pm2Home = mkdtempSync(join(tmpdir(), 'kodus-e2e-gl-'));
    database = await createTestDatabase('e2e_pm2_gitlab');
    gitlab = await new GitlabStandIn({
      tokens: { 'e2e-token': 'kodus-bot' },
      relativePath: '/gitlab',
    }).start();
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
      REDIS_KEY_PREFIX: uniquePrefix('e2e-gl'),
      WORKER_HEARTBEAT_FILE: join(pm2Home, 'worker.heartbeat'),
      GITLAB_WEBHOOK_TOKEN: webhookToken,
      GITLAB_TOKEN: 'e2e-token',
      GITLAB_URL: gitlab.url,
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
      await gitlab.stop();
      rmSync(pm2Home, { recursive: true, force: true });
      await database.drop();
    }
  });

  it('reviews the merge request once: diff threads on the added lines, one summary note, the review in the API', async () => {
    const iid = 10 + Math.floor(Math.random() * 1000);
    const head = randomUUID().replace(/-/g, '').padEnd(40, 'c');
    gitlab.addMergeRequest(PROJECT, {
      iid,
      headSha: head,
      baseSha: 'b'.repeat(40),
      title: 'Export invoices to S3',
      files: [{ newPath: 'src/storage.ts', diff: DIFF }],
    });
    const payload = JSON.parse(readFileSync(OPENED, 'utf8')) as {
      project: { id: number; path_with_namespace: string };
      object_attributes: { iid: number; last_commit: { id: string } };
    };
    payload.project.id = PROJECT.id;
    payload.project.path_with_namespace = PROJECT.path;
    payload.object_attributes.iid = iid;
    payload.object_attributes.last_commit.id = head;
    const body = JSON.stringify(payload);
    const deliver = async (idempotencyKey: string) => {
      const response = await fetch(`${webhookUrl}/webhooks/gitlab`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-gitlab-event': 'Merge Request Hook',
          'x-gitlab-token': webhookToken,
          'idempotency-key': idempotencyKey,
          'x-gitlab-webhook-uuid': randomUUID(),
        },
        body,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const reviews = async () => {
      const response = await fetch(
        `${apiUrl}/reviews?provider=gitlab&repository=${encodeURIComponent(PROJECT.path)}&pullRequest=${iid}`,
        { headers: { authorization: `Bearer ${apiToken}` } },
      );
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: Array<Record<string, unknown>> }).items;
    };

    const key = randomUUID();
    const accepted = await deliver(key);
    expect(accepted).toEqual({ status: 202, body: { jobId: `gitlab-${key}` } });
    const [stored] = await waitFor(
      'the completed review in the API',
      async () => {
        const items = await reviews();
        return items[0]?.status === 'completed' ? items : undefined;
      },
      { timeoutMs: 60000, intervalMs: 250 },
    );
    expect(stored).toMatchObject({
      provider: 'gitlab',
      repository: PROJECT.path,
      pullRequest: iid,
      headSha: head,
    });
    const notes = gitlab.discussions(PROJECT, iid).flatMap((d) => d.notes);
    expect(
      notes.filter((n) => n.position !== undefined).map((n) => [n.position?.newPath, n.position?.newLine]),
    ).toEqual([
      ['src/storage.ts', 3],
      ['src/storage.ts', 6],
    ]);
    expect(notes.filter((n) => n.position === undefined)).toHaveLength(1);
    expect(notes.every((n) => !n.body.includes(AWS_KEY_ID))).toBe(true);
    expect(gitlab.requests.every((r) => r.path.startsWith('/gitlab/api/v4/'))).toBe(true);

    // GitLab's retry of the same delivery (same Idempotency-Key): the same job, nothing new.
    expect(await deliver(key)).toEqual(accepted);
    expect(gitlab.discussions(PROJECT, iid).flatMap((d) => d.notes)).toHaveLength(notes.length);

    // New commits (an update with oldrev): only what they changed is reviewed, nothing posted twice.
    const next = randomUUID().replace(/-/g, '').padEnd(40, 'd');
    const added = {
      newPath: 'src/debug.ts',
      newFile: true,
      diff: '@@ -0,0 +1,3 @@\n+export function trace() {\n+  debugger;\n+}',
    };
    gitlab.pushHead(PROJECT, iid, next, [{ newPath: 'src/storage.ts', diff: DIFF }, added]);
    gitlab.setComparison(PROJECT, head, next, [added]);
    const update = JSON.parse(body) as typeof payload & { object_attributes: Record<string, unknown> };
    update.object_attributes = {
      ...update.object_attributes,
      action: 'update',
      oldrev: head,
      last_commit: { id: next },
    };
    const pushed = await fetch(`${webhookUrl}/webhooks/gitlab`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-gitlab-event': 'Merge Request Hook',
        'x-gitlab-token': webhookToken,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(update),
    });
    expect(pushed.status).toBe(202);
    await waitFor(
      'the review of the new head',
      async () => {
        const items = await reviews();
        return items[0]?.headSha === next && items[0]?.status === 'completed' ? items : undefined;
      },
      { timeoutMs: 60000, intervalMs: 250 },
    );
    const after = gitlab.discussions(PROJECT, iid).flatMap((d) => d.notes);
    expect(
      after
        .filter((n) => n.position !== undefined)
        .map((n) => [n.position?.newPath, n.position?.newLine, n.position?.headSha]),
    ).toEqual([
      ['src/storage.ts', 3, head],
      ['src/storage.ts', 6, head],
      ['src/debug.ts', 2, next],
    ]);
    expect(after.filter((n) => n.position === undefined)).toHaveLength(2);
    // Incremental: the new commits' files came from merge_base + compare of the two heads.
    const used = gitlab.requests.filter((r) => r.response.status === 200).map((r) => r.template);
    expect(used).toEqual(
      expect.arrayContaining(['/projects/:id/repository/merge_base', '/projects/:id/repository/compare']),
    );
  });
});
