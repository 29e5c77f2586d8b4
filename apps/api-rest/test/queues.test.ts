import { loadConfig } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import { createDatabasePool, migrate, type Pool } from '@kodus/persistence';
import { createRedisConnection, type Redis, RedisDependency, ReviewQueue } from '@kodus/queue';
import { createHttpApp, type HttpApp } from '@kodus/runtime';
import {
  createTestDatabase,
  PrivateRedis,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  untilReady,
} from '@kodus/test-helpers';
import { Writable } from 'node:stream';
import request from 'supertest';
import { ApiModule } from '../src/api.module';
import { serveOpenApi } from '../src/openapi';
import { serveQueueDashboard } from '../src/queues/queue-dashboard';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logged: string[] = [];
const logger = createLogger({
  component: 'test',
  level: 'debug',
  destination: new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(chunk.toString('utf8'));
      done();
    },
  }),
});

async function buildApi(database: Pool, redis: Redis, prefix: string, token: string): Promise<HttpApp> {
  const config = loadConfig('api', { COMPONENT_TYPE: 'api', ...testSecrets(), API_ADMIN_TOKEN: token });
  const queue = new ReviewQueue(redis, prefix, logger);
  const built = await createHttpApp({
    config,
    logger,
    module: ApiModule.register({ database, queue }),
    dependencies: [],
    configure: async (app) => {
      serveOpenApi(app);
      await serveQueueDashboard(app, { queues: [queue.openForDashboard()], adminToken: token });
    },
  });
  await built.app.init();
  await built.app.getHttpAdapter().getInstance().ready();
  return built;
}

describe('queue status and dashboard', () => {
  const token = testSecrets().API_ADMIN_TOKEN;
  const auth = { authorization: `Bearer ${token}` };
  let database: TestDatabase;
  let pool: Pool;
  let redis: Redis;
  let api: HttpApp;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    database = await createTestDatabase('api_queues');
    await migrate(database.url, logger);
    pool = createDatabasePool({ url: database.url, applicationName: 'kodus-test', logger });
    redis = createRedisConnection({ url: REDIS_URL, connectionName: 'kodus-test', role: 'producer', logger });
    await untilReady(redis);
    api = await buildApi(pool, redis, uniquePrefix('api-queues'), token);
    server = api.app.getHttpServer();
  });
  afterAll(async () => {
    await api.app.close();
    await new RedisDependency(redis).close();
    await pool.end();
    await database.drop();
  });

  it('GET /queues: counts per state, behind the bearer token', async () => {
    await request(server).get('/queues').expect(401);
    await request(server)
      .post('/reviews')
      .set(auth)
      .send({ provider: 'github', repository: 'acme/web', pullRequest: 3 })
      .expect(202);
    const status = await request(server).get('/queues').set(auth).expect(200);
    expect(status.body).toEqual({
      queues: [
        {
          name: 'reviews',
          counts: { waiting: 1, active: 0, delayed: 0, completed: 0, failed: 0, prioritized: 0 },
        },
      ],
    });
    const document = await request(server).get('/docs-json').expect(200);
    expect(Object.keys(document.body.paths)).toContain('/queues');
    expect(document.body.info.description).toMatch(/\/admin\/queues\/login/);
  });

  it('GET /queues answers 503 while Redis is down', async () => {
    const down = await PrivateRedis.start();
    const connection = createRedisConnection({
      url: down.url,
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
    await untilReady(connection);
    const isolated = await buildApi(pool, connection, uniquePrefix('queues-down'), token);
    try {
      await down.stop();
      await request(isolated.app.getHttpServer()).get('/queues').set(auth).expect(503);
      // The dashboard's API too: 503, not Bull Board's 500 with the Redis client's message.
      const board = await request(isolated.app.getHttpServer())
        .get('/admin/queues/api/queues')
        .set(auth)
        .expect(503);
      expect(board.body).toEqual({ statusCode: 503, message: 'the review queue is unavailable' });
    } finally {
      await isolated.app.close();
      await new RedisDependency(connection).close();
    }
  });

  it('the dashboard refuses anyone without the token', async () => {
    const page = await request(server).get('/admin/queues').set('accept', 'text/html').expect(303);
    expect(page.headers.location).toBe('/admin/queues/login');
    await request(server).get('/admin/queues/api/queues').expect(401);
    await request(server).get('/admin/queues/api/queues').set('authorization', 'Bearer wrong').expect(401);
    await request(server)
      .get('/admin/queues/api/queues')
      .set('cookie', 'kodus_queue_board=9999999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
      .expect(401);
    await request(server).put('/admin/queues/api/queues/pause').expect(401);
  });

  it('the dashboard serves a bearer caller (scripts, a header-injecting proxy)', async () => {
    const queues = await request(server).get('/admin/queues/api/queues').set(auth).expect(200);
    expect(JSON.stringify(queues.body)).toContain('reviews');
    const page = await request(server).get('/admin/queues').set(auth).expect(200);
    expect(page.text).toContain('Kodus queues');
    // Self-hosted: the page loads nothing from a third party (Bull Board's own page loads Google Fonts).
    expect(page.text).not.toMatch(/fonts\.(googleapis|gstatic)\.com/);
    expect(page.text).toMatch(/<link href="static\/css\/main\.[^"]+\.css" rel="stylesheet">/);
    expect([...page.text.matchAll(/(?:src|href)="(https?:[^"]*)"/g)].map((m) => m[1])).toEqual([]);
  });

  it('a browser signs in once with a form POST and gets an HttpOnly SameSite=Strict cookie', async () => {
    const form = await request(server).get('/admin/queues/login').expect(200);
    expect(form.text).toContain('method="post"');
    await request(server)
      .post('/admin/queues/login')
      .type('form')
      .send({ token: 'not-the-token' })
      .expect(401);
    const signIn = await request(server).post('/admin/queues/login').type('form').send({ token }).expect(303);
    expect(signIn.headers.location).toBe('/admin/queues');
    const cookie = String(signIn.headers['set-cookie']);
    expect(cookie).toMatch(
      /^kodus_queue_board=\d{13}\.[\w-]{43}; Path=\/admin\/queues; Max-Age=28800; HttpOnly; SameSite=Strict$/,
    );
    expect(cookie).not.toContain(token);
    const session = cookie.split(';')[0] ?? '';
    await request(server).get('/admin/queues/api/queues').set('cookie', session).expect(200);
    const page = await request(server).get('/admin/queues').set('cookie', session).expect(200);
    expect(page.text).toContain('<base href="/admin/queues/"');
    const asset = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.text)?.[1];
    expect(asset).toBeDefined();
    await request(server).get(`/admin/queues/${asset}`).set('cookie', session).expect(200);
    await request(server).get(`/admin/queues/${asset}`).expect(401);
    // Behind TLS termination the cookie is Secure.
    const secure = await request(server)
      .post('/admin/queues/login')
      .set('x-forwarded-proto', 'https')
      .type('form')
      .send({ token })
      .expect(303);
    expect(String(secure.headers['set-cookie'])).toMatch(/; Secure$/);
    // The cookie grants the dashboard only, not the REST API.
    await request(server).get('/queues').set('cookie', session).expect(401);
  });

  it('never logs the token', () => {
    expect(logged.join('')).not.toContain(token);
  });
});
