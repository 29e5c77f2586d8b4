import { loadConfig } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import { createRedisConnection, QUEUE_NAMES, type Redis, RedisDependency, ReviewQueue } from '@kodus/queue';
import { createHttpApp, type HttpApp } from '@kodus/runtime';
import {
  githubDeliveryHeaders,
  githubPullRequestEvent,
  githubSignature,
  PrivateRedis,
  uniquePrefix,
  untilReady,
} from '@kodus/test-helpers';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { webhookApp } from '../src/webhook.module';

const logger = createLogger({ component: 'test', level: 'silent' });
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = `secret-${randomUUID()}`;
const HEAD = 'f'.repeat(40);

function pullRequest(action: string, extra: Record<string, unknown> = {}) {
  return githubPullRequestEvent({
    repo: { owner: 'acme', name: 'api' },
    number: 5,
    headSha: HEAD,
    baseSha: 'e'.repeat(40),
    action,
    title: 'Tidy up',
    pullRequest: extra,
    extra: { installation: { id: 77 } },
  });
}

const sign = (body: Buffer | string, secret = SECRET) => githubSignature(body, secret);

/** A signed GitHub delivery of `payload`. Bodies go out as strings: superagent would JSON-encode a Buffer. */
function postTo(
  target: Parameters<typeof request>[0],
  payload: unknown,
  headers: Record<string, string> = {},
) {
  const body = Buffer.from(JSON.stringify(payload));
  return request(target)
    .post('/webhooks/github')
    .set({ ...githubDeliveryHeaders(body, SECRET), ...headers })
    .send(body.toString('utf8'));
}

async function buildWebhook(redis: Redis, prefix: string, secret: string | undefined): Promise<HttpApp> {
  const env: Record<string, string> = { COMPONENT_TYPE: 'webhook' };
  if (secret !== undefined) env.GITHUB_WEBHOOK_SECRET = secret;
  const built = await createHttpApp({
    config: loadConfig('webhook', env),
    logger,
    ...webhookApp(new ReviewQueue(redis, prefix, logger)),
    dependencies: [],
    bodyLimitBytes: 25 * 1024 * 1024,
  });
  await built.app.init();
  await built.app.getHttpAdapter().getInstance().ready();
  return built;
}

