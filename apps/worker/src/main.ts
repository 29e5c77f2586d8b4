import { loadConfigOrExit } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import {
  createDatabasePool,
  DeliveryLog,
  DeliverySweeper,
  PostgresDependency,
  ReviewRepository,
} from '@kodus/persistence';
import {
  createRedisConnection,
  RedisDependency,
  RedisDurabilityMonitor,
  ReviewQueue,
  ReviewQueueMetrics,
} from '@kodus/queue';
import { ProviderClients, ReviewPipeline } from '@kodus/review-pipeline';
import { ProviderCallMetrics, reportEmfMetric, runWorkerApp } from '@kodus/runtime';
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
const clients = new ProviderClients(config);
const noCredentials = clients.missingCredentials();
if (noCredentials !== undefined) logger.warn(noCredentials);
else {
  // One line per provider Kodus speaks but cannot review for (never a credential in it).
  for (const { provider, warning } of clients.unconfiguredProviders()) logger.warn({ provider }, warning);
}
const postgres = new PostgresDependency(database);
// Provider call durations and errors, served on WORKER_METRICS_PORT.
const providerCalls = new ProviderCallMetrics();
const pipeline = new ReviewPipeline({
  reviews: new ReviewRepository(database),
  clientFor: (job) => providerCalls.observe(job.provider, clients.clientFor(job)),
  logger,
  reviewTimeoutMs: config.reviewTimeoutMs,
});
// At-least-once webhook delivery (WEBHOOK_DELIVERY_LOG=postgres): deliveries recorded by the
// webhook-handler whose job Redis lost are enqueued again (README "Redis"). Idle when the log is empty.
const queue = new ReviewQueue(redis, config.redis.keyPrefix, logger);
new DeliverySweeper({ log: new DeliveryLog(database), queue, logger }).start();
const durability = new RedisDurabilityMonitor(redis, logger);
durability.start();
const queueMetrics = new ReviewQueueMetrics(() => queue.counts());
if (config.emfMetrics) {
  // For ECS auto-scaling on the backlog (README "Operating"): one EMF log line a minute, no SDK call.
  reportEmfMetric({
    logger,
    everyMs: 60_000,
    metric: {
      namespace: 'Kodus',
      name: 'ReviewQueueBacklog',
      unit: 'Count',
      dimensions: { Queue: 'reviews' },
    },
    read: async () => {
      const counts = await queue.counts();
      return counts.waiting + counts.prioritized + counts.delayed;
    },
  });
}

void runWorkerApp({
  config,
  logger,
  module: WorkerModule.register({ redis, pipeline, required: [postgres], metrics: queueMetrics }),
  dependencies: [new RedisDependency(redis), postgres, durability],
  heartbeat: { file: config.heartbeatFile, consuming: (app) => app.get(ReviewConsumer).isConsuming() },
  metricsPort: config.metricsPort,
  registerMetrics: (registry) => {
    queueMetrics.register(registry);
    providerCalls.register(registry);
    durability.registerMetrics(registry);
  },
});
