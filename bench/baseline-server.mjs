// The baselines of bench/webhook-ingest.mjs: bare Fastify + BullMQ `add`, no Nest, no checks — the least
// any webhook receiver must do (parse the JSON body, store a job keyed by the delivery id, answer 202).
// With VERIFY_SECRET set it also checks X-Hub-Signature-256 over the raw body, as any safe receiver must.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Queue } from 'bullmq';
import Fastify from 'fastify';
import { Redis } from 'ioredis';

const port = Number(process.env.PORT);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { enableOfflineQueue: false });
const queue = new Queue('reviews', { connection: redis, prefix: process.env.REDIS_KEY_PREFIX });
const secret = process.env.VERIFY_SECRET;
const app = Fastify({ bodyLimit: 25 * 1024 * 1024 });
if (secret) {
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, raw, done) => {
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
    const given = Buffer.from(String(request.headers['x-hub-signature-256']));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      done(Object.assign(new Error('bad signature'), { statusCode: 401 }));
      return;
    }
    try {
      done(null, JSON.parse(raw));
    } catch (error) {
      done(Object.assign(error, { statusCode: 400 }));
    }
  });
}
app.post('/webhooks/github', async (request, reply) => {
  const jobId = `github-${request.headers['x-github-delivery']}`;
  const pr = request.body.pull_request;
  await queue.add(
    'review',
    { repository: request.body.repository.full_name, number: pr.number, headSha: pr.head.sha },
    { jobId },
  );
  reply.code(202);
  return { jobId };
});
app.get('/health/live', async () => ({ status: 'live' }));
await app.listen({ port, host: '127.0.0.1' });
process.send?.('ready');
process.on('SIGTERM', async () => {
  await app.close();
  await queue.close();
  redis.disconnect();
  process.exit(0);
});
