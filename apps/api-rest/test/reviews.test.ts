import { PROVIDER_NAMES, providerAdapter } from '@kodus/git-providers';
import { loadConfig } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import { createDatabasePool, migrate, type Pool, ReviewRepository } from '@kodus/persistence';
import { createRedisConnection, QUEUE_NAMES, type Redis, RedisDependency, ReviewQueue } from '@kodus/queue';
import { createHttpApp, type HttpApp } from '@kodus/runtime';
import {
  createTestDatabase,
  freePort,
  PrivateRedis,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  untilReady,
  waitFor,
} from '@kodus/test-helpers';
import { Queue } from 'bullmq';
import request from 'supertest';
import { ApiModule } from '../src/api.module';
import { serveOpenApi } from '../src/openapi';

const logger = createLogger({ component: 'test', level: 'silent' });
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function buildApi(database: Pool, redis: Redis, prefix: string, token: string): Promise<HttpApp> {
  const config = loadConfig('api', { COMPONENT_TYPE: 'api', ...testSecrets(), API_ADMIN_TOKEN: token });
  const built = await createHttpApp({
    config,
    logger,
    module: ApiModule.register({ database, queue: new ReviewQueue(redis, prefix, logger) }),
    dependencies: [],
    configure: serveOpenApi,
  });
  await built.app.init();
  await built.app.getHttpAdapter().getInstance().ready();
  return built;
}

