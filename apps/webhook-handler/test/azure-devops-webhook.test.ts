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

/** Azure DevOps service-hook deliveries (packages/git-providers/test/fixtures/azure-devops) through the real app. */
const logger = createLogger({ component: 'test', level: 'silent' });
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const USER = 'kodus-hook';
const PASSWORD = `pw-${randomUUID()}`;
const FIXTURES = join(
  __dirname,
  '..',
  '..',
  '..',
  'packages',
  'git-providers',
  'test',
  'fixtures',
  'azure-devops',
);
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fixture body edited in place
type FixtureEdit = (body: any) => void;

describe('POST /webhooks/azure-devops', () => {
  const prefix = uniquePrefix('webhook-azure');
  let redis: Redis;
  let hook: HttpApp;
  let queue: Queue;
  let server: Parameters<typeof request>[0];

  /** A delivery of a fixture with the service hook's Basic credentials; a fresh body `id` unless kept. */
  function deliver(
    file: string,
    options: { change?: FixtureEdit; authorization?: string; keepId?: boolean } = {},
  ) {
    const parsed = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Record<string, unknown>;
    if (options.keepId !== true) parsed.id = randomUUID();
    options.change?.(parsed);
    const authorization = options.authorization ?? basic(USER, PASSWORD);
    return request(server)
      .post('/webhooks/azure-devops')
      .set({
        'content-type': 'application/json; charset=utf-8',
        ...(authorization === '' ? {} : { authorization }),
      })
      .send(JSON.stringify(parsed));
  }

  beforeAll(async () => {
    redis = createRedisConnection({ url: REDIS_URL, connectionName: 'kodus-test', role: 'producer', logger });
    await untilReady(redis);
    hook = await createHttpApp({
      config: loadConfig('webhook', {
        COMPONENT_TYPE: 'webhook',
        AZURE_DEVOPS_WEBHOOK_USER: USER,
        AZURE_DEVOPS_WEBHOOK_PASSWORD: PASSWORD,
      }),
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
    const heads = await redis.keys(`${prefix}:last-head:*`);
    if (heads.length > 0) await redis.del(...heads);
    await queue.obliterate({ force: true });
    await queue.close();
    await new RedisDependency(redis).close();
  });

  it('queues a new pull request: 202, the job with the Azure locator; the same delivery again adds nothing', async () => {
    const first = await deliver('git.pullrequest.created.docs.json', { keepId: true }).expect(202);
    expect(first.body).toEqual({ jobId: 'azure-devops-2ab4e3d3-b7a6-425e-92b1-5a9982c1269e' });
    expect((await queue.getJob(first.body.jobId as string))?.data).toMatchObject({
      version: 2,
      provider: 'azure-devops',
      deliveryId: '2ab4e3d3-b7a6-425e-92b1-5a9982c1269e',
      trigger: 'opened',
      repository: {
        provider: 'azure-devops',
        collectionUrl: 'https://dev.azure.com/fabrikam',
        organization: 'fabrikam',
        project: 'Fabrikam',
        repository: 'Fabrikam',
        repositoryId: '4bc14d40-c903-45e2-872e-0462c7748079',
      },
      pullRequest: { number: 1, headSha: '53d54ac915144006c2c9e90d2c7d3880920db49c', draft: false },
    });
    const before = await queue.count();
    await deliver('git.pullrequest.created.docs.json', { keepId: true }).expect((r) => {
      expect([200, 202]).toContain(r.status);
    });
    expect(await queue.count()).toBe(before);
  });

  it('reviews an update whose source commit moved, once; the same head again (a vote, a title) is ignored', async () => {
    const moved = await deliver('git.pullrequest.updated.push.zulip.json').expect(202);
    expect((await queue.getJob(moved.body.jobId as string))?.data).toMatchObject({
      trigger: 'updated',
      repository: { organization: 'ttchong', project: 'test-zulip', repository: 'test-zulip' },
      pullRequest: { number: 2, headSha: 'aefa35fb7c4505b9b8337aff3c4be96eddbbd861' },
    });
    expect((await deliver('git.pullrequest.updated.push.zulip.json').expect(200)).body).toEqual({
      ignored: 'the head of pull request #2 did not move',
    });
  });

  it('queues @kodus review comments; ignores other comments, completions, merges and pushes (200)', async () => {
    const asked = await deliver('ms.vss-code.git-pullrequest-comment-event.docs.json', {
      change: (b) => {
        b.resource.comment.content = 'Could you @kodus review this?';
        // The docs sample is an edit (later lastContentUpdatedDate): a new comment's dates are equal.
        b.resource.comment.lastContentUpdatedDate = b.resource.comment.publishedDate;
      },
    }).expect(202);
    expect((await queue.getJob(asked.body.jobId as string))?.data).toMatchObject({ trigger: 'command' });
    for (const file of [
      'ms.vss-code.git-pullrequest-comment-event.docs.json',
      'git.pullrequest.updated.completed.docs.json',
      'git.pullrequest.merged.docs.json',
      'git.push.docs.json',
    ]) {
      expect((await deliver(file).expect(200)).body).toEqual({ ignored: expect.any(String) });
    }
  });

  it('answers 401 without credentials, or with a wrong user or password', async () => {
    await deliver('git.pullrequest.created.docs.json', { authorization: '' }).expect(401);
    await deliver('git.pullrequest.created.docs.json', { authorization: basic(USER, 'wrong') }).expect(401);
    await deliver('git.pullrequest.created.docs.json', { authorization: basic('someone', PASSWORD) }).expect(
      401,
    );
  });

  it('answers 400 for malformed bodies, never a 5xx', async () => {
    await deliver('git.pullrequest.created.docs.json', { change: (b) => delete b.id }).expect(400);
    await deliver('git.pullrequest.created.docs.json', { change: (b) => (b.id = 'not a valid id') }).expect(
      400,
    );
    await deliver('git.pullrequest.created.docs.json', {
      change: (b) => (b.resource.pullRequestId = 'one'),
    }).expect(400);
    await deliver('git.pullrequest.created.docs.json', {
      change: (b) => (b.resource.repository.project.name = '../x'),
    }).expect(400);
    await request(server)
      .post('/webhooks/azure-devops')
      .set({ 'content-type': 'application/json', authorization: basic(USER, PASSWORD) })
      .send('{"id": ')
      .expect(400);
  });
});
