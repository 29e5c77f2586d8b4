import type {
  ChangedFile,
  GitProviderClient,
  PinnedHead,
  PullRequestDetails,
  RepositoryLocator,
} from '@kodus/git-providers';
import type { ReviewJob } from '@kodus/queue';

export type ResolvedHead =
  | { kind: 'skip'; reason: string }
  | {
      kind: 'head';
      pullRequest: PullRequestDetails;
      head: PinnedHead;
      /** The changed files at the head, when the provider read them with the pull request. */
      files?: ChangedFile[];
    };

/**
 * Stage `resolve-head`: the pull request as it is now, and the head this review pins (the job's, when
 * it names one). Closed, or moved on past the job's head: nothing to review. For a job that names its
 * head, a provider whose files follow the current head reads them here, before the pull request: the
 * head was current before the files were read (the job came after it), so the pull request still there
 * after them pins them (GitProviderClient.readPullRequestWithFiles).
 */
export async function resolveHead(
  client: GitProviderClient,
  repo: RepositoryLocator,
  job: ReviewJob,
): Promise<ResolvedHead> {
  const number = job.pullRequest.number;
  const named = job.pullRequest.headSha;
  if (named !== undefined && client.readPullRequestWithFiles !== undefined) {
    const { pullRequest, files } = await client.readPullRequestWithFiles(repo, number);
    return pinned(pullRequest, named, files);
  }
  return pinned(await client.getPullRequest(repo, number), named);
}

function pinned(pr: PullRequestDetails, named: string | undefined, files?: ChangedFile[]): ResolvedHead {
  if (pr.state !== 'open') return { kind: 'skip', reason: 'the pull request is closed' };
  if (named !== undefined && named !== pr.headSha) {
    return { kind: 'skip', reason: `superseded: the pull request moved on to ${pr.headSha.slice(0, 12)}` };
  }
  return {
    kind: 'head',
    pullRequest: pr,
    head: { number: pr.number, headSha: pr.headSha, baseSha: pr.baseSha, startSha: pr.startSha },
    ...(files === undefined ? {} : { files }),
  };
}
