import { loadConfigOrExit } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import { createDatabasePool, PostgresDependency } from '@kodus/persistence';
import { createRedisConnection, RedisDependency } from '@kodus/queue';
import { runWorkerApp } from '@kodus/runtime';
import { ReviewConsumer } from './review.consumer';
import { WorkerModule } from './worker.module';

const config = loadConfigOrExit('worker');
const logger = createLogger({ component: 'worker', level: config.log.level, pretty: config.log.pretty });
const redis = createRedisConnection({ url: config.redis.url, connectionName: 'kodus-worker', logger });
const database = createDatabasePool({ url: config.databaseUrl, applicationName: 'kodus-worker', logger });

void runWorkerApp({
  config,
  logger,
  module: WorkerModule.register(redis),
  dependencies: [new RedisDependency(redis), new PostgresDependency(database)],
  heartbeat: { file: config.heartbeatFile, consuming: (app) => app.get(ReviewConsumer).isConsuming() },
});
