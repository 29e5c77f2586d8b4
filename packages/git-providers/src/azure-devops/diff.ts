import { formatPatch, OMIT_HEADERS, structuredPatch } from 'diff';

/**
 * Azure DevOps has no diff endpoint: a file's patch is built here from its base and head contents, in
 * the hunk format GitHub's per-file `patch` has (from the first `@@`, three lines of context, no
 * `---`/`+++` header, `\ No newline at end of file` markers) so the review engine reads every provider alike.
 */

/** Larger files get no patch (GitHub's diff stops well before this, too). */
export const MAX_DIFF_FILE_BYTES = 1024 * 1024;
/** A diff that takes longer is abandoned (pathological inputs); the file is listed without a patch. */
export const DIFF_TIMEOUT_MS = 2000;
const CONTEXT_LINES = 3;

/** Git's own test: a NUL byte in the first 8000 bytes makes a file binary. */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\0');
}

export interface BuiltPatch {
  /** Absent for binary files and files over the bounds. */
  patch?: string;
  additions: number;
  deletions: number;
}

/** The patch from `before` to `after`; undefined text stands for "no such file" (added or deleted). */
export function buildPatch(before: string | undefined, after: string | undefined): BuiltPatch {
  const oldText = before ?? '';
  const newText = after ?? '';
  if (looksBinary(oldText) || looksBinary(newText)) return { additions: 0, deletions: 0 };
  if (Buffer.byteLength(oldText) > MAX_DIFF_FILE_BYTES || Buffer.byteLength(newText) > MAX_DIFF_FILE_BYTES) {
    return { additions: 0, deletions: 0 };
  }
  const structured = structuredPatch('a', 'b', oldText, newText, undefined, undefined, {
    context: CONTEXT_LINES,
    timeout: DIFF_TIMEOUT_MS,
  });
  if (structured === undefined) return { additions: 0, deletions: 0 };
  if (structured.hunks.length === 0) return { patch: undefined, additions: 0, deletions: 0 };
  const patch = formatPatch(structured, OMIT_HEADERS).replace(/\n$/, '');
  let additions = 0;
  let deletions = 0;
  for (const hunk of structured.hunks) {
    for (const line of hunk.lines) {
      if (line.startsWith('+')) additions += 1;
      else if (line.startsWith('-')) deletions += 1;
    }
  }
  return { patch, additions, deletions };
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** The new-file lines a patch adds or changes (`+` lines): the only lines Kodus comments on. */
export function addedLines(patch: string | undefined): Set<number> {
  const added = new Set<number>();
  let newLine = 0;
  for (const line of (patch ?? '').split('\n')) {
    const hunk = HUNK.exec(line);
    if (hunk !== null) newLine = Number(hunk[1]);
    else if (line.startsWith('+')) added.add(newLine++);
    else if (line.startsWith(' ')) newLine += 1;
    // `-` lines are old-side only; `\ No newline at end of file` belongs to neither side.
  }
  return added;
}
