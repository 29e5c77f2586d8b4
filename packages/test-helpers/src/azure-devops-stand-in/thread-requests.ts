import { azureError, type Reply } from './reply';
import type { AzureIdentity, AzurePullRequest, AzureStore, AzureThread } from './state';

const THREAD_KEYS = new Set([
  'comments',
  'status',
  'threadContext',
  'pullRequestThreadContext',
  'properties',
  'id',
  'isDeleted',
  '_links',
  'identities',
  'lastUpdatedDate',
  'publishedDate',
]);
const STATUSES = ['unknown', 'active', 'fixed', 'wontFix', 'closed', 'byDesign', 'pending'];
const COMMENT_TYPES = ['unknown', 'text', 'codeChange', 'system'];

function isPosition(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== 'object') return false;
  const { line, offset } = value as { line?: unknown; offset?: unknown };
  return (
    Number.isInteger(line) && (line as number) >= 1 && Number.isInteger(offset) && (offset as number) >= 1
  );
}

/** POST threads: what the documented GitPullRequestCommentThread allows; 400 as Azure answers otherwise. */
export function createThread(
  pr: AzurePullRequest,
  body: unknown,
  store: AzureStore,
  author: AzureIdentity,
): Reply {
  const invalid = (why: string) => azureError(400, why, 'InvalidArgumentValueException');
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return invalid('Value cannot be null. Parameter name: commentThread');
  const thread = body as Record<string, unknown>;
  const unknown = Object.keys(thread).filter((k) => !THREAD_KEYS.has(k));
  if (unknown.length > 0) return invalid(`Unknown thread properties: ${unknown.join(', ')}`);
  const comments = thread.comments;
  if (!Array.isArray(comments) || comments.length === 0)
    return invalid('A thread must contain at least one comment.');
  const stored: AzureThread = { id: store.nextThreadId(), comments: [] };
  for (const [i, raw] of comments.entries()) {
    const comment = raw as Record<string, unknown>;
    if (
      typeof comment !== 'object' ||
      comment === null ||
      typeof comment.content !== 'string' ||
      comment.content === ''
    ) {
      return invalid('The comment content must be a non-empty string.');
    }
    const type = comment.commentType ?? 1;
    const typeName = typeof type === 'number' ? COMMENT_TYPES[type] : COMMENT_TYPES.find((t) => t === type);
    if (typeName === undefined) return invalid(`Invalid commentType ${String(type)}`);
    stored.comments.push({
      id: i + 1,
      author,
      parentCommentId: Number(comment.parentCommentId ?? 0),
      content: comment.content,
      commentType: typeName,
    });
  }
  if (thread.status !== undefined) {
    const status =
      typeof thread.status === 'number' ? STATUSES[thread.status] : STATUSES.find((s) => s === thread.status);
    if (status === undefined) return invalid(`Invalid thread status ${String(thread.status)}`);
    stored.status = status;
  }
  const context = thread.threadContext as Record<string, unknown> | null | undefined;
  if (context !== undefined && context !== null) {
    if (typeof context.filePath !== 'string' || context.filePath === '')
      return invalid('threadContext.filePath is required.');
    for (const side of ['rightFileStart', 'rightFileEnd', 'leftFileStart', 'leftFileEnd']) {
      if (!isPosition(context[side]))
        return invalid(`threadContext.${side} must have a line and an offset of at least 1.`);
    }
    stored.threadContext = context;
  }
  if (thread.pullRequestThreadContext !== undefined)
    stored.pullRequestThreadContext = thread.pullRequestThreadContext as Record<string, unknown>;
  pr.threads.push(stored);
  return { status: 200, body: { ...stored, publishedDate: new Date().toISOString() } };
}
