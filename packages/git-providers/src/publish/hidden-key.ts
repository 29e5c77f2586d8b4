import { createHash } from 'node:crypto';

/**
 * The hidden key every comment Kodus posts carries, as an HTML comment every provider's markdown hides:
 * `<!-- kodus:key=KEY -->`. A retry lists what is posted, reads the keys back, and posts only what is missing.
 */

/** What a key may contain: safe inside an HTML comment and in every provider's markdown. */
const KEY = /^[A-Za-z0-9._:-]{1,100}$/;
const MARKER = /<!--\s*kodus:key=([A-Za-z0-9._:-]{1,100})\s*-->/;
const MARKERS = /\n*<!--\s*kodus:key=[A-Za-z0-9._:-]{1,100}\s*-->\n*/g;

/**
 * A stable key from the parts that identify a comment (kind, head, path, line, rule, text...): the same
 * parts give the same key on every run, so a retry recognises what an earlier attempt posted.
 */
export function commentKey(kind: 'summary' | 'inline', ...parts: readonly (string | number)[]): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([kind, ...parts]))
    .digest('base64url');
  return `${kind === 'summary' ? 's' : 'c'}-${hash.slice(0, 22)}`;
}

/** The body with its hidden key appended (a key already in the body is replaced). */
export function withHiddenKey(body: string, key: string): string {
  if (!KEY.test(key)) throw new Error(`withHiddenKey: invalid key ${JSON.stringify(key.slice(0, 120))}`);
  return `${stripHiddenKey(body)}\n\n<!-- kodus:key=${key} -->`;
}

/** The hidden key in a posted body, or undefined when it has none (not posted by Kodus). */
export function readHiddenKey(body: string | null | undefined): string | undefined {
  if (body === null || body === undefined) return undefined;
  return MARKER.exec(body)?.[1];
}

/** The visible text of a posted body: hidden keys removed. */
export function stripHiddenKey(body: string): string {
  return body.replace(MARKERS, '').trimEnd();
}
