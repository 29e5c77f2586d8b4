import { loadConfigOrExit } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import { createDatabasePool, PostgresDependency, ReviewRepository } from '@kodus/persistence';
import { createRedisConnection, RedisDependency } from '@kodus/queue';
import { ProviderClients, ReviewPipeline } from '@kodus/review-pipeline';
import { runWorkerApp } from '@kodus/runtime';
import { ReviewConsumer } from './review.consumer';
import { WorkerModule } from './worker.module';

const config = loadConfigOrExit('worker');
const logger = createLogger({ component: 'worker', level: config.log.level, pretty: config.log.pretty });
if (config.llm.provider !== 'none') {
  logger.warn(
    { llmProvider: config.llm.provider },
    'LLM review is not part of this build yet: built-in analyzers only',
  );
}
const redis = createRedisConnection({
  url: config.redis.url,
  connectionName: 'kodus-worker',
  role: 'consumer',
  logger,
});
// Each review in flight holds one connection for its head lock and needs another for its queries.
const database = createDatabasePool({
  url: config.databaseUrl,
  applicationName: 'kodus-worker',
  logger,
  maxConnections: 2 * config.concurrency + 2,
});
const clients = new ProviderClients({ github: config.github });
const postgres = new PostgresDependency(database);
const pipeline = new ReviewPipeline({
  reviews: new ReviewRepository(database),
  clientFor: (job) => clients.for(job),
  logger,
});

void runWorkerApp({
  config,
  logger,
  module: WorkerModule.register({ redis, pipeline, required: [postgres] }),
  dependencies: [new RedisDependency(redis), postgres],
  heartbeat: { file: config.heartbeatFile, consuming: (app) => app.get(ReviewConsumer).isConsuming() },
});
