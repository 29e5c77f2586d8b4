/**
 * Queue names are part of the contract between the webhook-handler, the api (producers) and the
 * worker (consumer). Redis keys are `<REDIS_KEY_PREFIX>:<queue>:...`.
 */
export const QUEUE_NAMES = {
  /** Pull-request reviews: one job per provider delivery or manual trigger. */
  reviews: 'reviews',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];
