export { Consumer, type ConsumerOptions } from './consumer';
export { PermanentJobError } from './permanent-job-error';
export { QUEUE_NAMES, type QueueName } from './queues';
export { MAX_RETRY_LATER_MS, RetryLaterError } from './retry-later-error';
export {
  createRedisConnection,
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
  REVIEW_JOB_VERSION,
  reviewJobId,
  reviewJobSchema,
  type ReviewJob,
} from './review-job';
export {
  InvalidReviewJobError,
  QUEUE_STATES,
  type QueueState,
  QueueUnavailableError,
  REVIEW_JOB_ATTEMPTS,
  REVIEW_JOB_BACKOFF_MS,
  ReviewQueue,
} from './review-queue';
