export { gitlabAdapter } from './adapter';
export { GitlabClient, type GitlabClientOptions } from './gitlab-client';
export { gitlabFullName, parseGitlabFullName } from './repository';
export { gitlabWebhook, verifyGitlabToken } from './webhook-adapter';
