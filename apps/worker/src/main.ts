import { loadConfigOrExit } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import {
  createDatabasePool,
  DeliveryLog,
  DeliverySweeper,
  PostgresDependency,
  ReviewRepository,
} from '@kodus/persistence';
import { createRedisConnection, RedisDependency, RedisDurabilityMonitor, ReviewQueue } from '@kodus/queue';
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
// Reviews hold no connection across provider calls (the head lock is a lease row); this leaves room.
const database = createDatabasePool({
  url: config.databaseUrl,
  applicationName: 'kodus-worker',
  logger,
  maxConnections: 2 * config.concurrency + 2,
});
const clients = new ProviderClients({ github: config.github });
const noCredentials = clients.missingCredentials();
if (noCredentials !== undefined) logger.warn(noCredentials);
const postgres = new PostgresDependency(database);
const pipeline = new ReviewPipeline({
  reviews: new ReviewRepository(database),
  clientFor: (job) => clients.clientFor(job),
  logger,
  reviewTimeoutMs: config.reviewTimeoutMs,
});
// At-least-once webhook delivery (WEBHOOK_DELIVERY_LOG=postgres): deliveries recorded by the
// webhook-handler whose job Redis lost are enqueued again (README "Redis"). Idle when the log is empty.
new DeliverySweeper({
  log: new DeliveryLog(database),
  queue: new ReviewQueue(redis, config.redis.keyPrefix, logger),
  logger,
}).start();
const durability = new RedisDurabilityMonitor(redis, logger);
durability.start();

void runWorkerApp({
  config,
  logger,
  module: WorkerModule.register({ redis, pipeline, required: [postgres] }),
  dependencies: [new RedisDependency(redis), postgres, durability],
  heartbeat: { file: config.heartbeatFile, consuming: (app) => app.get(ReviewConsumer).isConsuming() },
});
