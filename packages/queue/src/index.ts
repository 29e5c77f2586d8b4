export { Consumer, type ConsumerMetrics, type ConsumerOptions } from './consumer';
export { PermanentJobError } from './permanent-job-error';
export { QUEUE_NAMES, type QueueName } from './queues';
export { ReviewQueueMetrics, type ReviewResult } from './queue-metrics';
export { MAX_RETRY_LATER_MS, RetryLaterError } from './retry-later-error';
export {
  createRedisConnection,
  PRODUCER_COMMAND_TIMEOUT_MS,
  RedisDependency,
  type Redis,
  type RedisConnectionOptions,
  type RedisRole,
} from './redis-connection';
export {
  inspectRedisDurability,
  RedisDurabilityMonitor,
  type DurabilityRisk,
  type RedisDurability,
} from './redis-durability';
export {
  REPOSITORY_NAME_PART,
  repositoryFullName,
  repositoryLocatorSchema,
  REVIEW_JOB_VERSION,
  reviewJobId,
  reviewJobSchema,
  reviewJobFor,
  reviewJobSchemaV1,
  upgradeReviewJob,
  type ReviewRequest,
  type AnyReviewJob,
  type RepositoryLocator,
  type ReviewJob,
  type ReviewJobV1,
  type UpgradeResult,
} from './review-job';
export { LAST_SEEN_HEAD_TTL_SECONDS, LastSeenHeads } from './last-seen-heads';
export {
  InvalidReviewJobError,
  QUEUE_STATES,
  type QueueState,
  QueueUnavailableError,
  REVIEW_JOB_ATTEMPTS,
  REVIEW_JOB_BACKOFF_MS,
  ReviewQueue,
} from './review-queue';
