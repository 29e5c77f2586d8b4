import { loadConfigOrExit } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import { createDatabasePool, PostgresDependency } from '@kodus/persistence';
import { createRedisConnection, RedisDependency, ReviewQueue } from '@kodus/queue';
import { runHttpApp } from '@kodus/runtime';
import { ApiModule } from './api.module';
import { serveOpenApi } from './openapi';

const config = loadConfigOrExit('api');
const logger = createLogger({ component: 'api-rest', level: config.log.level, pretty: config.log.pretty });
const redis = createRedisConnection({
  url: config.redis.url,
  connectionName: 'kodus-api',
  role: 'producer',
  logger,
});
const database = createDatabasePool({ url: config.databaseUrl, applicationName: 'kodus-api', logger });
const queue = new ReviewQueue(redis, config.redis.keyPrefix, logger);

void runHttpApp({
  config,
  logger,
  module: ApiModule.register({ database, queue }),
  dependencies: [new RedisDependency(redis), new PostgresDependency(database)],
  configure: serveOpenApi,
});