describe('api-rest /reviews', () => {
  const token = testSecrets().API_ADMIN_TOKEN;
  const prefix = uniquePrefix('api-reviews');
  let database: TestDatabase;
  let pool: Pool;
  let redis: Redis;
  let api: HttpApp;
  let reviews: ReviewRepository;
  let server: Parameters<typeof request>[0];
  const auth = { authorization: `Bearer ${token}` };

  beforeAll(async () => {
    database = await createTestDatabase('api_reviews');
    await migrate(database.url, logger);
    pool = createDatabasePool({ url: database.url, applicationName: 'kodus-test', logger });
    redis = createRedisConnection({ url: REDIS_URL, connectionName: 'kodus-test', role: 'producer', logger });
    await untilReady(redis);
    reviews = new ReviewRepository(pool);
    api = await buildApi(pool, redis, prefix, token);
    server = api.app.getHttpServer();

    const done = await reviews.claimAttempt({
      provider: 'github',
      repository: 'acme/api',
      pullRequest: 7,
      trigger: 'opened',
      deliveryId: 'd-1',
      jobId: 'github-d-1',
      headSha: 'a'.repeat(40),
    });
    await reviews.complete(done.review.id, {
      summary: 'Found 1 issue',
      suggestions: [
        {
          path: 'src/a.ts',
          line: 4,
          severity: 'critical',
          category: 'security',
          ruleId: 'secrets/aws',
          message: 'AWS key',
          fingerprint: 'kf1:0123456789abcdef',
        },
      ],
      postedReviewId: '9',
      postedReviewUrl: null,
      stages: [{ name: 'publish', ms: 3, outcome: 'ok' }],
      usage: { llmCalls: 1, inputTokens: 100, outputTokens: 20, cachedInputTokens: 5, costUsd: null },
    });
    for (let i = 2; i <= 4; i++) {
      await reviews.claimAttempt({
        provider: 'github',
        repository: 'acme/api',
        pullRequest: 8,
        trigger: 'synchronize',
        deliveryId: `d-${i}`,
        jobId: `github-d-${i}`,
      });
    }
  });

  afterAll(async () => {
    await api.app.close();
    const queue = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
    await new RedisDependency(redis).close();
    await pool.end();
    await database.drop();
  });

  it('requires the bearer token', async () => {
    await request(server).get('/reviews').expect(401);
    await request(server).get('/reviews').set('authorization', 'Bearer wrong').expect(401);
    await request(server).get('/reviews').set('authorization', token).expect(401);
    await request(server).get('/health/live').expect(200);
  });

  it('filters by pull request and returns the contract shape', async () => {
    const response = await request(server)
      .get('/reviews?provider=github&repository=acme/api&pullRequest=7')
      .set(auth)
      .expect(200);
    expect(response.body).toEqual({
      items: [
        {
          id: expect.any(String),
          status: 'completed',
          statusReason: null,
          provider: 'github',
          repository: 'acme/api',
          pullRequest: 7,
          headSha: 'a'.repeat(40),
          trigger: 'opened',
          summary: 'Found 1 issue',
          postedReviewUrl: null,
          suggestions: [
            {
              path: 'src/a.ts',
              line: 4,
              severity: 'critical',
              category: 'security',
              ruleId: 'secrets/aws',
              message: 'AWS key',
              source: 'analyzer',
              fingerprint: 'kf1:0123456789abcdef',
            },
          ],
          usage: { llmCalls: 1, inputTokens: 100, outputTokens: 20, costUsd: null },
          stages: [{ name: 'publish', ms: 3, outcome: 'ok' }],
          createdAt: expect.stringMatching(/Z$/),
          finishedAt: expect.stringMatching(/Z$/),
        },
      ],
      nextCursor: null,
    });
    const one = await request(server).get(`/reviews/${response.body.items[0].id}`).set(auth).expect(200);
    expect(one.body).toEqual(response.body.items[0]);
  });

  it('answers 200 with no items for a pull request never reviewed', async () => {
    const response = await request(server)
      .get('/reviews?repository=acme/api&pullRequest=999')
      .set(auth)
      .expect(200);
    expect(response.body).toEqual({ items: [], nextCursor: null });
  });

  it('pages with nextCursor', async () => {
    const first = await request(server).get('/reviews?pullRequest=8&limit=2').set(auth).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].status).toBe('running');
    expect(first.body.items[0].finishedAt).toBeNull();
    const second = await request(server)
      .get(`/reviews?pullRequest=8&limit=2&cursor=${first.body.nextCursor}`)
      .set(auth)
      .expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });

  it('rejects bad filters, cursors and ids clearly', async () => {
    const bad = await request(server)
      .get('/reviews?pullRequest=abc&repository=nope&extra=1')
      .set(auth)
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/pullRequest/);
    expect(JSON.stringify(bad.body.message)).toMatch(/repository/);
    await request(server).get('/reviews?limit=1000').set(auth).expect(400);
    await request(server).get('/reviews?pullRequest=3000000000').set(auth).expect(400);
    await request(server).get('/reviews?cursor=not-a-cursor').set(auth).expect(400);
    for (const t of ['2020-02-30T00:00:00.000Z', '+275760-09-13T00:00:00.000Z']) {
      const cursor = Buffer.from(JSON.stringify({ t, id: '00000000-0000-4000-8000-000000000000' })).toString(
        'base64url',
      );
      await request(server).get(`/reviews?cursor=${cursor}`).set(auth).expect(400);
    }
    await request(server).get('/reviews/not-a-uuid').set(auth).expect(404);
    await request(server).get('/reviews/00000000-0000-4000-8000-000000000000').set(auth).expect(404);
  });

  it('queues a manual review: 202, a job in Redis, a queued review', async () => {
    const response = await request(server)
      .post('/reviews')
      .set(auth)
      .send({ provider: 'github', repository: 'acme/web', pullRequest: 3 })
      .expect(202);
    expect(response.body).toEqual({
      id: expect.any(String),
      jobId: expect.stringMatching(/^github-manual-/),
      status: 'queued',
    });
    const queue = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
    const job = await queue.getJob(response.body.jobId);
    await queue.close();
    expect(job?.data).toMatchObject({
      version: 2,
      provider: 'github',
      trigger: 'manual',
      repository: { provider: 'github', owner: 'acme', name: 'web' },
      pullRequest: { number: 3 },
    });
    const stored = await request(server).get(`/reviews/${response.body.id}`).set(auth).expect(200);
    expect(stored.body).toMatchObject({
      status: 'queued',
      repository: 'acme/web',
      pullRequest: 3,
      headSha: null,
      finishedAt: null,
    });
  });

  it('rejects invalid manual requests', async () => {
    await request(server)
      .post('/reviews')
      .set(auth)
      .send({ provider: 'github', repository: 'acme', pullRequest: 3 })
      .expect(400);
    await request(server)
      .post('/reviews')
      .set(auth)
      .send({ provider: 'github', repository: 'acme/web', pullRequest: 0 })
      .expect(400);
    await request(server)
      .post('/reviews')
      .set(auth)
      .send({ provider: 'github', repository: 'acme/web', pullRequest: 3000000000 })
      .expect(400);
    await request(server)
      .post('/reviews')
      .set(auth)
      .send('not json')
      .set('content-type', 'application/json')
      .expect(400);
    // Names each provider's adapter refuses: path tricks, the wrong number of parts, control characters.
    for (const repository of ['acme/..', 'acme/web/extra', 'acme/we b', 'acme/web\u0000']) {
      await request(server)
        .post('/reviews')
        .set(auth)
        .send({ provider: 'github', repository, pullRequest: 3 })
        .expect(400);
    }
    await request(server).get('/reviews?provider=github&repository=acme/web/extra').set(auth).expect(400);
  });

  it('queues manual reviews for every registered provider, with its locator; others are refused', async () => {
    const names: Record<string, { fullName: string; locator: Record<string, unknown> }> = {
      github: { fullName: 'acme/web', locator: { provider: 'github', owner: 'acme', name: 'web' } },
      gitlab: { fullName: 'acme/platform/web', locator: { provider: 'gitlab', path: 'acme/platform/web' } },
      bitbucket: {
        fullName: 'acme-team/web.app',
        locator: { provider: 'bitbucket', workspace: 'acme-team', slug: 'web.app' },
      },
      'azure-devops': {
        fullName: 'acme/Fabrikam Fiber/web',
        locator: {
          provider: 'azure-devops',
          organization: 'acme',
          project: 'Fabrikam Fiber',
          repository: 'web',
        },
      },
    };
    const queue = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
    try {
      for (const provider of PROVIDER_NAMES) {
        const { fullName, locator } = names[provider]!;
        const response = await request(server)
          .post('/reviews')
          .set(auth)
          .send({ provider, repository: fullName, pullRequest: 4 });
        if (providerAdapter(provider) === undefined) {
          expect(response.status).toBe(400);
          expect(response.body.message).toMatch(/not supported yet/);
          continue;
        }
        expect(response.status).toBe(202);
        const job = await queue.getJob(response.body.jobId);
        expect(job?.data).toMatchObject({ version: 2, provider, repository: locator });
        const listed = await request(server)
          .get(`/reviews?provider=${provider}&repository=${encodeURIComponent(fullName)}&pullRequest=4`)
          .set(auth)
          .expect(200);
        expect(listed.body.items.map((r: { repository: string }) => r.repository)).toEqual([fullName]);
      }
    } finally {
      await queue.close();
    }
  });

  it('answers 503 and stores nothing when the queue is down', async () => {
    const down = await PrivateRedis.start();
    const connection = createRedisConnection({
      url: down.url,
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
    await untilReady(connection);
    const isolated = await buildApi(pool, connection, uniquePrefix('down'), token);
    try {
      await down.stop();
      const before = (await pool.query('SELECT count(*)::int AS n FROM reviews')).rows[0];
      await request(isolated.app.getHttpServer())
        .post('/reviews')
        .set(auth)
        .send({ provider: 'github', repository: 'acme/web', pullRequest: 4 })
        .expect(503);
      expect((await pool.query('SELECT count(*)::int AS n FROM reviews')).rows[0]).toEqual(before);
    } finally {
      await isolated.app.close();
      await new RedisDependency(connection).close();
      await down.stop();
    }
  });

  it('answers 503 when Redis stalls past the deadline, and nothing is left queued once it runs the commands', async () => {
    const stalled = await PrivateRedis.start();
    const connection = createRedisConnection({
      url: stalled.url,
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
    await untilReady(connection);
    const stalledPrefix = uniquePrefix('stalled');
    const isolated = await buildApi(pool, connection, stalledPrefix, token);
    let inspect: Queue | undefined;
    try {
      stalled.freeze();
      await request(isolated.app.getHttpServer())
        .post('/reviews')
        .set(auth)
        .send({ provider: 'github', repository: 'acme/stalled', pullRequest: 31 })
        .expect(503);
      stalled.thaw();
      // Redis now runs what it was sent, the add too: the job is withdrawn after it, and no row is left.
      await waitFor('Redis to answer again', async () =>
        (await connection.ping()) === 'PONG' ? true : undefined,
      );
      // A BullMQ handle of its own, opened now (one opened before the stall keeps the stall's failure).
      inspect = new Queue(QUEUE_NAMES.reviews, { connection, prefix: stalledPrefix });
      expect(await inspect.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).toEqual({
        waiting: 0,
        active: 0,
        delayed: 0,
        prioritized: 0,
      });
      const { rows } = await pool.query("SELECT id FROM reviews WHERE repository = 'acme/stalled'");
      expect(rows).toEqual([]);
    } finally {
      stalled.thaw();
      await inspect?.close();
      await isolated.app.close();
      await new RedisDependency(connection).close();
      await stalled.stop();
    }
  });

  it('answers 503 while PostgreSQL is down, and a POST enqueues nothing', async () => {
    const closedPort = await freePort();
    const unreachable = createDatabasePool({
      url: `postgres://postgres@127.0.0.1:${closedPort}/kodus`,
      applicationName: 'kodus-test',
      logger,
    });
    const isolatedPrefix = uniquePrefix('pg-down');
    const isolated = await buildApi(unreachable, redis, isolatedPrefix, token);
    try {
      const list = await request(isolated.app.getHttpServer()).get('/reviews').set(auth).expect(503);
      expect(JSON.stringify(list.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
      await request(isolated.app.getHttpServer())
        .get('/reviews/00000000-0000-4000-8000-000000000000')
        .set(auth)
        .expect(503);
      await request(isolated.app.getHttpServer())
        .post('/reviews')
        .set(auth)
        .send({ provider: 'github', repository: 'acme/web', pullRequest: 5 })
        .expect(503);
      const queue = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix: isolatedPrefix });
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      await queue.close();
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
    } finally {
      await isolated.app.close();
      await unreachable.end();
    }
  });

  it('serves the OpenAPI document and UI at /docs', async () => {
    const document = await request(server).get('/docs-json').expect(200);
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/reviews', '/reviews/{id}']));
    expect(document.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const ui = await request(server).get('/docs').expect(200);
    expect(ui.text).toContain('swagger');
  });
});
