import type { WebhookConfig } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import { createDatabasePool, DeliveryLog, PostgresDependency } from '@kodus/persistence';
import { registeredProviders } from '@kodus/git-providers';
import {
  createRedisConnection,
  LastSeenHeads,
  RedisDependency,
  RedisDurabilityMonitor,
  ReviewQueue,
} from '@kodus/queue';
import { runHttpApp } from '@kodus/runtime';
import { webhookSecretsFrom } from './webhook-route';
import { webhookApp } from './webhook.module';

/** Provider payloads can be large (a big push or PR); the contract answers 413 above 25 MiB. */
const WEBHOOK_BODY_LIMIT = 25 * 1024 * 1024;

/** Starts the webhook-handler with its checked configuration (main.ts checks it before this module loads). */
export function startWebhookHandler(config: WebhookConfig): void {
  const logger = createLogger({
    component: 'webhook-handler',
    level: config.log.level,
    pretty: config.log.pretty,
  });
  const secrets = webhookSecretsFrom(config);
  for (const adapter of registeredProviders()) {
    const key = adapter.name === 'azure-devops' ? 'azureDevops' : adapter.name;
    if (secrets[key] === undefined) {
      logger.warn(
        { provider: adapter.name },
        `no ${adapter.name} webhook secret is set: its webhooks are accepted without verification`,
      );
    }
  }
  const redis = createRedisConnection({
    url: config.redis.url,
    connectionName: 'kodus-webhook',
    role: 'producer',
    logger,
  });
  const queue = new ReviewQueue(redis, config.redis.keyPrefix, logger);
  const durability = new RedisDurabilityMonitor(redis, logger);
  durability.start();
  // At-least-once mode: deliveries recorded in PostgreSQL before their 202 (README "Redis").
  const database =
    config.deliveryLog === 'postgres'
      ? createDatabasePool({
          url: config.databaseUrl,
          applicationName: 'kodus-webhook',
          logger,
          // DATABASE_POOL_MAX, default 10: every webhook process counts against max_connections (README).
          maxConnections: config.databasePoolMax,
          timeouts: { queryTimeoutMs: config.databaseQueryTimeoutMs },
        })
      : undefined;

  void runHttpApp({
    config,
    logger,
    ...webhookApp(
      queue,
      database && new DeliveryLog(database),
      new LastSeenHeads(redis, config.redis.keyPrefix),
    ),
    dependencies: [
      new RedisDependency(redis),
      ...(database ? [new PostgresDependency(database)] : []),
      durability,
    ],
    registerMetrics: (registry) => durability.registerMetrics(registry),
    bodyLimitBytes: WEBHOOK_BODY_LIMIT,
  });
}
