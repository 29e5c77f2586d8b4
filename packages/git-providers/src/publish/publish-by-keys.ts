import type {
  InlineCommentToPost,
  PinnedHead,
  PostedComment,
  PublishResult,
  ReviewToPublish,
} from '../adapter';
import { withHiddenKey } from './hidden-key';

/** What a provider without an atomic review offers the shared publisher. */
export interface PublishOps {
  /** Every comment Kodus posted on the pull request (all pages), with its hidden key. */
  listPosted(): Promise<PostedComment[]>;
  /**
   * Posts one inline comment (the body already carries its hidden key). `{ refused }` when the provider
   * will not place it (a line outside the diff): that comment is lost alone. Other failures throw.
   */
  postInline(comment: InlineCommentToPost, head: PinnedHead): Promise<{ refused?: string }>;
  /** Posts the summary (the body already carries its hidden key). */
  postSummary(body: string, head: PinnedHead): Promise<{ id: string; url?: string }>;
}

/**
 * Idempotent publishing for providers with no atomic review: lists what is posted, posts each missing
 * inline comment, then the summary if its key is missing. The summary goes last, so a retry after a
 * half-finished publish (a crash, a timeout whose request did land) completes it without duplicates,
 * and one summary per reviewed head is ever posted.
 */
export async function publishByKeys(ops: PublishOps, review: ReviewToPublish): Promise<PublishResult> {
  const posted = await ops.listPosted();
  const keys = new Map(posted.map((comment) => [comment.key, comment]));
  const result: PublishResult = { summaryId: '', posted: [], alreadyPosted: [], refused: [] };
  const seen = new Set<string>();
  for (const comment of review.comments) {
    if (seen.has(comment.key)) continue;
    seen.add(comment.key);
    if (keys.has(comment.key)) {
      result.alreadyPosted.push(comment.key);
      continue;
    }
    const outcome = await ops.postInline(
      { ...comment, body: withHiddenKey(comment.body, comment.key) },
      review.head,
    );
    if (outcome.refused === undefined) result.posted.push(comment.key);
    else result.refused.push({ key: comment.key, reason: outcome.refused });
  }
  const summary = keys.get(review.summary.key);
  if (summary !== undefined) {
    result.alreadyPosted.push(review.summary.key);
    result.summaryId = summary.id ?? summary.key;
    if (summary.url !== undefined) result.summaryUrl = summary.url;
    return result;
  }
  const created = await ops.postSummary(withHiddenKey(review.summary.body, review.summary.key), review.head);
  result.posted.push(review.summary.key);
  result.summaryId = created.id;
  if (created.url !== undefined) result.summaryUrl = created.url;
  return result;
}
