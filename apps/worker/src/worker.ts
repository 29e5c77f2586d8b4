import type { WorkerConfig } from '@kodus/config';
import { type LlmCodeReviewer, llmCodeReviewerFromSettings } from '@kodus/llm-review';
import { createLogger } from '@kodus/logger';
import {
  createDatabasePool,
  openConnections,
  DeliveryLog,
  DeliverySweeper,
  LlmCallLog,
  PostgresDependency,
  PostingAccounts,
  ReviewRepository,
  Retention,
} from '@kodus/persistence';
import {
  createRedisConnection,
  RedisDependency,
  RedisDurabilityMonitor,
  ReviewQueue,
  ReviewQueueMetrics,
} from '@kodus/queue';
import { AnalyzersReviewer } from '@kodus/review-engine';
import { ProviderClients, ReviewPipeline } from '@kodus/review-pipeline';
import { ProviderCallMetrics, reportEmfMetric, runWorkerApp, warmUpFetch } from '@kodus/runtime';
import { ReviewConsumer } from './review.consumer';
import { WorkerModule } from './worker.module';

/** Starts the worker with its checked configuration (main.ts checks it before this module loads). */
export function startWorker(config: WorkerConfig): void {
  const logger = createLogger({ component: 'worker', level: config.log.level, pretty: config.log.pretty });
  const redis = createRedisConnection({
    url: config.redis.url,
    connectionName: 'kodus-worker',
    role: 'consumer',
    logger,
  });
  // DATABASE_POOL_MAX, default 2 × WORKER_CONCURRENCY + 2. Reviews hold no connection across provider calls
  // (the head lock is a lease row), so a smaller pool works too, their statements waiting their turn: below
  // WORKER_CONCURRENCY + 1 the start says so (config.databasePoolWarning).
  const database = createDatabasePool({
    url: config.databaseUrl,
    applicationName: 'kodus-worker',
    logger,
    maxConnections: config.databasePoolMax,
    // One warm connection per review slot (at most the pool): a burst after a quiet spell does not first
    // pay for connecting.
    minConnections: config.concurrency,
    sizeWarning: config.databasePoolWarning,
    timeouts: { queryTimeoutMs: config.databaseQueryTimeoutMs },
  });
  // Clients whose credential cannot name itself keep the account they post as here, across restarts.
  const clients = new ProviderClients(config, { accounts: new PostingAccounts(database) });
  const noCredentials = clients.missingCredentials();
  if (noCredentials !== undefined) logger.warn(noCredentials);
  else {
    // One line per provider Kodus speaks but cannot review for (never a credential in it).
    for (const { provider, warning } of clients.unconfiguredProviders()) logger.warn({ provider }, warning);
  }
  const postgres = new PostgresDependency(database);
  // The LLM reviewer (LLM_PROVIDER not none) beside the analyzers: one per process, so its limiter bounds
  // every review's model calls; each call stored in llm_calls, which the monthly budgets read.
  let llmReviewer: LlmCodeReviewer | undefined;
  try {
    llmReviewer = llmCodeReviewerFromSettings(config.llm, logger, new LlmCallLog(database));
  } catch (error) {
    // LLM_PRICES_FILE unreadable or invalid: a configuration error like any other (no value in the message).
    process.stderr.write(`Invalid worker configuration: ${(error as Error).message}\n`);
    process.exit(78);
  }
  // secretlint, the tokenizer's tables, the provider's SDK and Node's HTTP client loaded before the queue is
  // consumed, not by the first WORKER_CONCURRENCY reviews at once: loading them blocks the process 0.5 s (2 s on
  // a busy host), which every review taken meanwhile would wait out (bench/llm-throughput.mjs). A failure is
  // logged and left to the first review to report, as before.
  const analyzersReviewer = new AnalyzersReviewer();
  const warmUps: Promise<void>[] = [
    analyzersReviewer.warmUp().catch((error: unknown) => {
      logger.warn({ err: { message: (error as Error).message } }, 'analyzers warm-up failed');
    }),
    // PostgreSQL down at start: the dependency gate holds the queue; the pool connects when it returns.
    openConnections(database, config.concurrency).catch(() => undefined),
    // Node's HTTP client, which every provider and model call goes through, loaded and run over loopback.
    warmUpFetch().then(
      () => undefined,
      (error: unknown) => {
        logger.warn({ err: { message: (error as Error).message } }, 'HTTP client warm-up failed');
      },
    ),
  ];
  if (llmReviewer) {
    logger.info({ llmProvider: config.llm.provider, llmModel: config.llm.model }, 'LLM review on');
    warmUps.push(
      llmReviewer.warmUp().catch((error: unknown) => {
        logger.warn({ err: { message: (error as Error).message } }, 'LLM review warm-up failed');
      }),
    );
  }
  const warmedUp: Promise<void> = Promise.all(warmUps).then(() => undefined);
  // Provider call durations and errors, served on WORKER_METRICS_PORT.
  const providerCalls = new ProviderCallMetrics();
  const pipeline = new ReviewPipeline({
    // A head's lease is renewed four times per TTL (every 30 s by default).
    reviews: new ReviewRepository(database, {
      ttlMs: config.headLeaseTtlMs,
      renewEveryMs: Math.floor(config.headLeaseTtlMs / 4),
    }),
    clientFor: (job) => providerCalls.observe(job.provider, clients.clientFor(job)),
    logger,
    reviewTimeoutMs: config.reviewTimeoutMs,
    reviewers: [analyzersReviewer, ...(llmReviewer ? [llmReviewer] : [])],
  });
  // At-least-once webhook delivery (WEBHOOK_DELIVERY_LOG=postgres): deliveries recorded by the
  // webhook-handler whose job Redis lost are enqueued again (README "Redis"). Idle when the log is empty.
  const queue = new ReviewQueue(redis, config.redis.keyPrefix, logger);
  new DeliverySweeper({
    log: new DeliveryLog(database),
    queue,
    logger,
    everyMs: config.deliverySweep.intervalMs,
    graceMs: config.deliverySweep.ageMs,
  }).start();
  // Hourly: expired head leases left behind, and with REVIEW_RETENTION_DAYS old review history.
  new Retention({
    pool: database,
    logger,
    ...(config.retentionDays === undefined ? {} : { keepDays: config.retentionDays }),
  }).start();
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

  void warmedUp.then(() =>
    runWorkerApp({
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
    }),
  );
}
