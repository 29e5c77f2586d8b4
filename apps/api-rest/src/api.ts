import type { ApiConfig } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import { createDatabasePool, PostgresDependency } from '@kodus/persistence';
import { createRedisConnection, RedisDependency, RedisDurabilityMonitor, ReviewQueue } from '@kodus/queue';
import { runHttpApp } from '@kodus/runtime';
import { ApiModule } from './api.module';
import { serveOpenApi } from './openapi';
import { serveQueueDashboard } from './queues/queue-dashboard';

/** Starts the API with its checked configuration (main.ts checks it before this module loads). */
export function startApi(config: ApiConfig): void {
  const logger = createLogger({ component: 'api-rest', level: config.log.level, pretty: config.log.pretty });
  const redis = createRedisConnection({
    url: config.redis.url,
    connectionName: 'kodus-api',
    role: 'producer',
    logger,
  });
  const database = createDatabasePool({
    url: config.databaseUrl,
    applicationName: 'kodus-api',
    logger,
    // DATABASE_POOL_MAX, default 10: every api process counts against max_connections (README).
    maxConnections: config.databasePoolMax,
    timeouts: { queryTimeoutMs: config.databaseQueryTimeoutMs },
  });
  const queue = new ReviewQueue(redis, config.redis.keyPrefix, logger);
  const durability = new RedisDurabilityMonitor(redis, logger);
  durability.start();

  void runHttpApp({
    config,
    logger,
    module: ApiModule.register({ database, queue }),
    dependencies: [new RedisDependency(redis), new PostgresDependency(database), durability],
    registerMetrics: (registry) => durability.registerMetrics(registry),
    configure: async (app) => {
      serveOpenApi(app, config.build.version);
      await serveQueueDashboard(app, { queues: [queue.openForDashboard()], adminToken: config.adminToken });
    },
  });
}
