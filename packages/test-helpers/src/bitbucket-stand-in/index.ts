export {
  BitbucketStandIn,
  type BitbucketFailureOptions,
  type BitbucketRecordedRequest,
  type BitbucketStandInOptions,
} from './bitbucket-stand-in';
export type {
  BitbucketChangedFile,
  BitbucketPullRequest,
  BitbucketPullRequestInput,
  BitbucketRepository,
  BitbucketStandInComment,
} from './state';
