export {
  AzureDevopsStandIn,
  type AzureDevopsStandInOptions,
  type AzureFailureOptions,
  type AzureRecordedRequest,
  type AzureRequestMatch,
} from './azure-devops-stand-in';
export type {
  AzureChange,
  AzureCommitInput,
  AzureFileContent,
  AzureIdentity,
  AzureIteration,
  AzurePullRequest,
  AzurePullRequestInput,
  AzureStandInRepository,
  AzureThread,
} from './state';
