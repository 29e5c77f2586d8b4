import type { ChangedFile } from '../adapter';

/**
 * GitLab's diff entries (merge request `/diffs`, `/repository/compare`) as Kodus' ChangedFile, and the
 * new-side lines a diff thread can be placed on. GitLab's `diff` is the unified diff of one file,
 * usually starting at the first `@@` hunk (compare answers may keep the `---`/`+++` header lines);
 * binary files, and files over GitLab's diff limits (`too_large`, `collapsed`), have no hunk.
 */

export interface GitlabDiffEntry {
  old_path: string;
  new_path: string;
  diff?: string | null;
  new_file: boolean;
  renamed_file: boolean;
  deleted_file: boolean;
  too_large?: boolean | null;
  collapsed?: boolean | null;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** The hunks of a diff (from its first `@@` line), or undefined when it has none (binary, too large). */
export function hunksOf(diff: string | null | undefined): string | undefined {
  if (typeof diff !== 'string' || diff === '') return undefined;
  const start = diff.startsWith('@@') ? 0 : diff.indexOf('\n@@') + 1;
  if (start === 0 && !diff.startsWith('@@')) return undefined;
  return diff.slice(start).replace(/\n$/, '');
}

/** The new-file line numbers a diff adds (`+` lines): the only lines Kodus comments on. */
export function addedLines(patch: string | undefined): Set<number> {
  const added = new Set<number>();
  let newLine = 0;
  for (const line of (patch ?? '').split('\n')) {
    const hunk = HUNK.exec(line);
    if (hunk !== null) newLine = Number(hunk[3]);
    else if (line.startsWith('+')) added.add(newLine++);
    else if (line.startsWith(' ') || line === '') newLine += 1;
    // `-` lines are old-side only; `\ No newline at end of file` belongs to neither side.
  }
  return added;
}

function countLines(patch: string | undefined): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const line of (patch ?? '').split('\n')) {
    if (line.startsWith('+')) additions += 1;
    else if (line.startsWith('-')) deletions += 1;
  }
  return { additions, deletions };
}

export function changedFileOf(entry: GitlabDiffEntry): ChangedFile {
  const patch = entry.too_large === true ? undefined : hunksOf(entry.diff);
  const status: ChangedFile['status'] = entry.new_file
    ? 'added'
    : entry.deleted_file
      ? 'removed'
      : entry.renamed_file
        ? 'renamed'
        : 'modified';
  return {
    path: entry.deleted_file ? entry.old_path : entry.new_path,
    ...(entry.renamed_file && entry.old_path !== entry.new_path ? { previousPath: entry.old_path } : {}),
    status,
    ...(patch === undefined ? {} : { patch }),
    ...countLines(patch),
  };
}
