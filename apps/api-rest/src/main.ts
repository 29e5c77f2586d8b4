import { loadConfigOrExit } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import { createDatabasePool, PostgresDependency } from '@kodus/persistence';
import { createRedisConnection, RedisDependency } from '@kodus/queue';
import { runHttpApp } from '@kodus/runtime';
import { ApiModule } from './api.module';

const config = loadConfigOrExit('api');
const logger = createLogger({ component: 'api-rest', level: config.log.level, pretty: config.log.pretty });
const redis = createRedisConnection({ url: config.redis.url, connectionName: 'kodus-api', logger });
const database = createDatabasePool({ url: config.databaseUrl, applicationName: 'kodus-api', logger });

void runHttpApp({
  config,
  logger,
  module: ApiModule,
  dependencies: [new RedisDependency(redis), new PostgresDependency(database)],
});
