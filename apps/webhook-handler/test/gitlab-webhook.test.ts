import { loadConfig } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import {
  createRedisConnection,
  LastSeenHeads,
  QUEUE_NAMES,
  type Redis,
  RedisDependency,
  ReviewQueue,
} from '@kodus/queue';
import { createHttpApp, type HttpApp } from '@kodus/runtime';
import { uniquePrefix, untilReady } from '@kodus/test-helpers';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { webhookApp } from '../src/webhook.module';

/** GitLab deliveries (captured and documented, from packages/git-providers/test/fixtures/gitlab) through the real app. */
const logger = createLogger({ component: 'test', level: 'silent' });
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = `gitlab-token-${randomUUID()}`;
const FIXTURES = join(__dirname, '..', '..', '..', 'packages', 'git-providers', 'test', 'fixtures', 'gitlab');
const EVENTS: Record<string, string> = {
  'merge_request.open.json': 'Merge Request Hook',
  'merge_request.update.json': 'Merge Request Hook',
  'merge_request.update.service-hook.json': 'Service Hook',
  'merge_request.update.title-edit.json': 'Merge Request Hook',
  'merge_request.update.no-code-change.json': 'Merge Request Hook',
  'merge_request.close.json': 'Merge Request Hook',
  'merge_request.merge.json': 'Merge Request Hook',
  'note.merge_request.json': 'Note Hook',
  'push.json': 'Push Hook',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fixture body edited in place
type FixtureEdit = (body: any) => void;

describe('POST /webhooks/gitlab', () => {
  const prefix = uniquePrefix('webhook-gitlab');
  let redis: Redis;
  let hook: HttpApp;
  let queue: Queue;
  let server: Parameters<typeof request>[0];

  /** A delivery of a fixture (its body optionally changed) with the token and a fresh Idempotency-Key unless given. */
  function deliver(file: string, options: { change?: FixtureEdit; headers?: Record<string, string> } = {}) {
    let body = readFileSync(join(FIXTURES, file), 'utf8');
    if (options.change !== undefined) {
      const parsed = JSON.parse(body) as unknown;
      options.change(parsed);
      body = JSON.stringify(parsed);
    }
    return request(server)
      .post('/webhooks/gitlab')
      .set({
        'content-type': 'application/json',
        'user-agent': 'GitLab/18.6.0',
        'x-gitlab-event': EVENTS[file] ?? '',
        'x-gitlab-token': TOKEN,
        'idempotency-key': randomUUID(),
        'x-gitlab-webhook-uuid': randomUUID(),
        'x-gitlab-event-uuid': 'shared-by-every-hook-of-one-push',
        ...options.headers,
      })
      .send(body);
  }

  beforeAll(async () => {
    redis = createRedisConnection({ url: REDIS_URL, connectionName: 'kodus-test', role: 'producer', logger });
    await untilReady(redis);
    hook = await createHttpApp({
      config: loadConfig('webhook', { COMPONENT_TYPE: 'webhook', GITLAB_WEBHOOK_TOKEN: TOKEN }),
      logger,
      ...webhookApp(new ReviewQueue(redis, prefix, logger), undefined, new LastSeenHeads(redis, prefix)),
      dependencies: [],
      bodyLimitBytes: 25 * 1024 * 1024,
    });
    await hook.app.init();
    await hook.app.getHttpAdapter().getInstance().ready();
    server = hook.app.getHttpServer();
    queue = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
  });
  afterAll(async () => {
    await hook.app.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await new RedisDependency(redis).close();
  });

  it('queues a review for an opened merge request: 202, the GitLab locator; one job per Idempotency-Key', async () => {
    const key = randomUUID();
    const first = await deliver('merge_request.open.json', { headers: { 'idempotency-key': key } }).expect(
      202,
    );
    expect((await queue.getJob(first.body.jobId as string))?.data).toMatchObject({
      version: 2,
      provider: 'gitlab',
      deliveryId: key,
      trigger: 'opened',
      repository: { provider: 'gitlab', path: 'demoaccount2-commits-group/test_ci_tmp', projectId: 72081820 },
      pullRequest: { number: 3, headSha: '2f7670508b771e7e77839402be8b34b13787aba8', draft: false },
    });
    const before = await queue.count();
    // GitLab's retry: same Idempotency-Key, a new X-Gitlab-Webhook-UUID.
    await deliver('merge_request.open.json', { headers: { 'idempotency-key': key } }).expect((r) => {
      expect([200, 202]).toContain(r.status);
    });
    expect(await queue.count()).toBe(before);
  });

  it('reviews new commits (update with oldrev), also delivered to integrations as Service Hook', async () => {
    for (const file of ['merge_request.update.json', 'merge_request.update.service-hook.json']) {
      const answer = await deliver(file).expect(202);
      expect((await queue.getJob(answer.body.jobId as string))?.data).toMatchObject({ trigger: 'updated' });
    }
  });

  it('queues @kodus review notes; ignores other notes, edits without commits, closes, merges, pushes (200)', async () => {
    const asked = await deliver('note.merge_request.json', {
      change: (b) => {
        b.object_attributes.note = 'Could you @kodus review this?';
      },
    }).expect(202);
    expect((await queue.getJob(asked.body.jobId as string))?.data).toMatchObject({
      trigger: 'command',
      repository: { path: 'sbansal1999/testing-zulip-gitlab-integration' },
    });
    for (const file of [
      'note.merge_request.json',
      'merge_request.update.title-edit.json',
      'merge_request.update.no-code-change.json',
      'merge_request.close.json',
      'merge_request.merge.json',
      'push.json',
    ]) {
      expect((await deliver(file).expect(200)).body).toEqual({ ignored: expect.any(String) });
    }
  });

  it('answers 401 for a missing or wrong X-Gitlab-Token', async () => {
    await deliver('merge_request.open.json', { headers: { 'x-gitlab-token': `${TOKEN}x` } }).expect(401);
    await deliver('merge_request.open.json', { headers: { 'x-gitlab-token': '' } }).expect(401);
    const body = readFileSync(join(FIXTURES, 'merge_request.open.json'), 'utf8');
    await request(server)
      .post('/webhooks/gitlab')
      .set({
        'content-type': 'application/json',
        'x-gitlab-event': 'Merge Request Hook',
        'idempotency-key': randomUUID(),
      })
      .send(body)
      .expect(401);
  });

  it('answers 400 for malformed bodies and headers, never a 5xx', async () => {
    await deliver('merge_request.open.json', { headers: { 'x-gitlab-event': '' } }).expect(400);
    await deliver('merge_request.open.json', {
      headers: { 'idempotency-key': 'not a valid id!', 'x-gitlab-webhook-uuid': '' },
    }).expect(400);
    await deliver('merge_request.open.json', { change: (b) => (b.object_attributes.iid = 'three') }).expect(
      400,
    );
    await deliver('merge_request.open.json', {
      change: (b) => (b.project.path_with_namespace = '../x'),
    }).expect(400);
    await deliver('merge_request.open.json', { change: (b) => (b.user.username = 'u'.repeat(255)) }).expect(
      202,
    );
    await request(server)
      .post('/webhooks/gitlab')
      .set({
        'content-type': 'application/json',
        'x-gitlab-event': 'Merge Request Hook',
        'x-gitlab-token': TOKEN,
        'idempotency-key': randomUUID(),
      })
      .send('{"object_kind": ')
      .expect(400);
  });
});
