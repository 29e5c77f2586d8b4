export { ActiveReviews, type ActiveReviewsOptions, ReviewTurn } from './active-reviews';
export { CommitCache, type CommitCacheOptions } from './commit-cache';
export {
  ProviderClients,
  providerAccessFrom,
  type GithubAccess,
  type WorkerProviderSettings,
} from './provider-clients';
export { inlineCommentBody, inlineCommentKey, postedSuggestion, summaryKey } from './review-comments';
export { summaryBody, type ReviewScope, type SummaryInput } from './summary';
export type { SuggestionRefiner } from './stages/shape-suggestions';
export { ReviewInterruptedError, ReviewTimeoutError } from './review-deadline';
export {
  type Attempt,
  DEFAULT_REVIEW_TIMEOUT_MS,
  type ReviewOutcome,
  ReviewPipeline,
  type ReviewPipelineDeps,
  SETTINGS_FILE,
} from './review-pipeline';
