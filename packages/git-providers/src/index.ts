export {
  PROVIDER_NAMES,
  type ChangedFile,
  type GitProviderClient,
  type InlineCommentToPost,
  type PinnedHead,
  type PostedComment,
  type ClientContext,
  type ProviderAccess,
  type ProviderAdapter,
  type ProviderName,
  type PublishOptions,
  type PublishResult,
  type PullRequestDetails,
  type RepositoryLocator,
  type ReviewRequestEvent,
  type ReviewToPublish,
  type ReviewTrigger,
  type VerifyResult,
  type WebhookAdapter,
  type WebhookDelivery,
  type WebhookOutcome,
  type WebhookSecrets,
} from './adapter';
export {
  GitProviderError,
  HeadMovedError,
  RepositoryNameError,
  UnreadableFileError,
  WebhookPayloadError,
  type GitProviderErrorDetails,
} from './errors';
export {
  AZURE_NAME,
  AZURE_ORGANIZATION,
  BITBUCKET_WORKSPACE,
  GITLAB_PATH_SEGMENT,
  isValidAzureName,
  isValidGitlabPath,
  isValidRepositoryNamePart,
  REPOSITORY_NAME_PART,
} from './repository-name';
export { PROVIDERS, providerAdapter, registeredProviders } from './registry';
export { receiveWebhook, type ReceiveAnswer, type ReceivePorts } from './receive';
export { githubAdapter, githubAuthFor, createGithubProviderClient } from './github/adapter';
export { repositoryAt, type RepositoryAt } from './repository-reader';
export { findGithubInstallation } from './github/installation';
export { azureDevopsAdapter, createAzureDevopsClient } from './azure-devops/adapter';
export * from './gitlab';
export {
  bitbucketAdapter,
  BitbucketClient,
  type BitbucketClientOptions,
  verifyBitbucketSignature,
} from './bitbucket';
export { redactUpstreamText } from './redact';
export * from './http';
export * from './publish';
export { verifyGithubSignature } from './github/signature';
export { normalizeGithubWebhook, type GithubWebhookInput } from './github/normalize-webhook';
export { containsReviewCommand } from './github/review-command';
export { createGithubClient, type GithubClientOptions } from './github/github-client';
export { TOKEN_REFRESH_MARGIN_MS, type GithubAuth } from './github/auth';
