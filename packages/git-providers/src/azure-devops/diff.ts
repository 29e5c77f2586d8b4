import { formatPatch, OMIT_HEADERS, structuredPatch } from 'diff';
import { regionPatch } from './region-patch';

/**
 * Azure DevOps has no diff endpoint: a file's patch is built here from its base and head contents, in
 * the hunk format GitHub's per-file `patch` has (from the first `@@`, three lines of context, no
 * `---`/`+++` header, `\ No newline at end of file` markers) so the review engine reads every provider alike.
 */

/** Larger files get no patch (GitHub's diff stops well before this, too). */
export const MAX_DIFF_FILE_BYTES = 1024 * 1024;
/**
 * A minimal diff costs time in proportion to lines × edits (a 3,000-line file rewritten throughout takes
 * over 2 s, blocking the worker): past this per file, or once a listing's budget is spent, the file gets
 * the linear-time region patch instead (one hunk: every line between the common head and tail changed).
 */
export const DIFF_TIMEOUT_MS = 300;
export const DIFF_BUDGET_MS = 5000;
const CONTEXT_LINES = 3;

/** The diff time left for one listing, shared by its files. */
export class DiffBudget {
  private readonly deadline: number;
  constructor(ms = DIFF_BUDGET_MS) {
    this.deadline = performance.now() + ms;
  }
  get remainingMs(): number {
    return Math.max(0, this.deadline - performance.now());
  }
}

/** Git's own test: a NUL byte in the first 8000 bytes makes a file binary. */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\0');
}

/**
 * Fewer than 1 in 20 of the new lines also in the old file: a rewrite, whose minimal diff is nearly the
 * region patch and would only spend the time budget (linear time, a set of the old lines).
 */
function rewrittenThroughout(oldText: string, newText: string): boolean {
  const newLines = newText.split('\n');
  if (oldText === '' || newLines.length < 200) return false;
  const old = new Set(oldText.split('\n'));
  let shared = 0;
  for (const line of newLines) if (old.has(line)) shared += 1;
  return shared * 20 < newLines.length;
}

export interface BuiltPatch {
  /** Absent for binary files and files over the bounds. */
  patch?: string;
  additions: number;
  deletions: number;
}

/** The patch from `before` to `after`; undefined text stands for "no such file" (added or deleted). */
export function buildPatch(
  before: string | undefined,
  after: string | undefined,
  budget: DiffBudget = new DiffBudget(),
): BuiltPatch {
  const oldText = before ?? '';
  const newText = after ?? '';
  if (looksBinary(oldText) || looksBinary(newText)) return { additions: 0, deletions: 0 };
  if (Buffer.byteLength(oldText) > MAX_DIFF_FILE_BYTES || Buffer.byteLength(newText) > MAX_DIFF_FILE_BYTES) {
    return { additions: 0, deletions: 0 };
  }
  const timeout = Math.min(DIFF_TIMEOUT_MS, budget.remainingMs);
  const minimal =
    timeout < 1 || rewrittenThroughout(oldText, newText)
      ? undefined
      : structuredPatch('a', 'b', oldText, newText, undefined, undefined, {
          context: CONTEXT_LINES,
          timeout,
        });
  const structured = minimal ?? regionPatch(oldText, newText);
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
