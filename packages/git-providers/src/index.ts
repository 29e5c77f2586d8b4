export {
  repositoryFullName,
  type ProviderName,
  type PullRequestEvent,
  type RepositoryRef,
  type ReviewTrigger,
  type WebhookOutcome,
} from './provider-types';
export type {
  ChangedFile,
  GitProviderClient,
  InlineComment,
  PostedReview,
  PullRequestDetails,
  ReviewToPost,
} from './client-types';
export {
  GitProviderError,
  UnreadableFileError,
  WebhookPayloadError,
  type GitProviderErrorDetails,
} from './errors';
export { isValidRepositoryNamePart, REPOSITORY_NAME_PART } from './repository-name';
export { redactUpstreamText } from './redact';
export { verifyGithubSignature } from './github/signature';
export { normalizeGithubWebhook, type GithubWebhookInput } from './github/normalize-webhook';
export { containsReviewCommand } from './github/review-command';
export { createGithubClient, type GithubClientOptions } from './github/github-client';
export { TOKEN_REFRESH_MARGIN_MS, type GithubAuth } from './github/auth';
export type { RetryPolicy } from './github/transport';
