import { loadConfig } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import {
  createDatabasePool,
  DeliveryLog,
  DeliverySweeper,
  migrate,
  type Pool,
  ReviewRepository,
} from '@kodus/persistence';
import { createRedisConnection, QUEUE_NAMES, type Redis, ReviewQueue } from '@kodus/queue';
import { createHttpApp, type HttpApp } from '@kodus/runtime';
import {
  createTestDatabase,
  freePort,
  githubDeliveryHeaders,
  githubPullRequestEvent,
  PrivateRedis,
  type TestDatabase,
  uniquePrefix,
  untilReady,
  waitFor,
} from '@kodus/test-helpers';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { webhookApp } from '../src/webhook.module';

const logger = createLogger({ component: 'test', level: 'silent' });
const SECRET = `secret-${randomUUID()}`;
const BURST = 40;

function delivery(server: Parameters<typeof request>[0], number: number) {
  const repo = { owner: 'acme', name: 'api' };
  const body = JSON.stringify(githubPullRequestEvent({ repo, number, headSha: 'f'.repeat(40) }));
  return request(server).post('/webhooks/github').set(githubDeliveryHeaders(body, SECRET)).send(body);
}

async function buildWebhook(queue: ReviewQueue, log?: DeliveryLog): Promise<HttpApp> {
  const built = await createHttpApp({
    config: loadConfig('webhook', { COMPONENT_TYPE: 'webhook', GITHUB_WEBHOOK_SECRET: SECRET }),
    logger,
    ...webhookApp(queue, log),
    dependencies: [],
  });
  await built.app.init();
  await built.app.getHttpAdapter().getInstance().ready();
  return built;
}

/** A burst of accepted deliveries: their job ids, every answer a 202. */
async function burst(hook: HttpApp): Promise<string[]> {
  const server = hook.app.getHttpServer();
  const answers = await Promise.all(Array.from({ length: BURST }, (_, i) => delivery(server, i + 1)));
  expect(answers.map((a) => a.status)).toEqual(Array(BURST).fill(202));
  return answers.map((a) => a.body.jobId as string);
}

describe('a 202 survives a Redis restart without persistence (WEBHOOK_DELIVERY_LOG=postgres)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let server: PrivateRedis;
  let redis: Redis;

  beforeAll(async () => {
    database = await createTestDatabase('at_least_once');
    await migrate(database.url, logger);
    pool = createDatabasePool({ url: database.url, applicationName: 'kodus-test', logger });
    server = await PrivateRedis.start();
    redis = createRedisConnection({
      url: server.url,
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
    await untilReady(redis);
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
    await pool.end();
    await database.drop();
  });

  async function restartRedis(): Promise<void> {
    await server.stop();
    await server.resume();
    await waitFor('the reconnect', () => (redis.status === 'ready' ? true : undefined));
  }

  async function held(prefix: string, ids: string[]): Promise<string[]> {
    const queue = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
    const found = await Promise.all(ids.map(async (id) => ((await queue.getJob(id)) ? id : undefined)));
    await queue.close();
    return found.filter((id): id is string => id !== undefined);
  }

  it('without the log, the restart eats every acknowledged delivery', async () => {
    const prefix = uniquePrefix('redis-only');
    const hook = await buildWebhook(new ReviewQueue(redis, prefix, logger));
    const ids = await burst(hook);
    expect(await held(prefix, ids)).toHaveLength(BURST);
    await restartRedis();
    expect(await held(prefix, ids)).toEqual([]);
    await hook.app.close();
  });

  it('with the log, the sweeper re-enqueues every lost job under its own id, once', async () => {
    const prefix = uniquePrefix('logged');
    const queue = new ReviewQueue(redis, prefix, logger);
    const log = new DeliveryLog(pool);
    const hook = await buildWebhook(queue, log);
    const ids = await burst(hook);
    await restartRedis();
    expect(await held(prefix, ids)).toEqual([]);

    // One of them was reviewed before the restart: settled, not run again.
    const reviews = new ReviewRepository(pool);
    const [reviewedId = '', ...lost] = ids;
    const claim = await reviews.claimAttempt({
      provider: 'github',
      repository: 'acme/api',
      pullRequest: 1,
      trigger: 'opened',
      deliveryId: reviewedId.replace(/^github-/, ''),
      jobId: reviewedId,
    });
    await reviews.complete(claim.review.id, {
      summary: 'ok',
      suggestions: [],
      postedReviewId: '1',
      postedReviewUrl: null,
    });

    const sweeper = new DeliverySweeper({ log, queue, logger, graceMs: 0 });
    expect(await sweeper.sweep()).toEqual({
      requeued: BURST - 1,
      reviewed: 1,
      inRedis: 0,
      expired: 0,
      invalid: 0,
    });
    expect((await held(prefix, ids)).sort()).toEqual([...lost].sort());
    const bull = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
    expect((await bull.getJob(lost[0] ?? ''))?.data).toMatchObject({
      provider: 'github',
      trigger: 'opened',
      repository: { owner: 'acme', name: 'api' },
    });
    await bull.close();
    // A second sweep (or another worker's) finds them in Redis and adds nothing.
    expect(await sweeper.sweep()).toMatchObject({ requeued: 0, inRedis: BURST - 1 });
    await hook.app.close();
  });

  it('pages through a backlog longer than one sweep, so newer lost jobs are reached too', async () => {
    const prefix = uniquePrefix('paged');
    const queue = new ReviewQueue(redis, prefix, logger);
    const log = new DeliveryLog(pool);
    const hook = await buildWebhook(queue, log);
    const ids = await burst(hook);
    await restartRedis();
    // Batches of 7 over this test's deliveries and the earlier tests' (all held or settled by now).
    const sweeper = new DeliverySweeper({ log, queue, logger, graceMs: 0, batch: 7 });
    for (let i = 0; i < 20 && (await held(prefix, ids)).length < BURST; i++) await sweeper.sweep();
    expect(await held(prefix, ids)).toHaveLength(BURST);
    await hook.app.close();
  });

  it('answers 503 and queues nothing when the log cannot record the delivery', async () => {
    const prefix = uniquePrefix('log-down');
    const unreachable = createDatabasePool({
      url: `postgres://postgres@127.0.0.1:${await freePort()}/kodus`,
      applicationName: 'kodus-test',
      logger,
    });
    const hook = await buildWebhook(new ReviewQueue(redis, prefix, logger), new DeliveryLog(unreachable));
    const answer = await delivery(hook.app.getHttpServer(), 1);
    expect(answer.status).toBe(503);
    const queue = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
    expect(await queue.getWaitingCount()).toBe(0);
    await queue.close();
    await hook.app.close();
    await unreachable.end();
  });
});
