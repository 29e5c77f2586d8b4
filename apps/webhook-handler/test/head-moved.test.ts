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
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { webhookApp } from '../src/webhook.module';

const logger = createLogger({ component: 'test', level: 'silent' });
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = `bb-${randomUUID()}`;
/** A captured Bitbucket Cloud `pullrequest:updated` delivery (the Bitbucket adapter's own fixture). */
const UPDATED = JSON.parse(
  readFileSync(
    join(__dirname, '../../../packages/git-providers/test/fixtures/bitbucket/pullrequest_updated.push.json'),
    'utf8',
  ),
) as { pullrequest: { source: { commit: { hash: string } } } };

describe('POST /webhooks/:provider with head-moved-only events (Redis compare-and-set)', () => {
  const prefix = uniquePrefix('webhook-heads');
  let redis: Redis;
  let hook: HttpApp;
  let queue: Queue;

  beforeAll(async () => {
    redis = createRedisConnection({ url: REDIS_URL, connectionName: 'kodus-test', role: 'producer', logger });
    await untilReady(redis);
    hook = await createHttpApp({
      config: loadConfig('webhook', { COMPONENT_TYPE: 'webhook', BITBUCKET_WEBHOOK_SECRET: SECRET }),
      logger,
      ...webhookApp(new ReviewQueue(redis, prefix, logger), undefined, new LastSeenHeads(redis, prefix)),
      dependencies: [],
      bodyLimitBytes: 25 * 1024 * 1024,
    });
    await hook.app.init();
    await hook.app.getHttpAdapter().getInstance().ready();
    queue = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
  });
  afterAll(async () => {
    await hook.app.close();
    await queue.obliterate({ force: true });
    await queue.close();
    const keys = await redis.keys(`${prefix}:last-head:*`);
    if (keys.length > 0) await redis.del(...keys);
    await new RedisDependency(redis).close();
  });

  const send = (head: string) => {
    const payload = structuredClone(UPDATED);
    payload.pullrequest.source.commit.hash = head;
    const body = JSON.stringify(payload);
    return request(hook.app.getHttpServer())
      .post('/webhooks/bitbucket')
      .set({
        'content-type': 'application/json',
        'x-event-key': 'pullrequest:updated',
        'x-request-uuid': randomUUID(),
        'x-hub-signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      })
      .send(body);
  };

  it('queues an update once per head: a redelivered or title-only update of the same head is 200 ignored', async () => {
    const before = await queue.count();
    const first = await send('aaaaaaaaaaaa').expect(202);
    expect(first.body.jobId).toMatch(/^bitbucket-/);
    expect((await send('aaaaaaaaaaaa').expect(200)).body.ignored).toMatch(/did not move/);
    await send('bbbbbbbbbbbb').expect(202);
    expect(await queue.count()).toBe(before + 2);
  });
});
