export { GithubStandIn, type GithubStandInOptions, type RecordedRequest } from './github-stand-in';
export type { StandInAppOptions } from './credentials';
export type { FailureOptions, RequestMatch } from './failures';
export type {
  StandInChangedFile,
  StandInFileStatus,
  StandInPullRequest,
  StandInPullRequestInput,
  StandInRepository,
  StandInReview,
  StandInReviewComment,
} from './state';
export type { StandInComparison } from './shapes-more';
export {
  githubDeliveryHeaders,
  githubPullRequestEvent,
  githubSignature,
  type GithubPullRequestEventInput,
} from './deliveries';
