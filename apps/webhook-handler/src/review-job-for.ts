import type { PullRequestEvent } from '@kodus/git-providers';
import { REVIEW_JOB_VERSION, type ReviewJob } from '@kodus/queue';

/** The queue's review job for a normalized provider event. */
export function reviewJobFor(event: PullRequestEvent, receivedAt: Date): ReviewJob {
  return {
    version: REVIEW_JOB_VERSION,
    provider: event.provider,
    deliveryId: event.deliveryId,
    trigger: event.trigger === 'synchronize' ? 'updated' : event.trigger,
    repository: { provider: 'github', owner: event.repository.owner, name: event.repository.name },
    pullRequest: {
      number: event.pullRequest.number,
      headSha: event.pullRequest.headSha,
      draft: event.pullRequest.draft,
    },
    githubInstallationId: event.installationId,
    requestedBy: event.sender,
    receivedAt: receivedAt.toISOString(),
  };
}
