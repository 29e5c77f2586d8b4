import type { InlineCommentToPost, PostedComment } from '../adapter';
import { readHiddenKey, stripHiddenKey } from '../publish';
import type { ThreadResponse } from './api-schemas';
import { itemPath } from './contents';

/** Where an inline comment can go on one reviewed head: the iteration and each file's changed lines. */
export interface Placement {
  iterationId: number;
  files: Map<string, { changeTrackingId?: number; lines: Set<number> }>;
}

/** CommentThreadStatus.Active and CommentType.Text, as the documentation's request samples send them. */
const ACTIVE = 1;
const TEXT = 1;

/**
 * An active thread on the new side of one line (`rightFileStart`/`rightFileEnd`, a path with a leading `/`)
 * in the reviewed iteration, or why it cannot be placed: Azure DevOps would accept a thread on any line of
 * any file, so lines the pull request did not change are refused here.
 */
export function inlineThread(
  comment: InlineCommentToPost,
  placement: Placement,
): object | { refused: string } {
  const file = placement.files.get(comment.path.replace(/^\/+/, ''));
  if (file === undefined) return { refused: `${comment.path} is not a file this pull request changed` };
  if (!file.lines.has(comment.line)) {
    return { refused: `line ${comment.line} of ${comment.path} is not a line this pull request changed` };
  }
  return {
    comments: [{ parentCommentId: 0, content: comment.body, commentType: TEXT }],
    status: ACTIVE,
    threadContext: {
      filePath: itemPath(comment.path),
      rightFileStart: { line: comment.line, offset: 1 },
      rightFileEnd: { line: comment.line, offset: 1 },
    },
    pullRequestThreadContext: {
      ...(file.changeTrackingId === undefined ? {} : { changeTrackingId: file.changeTrackingId }),
      iterationContext: { firstComparingIteration: 1, secondComparingIteration: placement.iterationId },
    },
  };
}

/** The summary: a thread without a file and without a status, so it never blocks completion. */
export function summaryThread(body: string): object {
  return { comments: [{ parentCommentId: 0, content: body, commentType: TEXT }] };
}

/**
 * Threads whose first comment carries a hidden key and was written by `me` (the credential's identity id;
 * anyone can write a marker): with a file context inline, without the summary.
 */
export function postedComments(
  threads: readonly ThreadResponse[],
  me: string,
  urlOf: (threadId: number) => string,
): PostedComment[] {
  const posted: PostedComment[] = [];
  for (const thread of threads) {
    const first = thread.comments?.[0];
    const key = readHiddenKey(first?.content);
    if (thread.isDeleted === true || first?.isDeleted === true || key === undefined) continue;
    if (first?.author?.id.toLowerCase() !== me.toLowerCase()) continue;
    const filePath = thread.threadContext?.filePath;
    const line = thread.threadContext?.rightFileStart?.line;
    posted.push({
      key,
      id: String(thread.id),
      kind: filePath === undefined ? 'summary' : 'inline',
      ...(filePath === undefined ? {} : { path: filePath.replace(/^\/+/, '') }),
      ...(filePath === undefined || line === undefined ? {} : { line }),
      body: stripHiddenKey(first?.content ?? ''),
      url: urlOf(thread.id),
    });
  }
  return posted;
}
