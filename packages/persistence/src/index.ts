export { InvalidCursorError } from './cursor';
export {
  createDatabasePool,
  DATABASE_TIMEOUTS,
  isDatabaseUnavailable,
  openConnections,
  PostgresDependency,
  type DatabaseOptions,
  type Pool,
  withTransaction,
} from './database';
export { DeliveryLog, type LoggedDelivery } from './delivery-log';
export {
  DeliverySweeper,
  type DeliverySweeperOptions,
  type RecoverableQueue,
  type SweepResult,
} from './delivery-sweeper';
export { Retention, type RetentionOptions, type RetentionRun } from './retention';
export { ensureDatabaseExists } from './ensure-database';
export { LlmCallLog, type LlmCallEntry, type StoredLlmCall } from './llm-call-log';
export { PostingAccounts } from './posting-accounts';
export { HEAD_LEASE_DEFAULTS, type HeadLeaseOptions, LeaseLostError } from './head-lease';
export { migrate, MIGRATIONS_TABLE } from './migrate';
export * from './review-records';
export { ReviewRepository, type AttemptClaim, type ReviewPage } from './review-repository';
