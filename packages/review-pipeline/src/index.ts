export { ProviderClients, type GithubAccess } from './provider-clients';
export { inlineCommentBody, reviewMarker, summaryBody } from './review-comments';
export {
  type Attempt,
  type ReviewOutcome,
  ReviewPipeline,
  type ReviewPipelineDeps,
  SETTINGS_FILE,
} from './review-pipeline';
