export { GitlabStandIn, type GitlabRecordedRequest, type GitlabStandInOptions } from './gitlab-stand-in';
export {
  DOCUMENTED as GITLAB_DOCUMENTED_OPERATIONS,
  checkDocumented as checkGitlabDocumented,
  findOperation as findGitlabOperation,
  type DocumentedOperation as GitlabDocumentedOperation,
} from './documented';
export type { GitlabFailureOptions, GitlabRequestMatch } from './failures';
export { LINE_CODE_REFUSAL as GITLAB_LINE_CODE_REFUSAL } from './routes';
export type {
  StandInDiffFile as GitlabStandInDiffFile,
  StandInDiscussion as GitlabStandInDiscussion,
  StandInGitlabProject,
  StandInMergeRequest as GitlabStandInMergeRequest,
  StandInMergeRequestInput as GitlabStandInMergeRequestInput,
  StandInNote as GitlabStandInNote,
  StandInPosition as GitlabStandInPosition,
} from './state';
