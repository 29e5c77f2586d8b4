import type { PostedComment } from '../adapter';
import type { BitbucketAccount, BitbucketComment } from './api-schemas';
import { readBitbucketKey, stripBitbucketKey } from './hidden-key';

/** The names an account goes by (uuid, account_id), compared without case or braces. */
export function accountNames(account: BitbucketAccount | null | undefined): string[] {
  if (account === null || account === undefined) return [];
  return [account.uuid, account.account_id].flatMap((name) =>
    name === undefined || name === '' ? [] : [name.replace(/[{}]/g, '').toLowerCase()],
  );
}

/**
 * A comment Kodus posted (it carries a hidden key and one of Kodus's names wrote it), as the publisher
 * reads it back; undefined otherwise.
 */
export function toPostedComment(
  comment: BitbucketComment,
  mine: ReadonlySet<string>,
): PostedComment | undefined {
  if (comment.deleted === true) return undefined;
  if (!accountNames(comment.user).some((name) => mine.has(name))) return undefined;
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
