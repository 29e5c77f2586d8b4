import type { PostedComment } from '../adapter';
import type { BitbucketComment } from './api-schemas';
import { readBitbucketKey, stripBitbucketKey } from './hidden-key';

/** A comment Kodus posted (it carries a hidden key), as the publisher reads it back; undefined otherwise. */
export function toPostedComment(comment: BitbucketComment): PostedComment | undefined {
  if (comment.deleted === true) return undefined;
  const raw = comment.content?.raw ?? '';
  const key = readBitbucketKey(raw);
  if (key === undefined) return undefined;
  const inline = comment.inline ?? undefined;
  const url = comment.links?.html?.href;
  return {
    key,
    id: String(comment.id),
    kind: inline === undefined ? 'summary' : 'inline',
    ...(inline === undefined ? {} : { path: inline.path }),
    ...(inline?.to === undefined || inline.to === null ? {} : { line: inline.to }),
    body: stripBitbucketKey(raw),
    ...(url === undefined ? {} : { url }),
  };
}
