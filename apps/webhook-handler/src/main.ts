import { loadConfigOrExit } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import { createRedisConnection, RedisDependency } from '@kodus/queue';
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
const redis = createRedisConnection({ url: config.redis.url, connectionName: 'kodus-webhook', logger });

void runHttpApp({
  config,
  logger,
  module: WebhookModule,
  dependencies: [new RedisDependency(redis)],
  bodyLimitBytes: WEBHOOK_BODY_LIMIT,
});
