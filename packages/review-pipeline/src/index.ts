export {
  legacyRepositoryRef,
  ProviderClients,
  providerAccessFrom,
  type GithubAccess,
  type WorkerProviderSettings,
} from './provider-clients';
export { inlineCommentBody, reviewMarker, summaryBody } from './review-comments';
export { ReviewTimeoutError } from './review-deadline';
export {
  type Attempt,
  DEFAULT_REVIEW_TIMEOUT_MS,
  type ReviewOutcome,
  ReviewPipeline,
  type ReviewPipelineDeps,
  SETTINGS_FILE,
} from './review-pipeline';
