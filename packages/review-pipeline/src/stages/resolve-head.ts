import type {
  GitProviderClient,
  PinnedHead,
  PullRequestDetails,
  RepositoryLocator,
} from '@kodus/git-providers';
import type { ReviewJob } from '@kodus/queue';

export type ResolvedHead =
  { kind: 'skip'; reason: string } | { kind: 'head'; pullRequest: PullRequestDetails; head: PinnedHead };

/**
 * Stage `resolve-head`: the pull request as it is now, and the head this review pins (the job's, when
 * it names one). Closed, or moved on past the job's head: nothing to review.
 */
export async function resolveHead(
  client: GitProviderClient,
  repo: RepositoryLocator,
  job: ReviewJob,
): Promise<ResolvedHead> {
  const pr = await client.getPullRequest(repo, job.pullRequest.number);
  if (pr.state !== 'open') return { kind: 'skip', reason: 'the pull request is closed' };
  const headSha = job.pullRequest.headSha ?? pr.headSha;
  if (headSha !== pr.headSha) {
    return { kind: 'skip', reason: `superseded: the pull request moved on to ${pr.headSha.slice(0, 12)}` };
  }
  return {
    kind: 'head',
    pullRequest: pr,
    head: { number: pr.number, headSha: pr.headSha, baseSha: pr.baseSha, startSha: pr.startSha },
  };
}
