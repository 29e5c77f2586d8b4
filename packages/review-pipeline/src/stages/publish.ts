import type {
  GitProviderClient,
  PinnedHead,
  PostedComment,
  PublishResult,
  RepositoryLocator,
} from '@kodus/git-providers';
import type { ShapedCandidate } from '@kodus/review-engine';
import { inlineCommentBody, summaryKey } from '../review-comments';

/**
 * Stage `publish`: the summary and the kept comments through the provider's idempotent publish (hidden
 * keys: a retry posts nothing twice and completes a half-finished publish). A comment the provider
 * refuses is lost alone: its candidate becomes `dropped:refused-by-provider`.
 */
export async function publishReview(
  client: GitProviderClient,
  repo: RepositoryLocator,
  head: PinnedHead,
  shaped: readonly ShapedCandidate[],
  summary: string,
  /** What the attempt listed as posted before shaping: publish does not list it again. */
  posted?: readonly PostedComment[],
): Promise<PublishResult> {
  const kept = shaped.filter((s) => s.disposition === 'posted');
  const review = {
    head,
    summary: { key: summaryKey(head.headSha), body: summary },
    comments: kept.map((s) => ({
      key: s.key ?? '',
      path: s.path ?? s.candidate.path,
      line: s.line ?? 0,
      body: inlineCommentBody(s.candidate),
    })),
  };
  const result = await client.publish(repo, head.number, review, posted === undefined ? {} : { posted });
  const refused = new Set(result.refused.map((r) => r.key));
  for (const s of kept)
    if (s.key !== undefined && refused.has(s.key)) s.disposition = 'dropped:refused-by-provider';
  return result;
}
