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
import { PrivateRedis, uniquePrefix, untilReady, waitFor } from '@kodus/test-helpers';
import { Queue } from 'bullmq';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { webhookApp } from '../src/webhook.module';

/** Bitbucket Cloud deliveries (captured, from packages/git-providers/test/fixtures/bitbucket) through the real app. */
const logger = createLogger({ component: 'test', level: 'silent' });
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = `secret-${randomUUID()}`;
const FIXTURES = join(
  __dirname,
  '..',
  '..',
  '..',
  'packages',
  'git-providers',
  'test',
  'fixtures',
  'bitbucket',
);
const EVENTS: Record<string, string> = {
  'pullrequest_created.json': 'pullrequest:created',
  'pullrequest_updated.push.json': 'pullrequest:updated',
  'pullrequest_updated.to-draft.json': 'pullrequest:updated',
  'pullrequest_comment_created.json': 'pullrequest:comment_created',
  'pullrequest_fulfilled.json': 'pullrequest:fulfilled',
  'pullrequest_rejected.json': 'pullrequest:rejected',
  'repo_push.json': 'repo:push',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fixture body edited in place
type FixtureEdit = (body: any) => void;

const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('POST /webhooks/bitbucket', () => {
  const prefix = uniquePrefix('webhook-bitbucket');
  let redis: Redis;
  let hook: HttpApp;
  let queue: Queue;
  let server: Parameters<typeof request>[0];

  /** A signed delivery of a fixture (its body optionally changed), with a fresh X-Request-UUID unless given. */
  function deliver(
    file: string,
    options: {
      change?: FixtureEdit;
      headers?: Record<string, string>;
      to?: Parameters<typeof request>[0];
    } = {},
  ) {
    let body = readFileSync(join(FIXTURES, file), 'utf8');
    if (options.change !== undefined) {
      const parsed = JSON.parse(body) as unknown;
      options.change(parsed);
      body = JSON.stringify(parsed);
    }
    return request(options.to ?? server)
      .post('/webhooks/bitbucket')
      .set({
        'content-type': 'application/json',
        'user-agent': 'Bitbucket-Webhooks/2.0',
        'x-event-key': EVENTS[file] ?? '',
        'x-request-uuid': randomUUID(),
        'x-hub-signature': sign(body),
        ...options.headers,
      })
      .send(body);
  }

  async function buildHook(connection: Redis, keyPrefix: string): Promise<HttpApp> {
    const built = await createHttpApp({
      config: loadConfig('webhook', { COMPONENT_TYPE: 'webhook', BITBUCKET_WEBHOOK_SECRET: SECRET }),
      logger,
      ...webhookApp(
        new ReviewQueue(connection, keyPrefix, logger),
        undefined,
        new LastSeenHeads(connection, keyPrefix),
      ),
      dependencies: [],
      bodyLimitBytes: 25 * 1024 * 1024,
    });
    await built.app.init();
    await built.app.getHttpAdapter().getInstance().ready();
    return built;
  }

  beforeAll(async () => {
    redis = createRedisConnection({ url: REDIS_URL, connectionName: 'kodus-test', role: 'producer', logger });
    await untilReady(redis);
    hook = await buildHook(redis, prefix);
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

  it('queues a review for a new pull request: 202, the job in Redis with the Bitbucket locator; one job per delivery', async () => {
    const delivery = randomUUID();
    const first = await deliver('pullrequest_created.json', {
      headers: { 'x-request-uuid': delivery },
    }).expect(202);
    const job = await queue.getJob(first.body.jobId as string);
    expect(job?.data).toMatchObject({
      version: 2,
      provider: 'bitbucket',
      deliveryId: delivery,
      trigger: 'opened',
      repository: { provider: 'bitbucket', workspace: '6543', slug: 'collect-webhooks' },
      pullRequest: { number: 2, draft: false },
    });
    const before = await queue.count();
    await deliver('pullrequest_created.json', { headers: { 'x-request-uuid': delivery } }).expect((r) => {
      expect([200, 202]).toContain(r.status);
    });
    expect(await queue.count()).toBe(before);
  });

  it('Redis stalled past the deadline: 503, and the redelivery once it answers is queued (202), not taken for an unmoved head', async () => {
    const stalled = await PrivateRedis.start();
    const connection = createRedisConnection({
      url: stalled.url,
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
    await untilReady(connection);
    const isolated = await buildHook(connection, uniquePrefix('bitbucket-stalled'));
    const delivery = randomUUID();
    const again = () =>
      deliver('pullrequest_created.json', {
        headers: { 'x-request-uuid': delivery },
        to: isolated.app.getHttpServer(),
      });
    try {
      stalled.freeze();
      await again().expect(503);
      stalled.thaw();
      // Redis runs what it was sent, the head's record too; the redelivery must still be queued.
      await waitFor('Redis to answer again', async () =>
        (await connection.ping()) === 'PONG' ? true : undefined,
      );
      await again().expect(202);
    } finally {
      stalled.thaw();
      await isolated.app.close();
      await new RedisDependency(connection).close();
      await stalled.stop();
    }
  });

  it('reviews an update whose source commit moved, once; the same head again is ignored', async () => {
    const moved = await deliver('pullrequest_updated.push.json').expect(202);
    expect((await queue.getJob(moved.body.jobId as string))?.data).toMatchObject({
      trigger: 'updated',
      pullRequest: { number: 2 },
    });
    expect((await deliver('pullrequest_updated.push.json').expect(200)).body).toEqual({
      ignored: 'the head of pull request #2 did not move',
    });
  });

  it('queues @kodus review comments and ignores other comments, merges, declines and pushes (200)', async () => {
    const asked = await deliver('pullrequest_comment_created.json', {
      change: (b) => {
        b.comment.content.raw = 'Could you @kodus review this?';
      },
    }).expect(202);
    expect((await queue.getJob(asked.body.jobId as string))?.data).toMatchObject({ trigger: 'command' });
    for (const file of [
      'pullrequest_comment_created.json',
      'pullrequest_fulfilled.json',
      'pullrequest_rejected.json',
      'repo_push.json',
    ]) {
      const answer = await deliver(file).expect(200);
      expect(answer.body).toEqual({ ignored: expect.any(String) });
    }
  });

  it('answers 401 for an unsigned, wrongly signed or tampered delivery', async () => {
    await deliver('pullrequest_created.json', { headers: { 'x-hub-signature': '' } }).expect(401);
    await deliver('pullrequest_created.json', { headers: { 'x-hub-signature': sign('{}', 'other') } }).expect(
      401,
    );
    const body = readFileSync(join(FIXTURES, 'pullrequest_created.json'), 'utf8');
    await request(server)
      .post('/webhooks/bitbucket')
      .set({
        'content-type': 'application/json',
        'x-event-key': 'pullrequest:created',
        'x-request-uuid': randomUUID(),
        'x-hub-signature': sign(body),
      })
      .send(body.replace('"aha"', '"ahb"'))
      .expect(401);
  });

  it('answers 400 for malformed bodies and headers, never a 5xx', async () => {
    await deliver('pullrequest_created.json', { headers: { 'x-event-key': '' } }).expect(400);
    await deliver('pullrequest_created.json', { headers: { 'x-request-uuid': 'not a valid id!' } }).expect(
      400,
    );
    await deliver('pullrequest_created.json', { change: (b) => (b.pullrequest.id = 'two') }).expect(400);
    await deliver('pullrequest_created.json', { change: (b) => (b.repository.full_name = '../x') }).expect(
      400,
    );
    const notJson = '{"pullrequest": ';
    await request(server)
      .post('/webhooks/bitbucket')
      .set({
        'content-type': 'application/json',
        'x-event-key': 'pullrequest:created',
        'x-request-uuid': randomUUID(),
        'x-hub-signature': sign(notJson),
      })
      .send(notJson)
      .expect(400);
  });
});
