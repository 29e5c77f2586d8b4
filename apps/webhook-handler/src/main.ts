import { loadConfigOrExit } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import { createRedisConnection, RedisDependency, ReviewQueue } from '@kodus/queue';
import { runHttpApp } from '@kodus/runtime';
import { WebhookModule } from './webhook.module';

/** Provider payloads can be large (a big push or PR); the contract answers 413 above 25 MiB. */
const WEBHOOK_BODY_LIMIT = 25 * 1024 * 1024;

const config = loadConfigOrExit('webhook');
const logger = createLogger({
  component: 'webhook-handler',
  level: config.log.level,
  pretty: config.log.pretty,
});
if (config.webhookSecrets.github === undefined) {
  logger.warn(
    'GITHUB_WEBHOOK_SECRET is not set: GitHub webhooks are accepted without signature verification',
  );
}
const redis = createRedisConnection({
  url: config.redis.url,
  connectionName: 'kodus-webhook',
  role: 'producer',
  logger,
});
const queue = new ReviewQueue(redis, config.redis.keyPrefix, logger);

void runHttpApp({
  config,
  logger,
  module: WebhookModule.register(queue),
  dependencies: [new RedisDependency(redis)],
  bodyLimitBytes: WEBHOOK_BODY_LIMIT,
  rawBody: true,
});