describe('POST /webhooks/github', () => {
  const prefix = uniquePrefix('webhook-github');
  let redis: Redis;
  let hook: HttpApp;
  let queue: Queue;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    redis = createRedisConnection({ url: REDIS_URL, connectionName: 'kodus-test', role: 'producer', logger });
    await untilReady(redis);
    hook = await buildWebhook(redis, prefix, SECRET);
    server = hook.app.getHttpServer();
    queue = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
  });
  afterAll(async () => {
    await hook.app.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await new RedisDependency(redis).close();
  });

  const post = (payload: unknown, headers: Record<string, string> = {}) => postTo(server, payload, headers);

  it('queues a review: 202 with the job id, the job durably in Redis', async () => {
    const delivery = randomUUID();
    const response = await post(pullRequest('opened'), { 'x-github-delivery': delivery }).expect(202);
    expect(response.body).toEqual({ jobId: `github-${delivery}` });
    const job = await queue.getJob(`github-${delivery}`);
    expect(job?.data).toMatchObject({
      version: 2,
      provider: 'github',
      deliveryId: delivery,
      trigger: 'opened',
      repository: { provider: 'github', owner: 'acme', name: 'api' },
      pullRequest: { number: 5, headSha: HEAD, draft: false },
      githubInstallationId: 77,
    });
  });

  it('gives one job for a delivery sent three times', async () => {
    const delivery = randomUUID();
    const before = await queue.count();
    for (let i = 0; i < 3; i++) {
      const response = await post(pullRequest('synchronize'), { 'x-github-delivery': delivery }).expect(202);
      expect(response.body).toEqual({ jobId: `github-${delivery}` });
    }
    expect(await queue.count()).toBe(before + 1);
  });

  it('queues drafts (the worker applies the repository settings) and comment commands', async () => {
    await post(pullRequest('opened', { draft: true })).expect(202);
    const comment = {
      action: 'created',
      issue: {
        number: 5,
        pull_request: { url: 'https://api.github.com/repos/acme/api/pulls/5' },
        state: 'open',
      },
      comment: { body: '@kodus review please', user: { login: 'octocat', type: 'User' } },
      repository: { name: 'api', full_name: 'acme/api', owner: { login: 'acme' } },
      sender: { login: 'octocat', type: 'User' },
    };
    const response = await post(comment, { 'x-github-event': 'issue_comment' }).expect(202);
    const job = await queue.getJob(response.body.jobId);
    expect(job?.data).toMatchObject({ trigger: 'command', pullRequest: { number: 5 } });
    expect(job?.data.pullRequest.headSha).toBeUndefined();
  });

  it('answers 200 with the reason for events that start no review', async () => {
    const before = await queue.count();
    expect((await post(pullRequest('labeled')).expect(200)).body).toEqual({
      ignored: expect.stringContaining('labeled'),
    });
    expect(
      (await post({ zen: 'Design for failure.', hook_id: 1 }, { 'x-github-event': 'ping' }).expect(200)).body,
    ).toEqual({
      ignored: expect.any(String),
    });
    expect((await post({}, { 'x-github-event': 'star' }).expect(200)).body.ignored).toBeDefined();
    expect(await queue.count()).toBe(before);
  });

  it('answers 401 for a missing, malformed or wrong signature, and for a tampered body', async () => {
    const body = Buffer.from(JSON.stringify(pullRequest('opened')));
    const send = (headers: Record<string, string>, payload: Buffer = body) =>
      request(server)
        .post('/webhooks/github')
        .set({
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-github-delivery': randomUUID(),
          ...headers,
        })
        .send(payload.toString('utf8'));
    await send({}).expect(401);
    await send({ 'x-hub-signature-256': 'sha1=abc' }).expect(401);
    await send({ 'x-hub-signature-256': sign(body, 'wrong-secret') }).expect(401);
    const tampered = Buffer.from(body.toString().replace('"number":5', '"number":6'));
    await send({ 'x-hub-signature-256': sign(body) }, tampered).expect(401);
  });

  it('answers 400 for malformed bodies and headers', async () => {
    await post(pullRequest('opened'), { 'x-github-event': '' }).expect(400);
    await post(pullRequest('opened'), { 'x-github-delivery': 'not a valid id!' }).expect(400);
    const notJson = Buffer.from('{"action": "opened",');
    await request(server)
      .post('/webhooks/github')
      .set({
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': sign(notJson),
      })
      .send(notJson.toString('utf8'))
      .expect(400);
    await post(pullRequest('opened', { head: { sha: 'NOTHEX', ref: 'x' } })).expect(400);
    const missingFields = await post({ action: 'opened', pull_request: { number: 'five' } }).expect(400);
    expect(missingFields.body.message).toBeDefined();
  });

  it('accepts form-encoded deliveries (payload=<json>)', async () => {
    const form = `payload=${encodeURIComponent(JSON.stringify(pullRequest('reopened')))}`;
    await request(server)
      .post('/webhooks/github')
      .set({
        'content-type': 'application/x-www-form-urlencoded',
        'x-github-event': 'pull_request',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': sign(form),
      })
      .send(form)
      .expect(202);
  });

  it('keeps the request id, refuses prototype-poisoned JSON (400) and other content types (415)', async () => {
    const kept = await post(pullRequest('opened'), { 'x-request-id': 'lb-77.a' }).expect(202);
    expect(kept.headers['x-request-id']).toBe('lb-77.a');
    const before = await queue.count();
    const signed = (body: string, type: string) =>
      request(server)
        .post('/webhooks/github')
        .set({
          'content-type': type,
          'x-github-event': 'pull_request',
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': sign(body),
        })
        .send(body);
    const poisoned = JSON.stringify(pullRequest('opened')).replace('{', '{"__proto__":{"polluted":1},');
    await signed(poisoned, 'application/json').expect(400);
    // The same keys spelled with escapes, which JSON.parse decodes to the same names.
    await signed(poisoned.replace('__proto__', '\\u005f_proto__'), 'application/json').expect(400);
    const viaConstructor = JSON.stringify(pullRequest('opened')).replace(
      '{',
      '{"\\u0063onstructor":{"prototype":{"polluted":1}},',
    );
    await signed(viaConstructor, 'application/json').expect(400);
    // Deep inside arrays and objects too, spelled plainly or with escapes.
    const nested = (key: string, value: unknown) =>
      JSON.stringify(pullRequest('opened', { labels: [{ name: 'a' }, { meta: [{ [key]: value }] }] }));
    await signed(nested('__proto__', { polluted: 1 }), 'application/json').expect(400);
    await signed(
      nested('__proto__', { polluted: 1 }).replace('__proto__', '\\u005f\\u005fproto__'),
      'application/json',
    ).expect(400);
    await signed(nested('constructor', { prototype: { polluted: 1 } }), 'application/json').expect(400);
    await signed('{"action":', 'application/json').expect(400);
    await signed('', 'application/json').expect(400);
    await signed(`payload=1&__proto__=x`, 'application/x-www-form-urlencoded').expect(400);
    await signed(JSON.stringify(pullRequest('opened')), 'text/plain').expect(415);
    expect(await queue.count()).toBe(before);
  });

  it('accepts JSON whose "constructor" keys are harmless, and a leading byte order mark, as Fastify does', async () => {
    const body = (payload: unknown, prefix = '') => prefix + JSON.stringify(payload);
    const post202 = (text: string) =>
      request(server)
        .post('/webhooks/github')
        .set({
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': sign(text),
        })
        .send(text)
        .expect(202);
    await post202(body(pullRequest('opened', { constructor: 'a string' })));
    await post202(body(pullRequest('opened', { constructor: { name: 'no prototype key' } })));
    await post202(body(pullRequest('opened', { labels: [{ prototype: 1, name: '__proto__' }] })));
    await post202(body(pullRequest('opened'), '\ufeff'));
  });

  it('answers 413 above 25 MiB', async () => {
    const huge = Buffer.alloc(25 * 1024 * 1024 + 1024, 'a');
    await request(server)
      .post('/webhooks/github')
      .set({
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': randomUUID(),
      })
      .send(huge.toString('utf8'))
      .expect(413);
  });

  it('answers 503, never a 2xx, when Redis cannot take the job, and 202 again once it is back', async () => {
    const down = await PrivateRedis.start();
    const connection = createRedisConnection({
      url: down.url,
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
    await untilReady(connection);
    const isolated = await buildWebhook(connection, uniquePrefix('down'), SECRET);
    try {
      await down.stop();
      await postTo(isolated.app.getHttpServer(), pullRequest('opened')).expect(503);

      await down.resume();
      await untilReady(connection);
      await postTo(isolated.app.getHttpServer(), pullRequest('opened')).expect(202);
    } finally {
      await isolated.app.close();
      await new RedisDependency(connection).close();
      await down.stop();
    }
  });

  it('answers 404 for a provider Kodus has no adapter for, queueing nothing', async () => {
    const before = await queue.count();
    await request(server)
      .post('/webhooks/forgejo')
      .set({ 'content-type': 'application/json' })
      .send({ action: 'opened' })
      .expect(404);
    expect(await queue.count()).toBe(before);
  });

  it('accepts unsigned deliveries when no secret is configured', async () => {
    const open = await buildWebhook(redis, prefix, undefined);
    try {
      await request(open.app.getHttpServer())
        .post('/webhooks/github')
        .set({
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-github-delivery': randomUUID(),
        })
        .send(pullRequest('opened'))
        .expect(202);
    } finally {
      await open.app.close();
    }
  });
});
