import type { Candidate } from '../reviewer';
import type { ParsedFile } from '../types';

/**
 * The line a candidate is posted on: the LAST line the pull request added (new side) within
 * `[startLine, endLine]` (a range is commented at its end, as GitHub shows multi-line comments), or
 * undefined when the range holds no added line — a deleted file, a context line, a line outside the diff,
 * a line number a model made up. A candidate naming a renamed file by its previous path is moved to the
 * new path (its lines are new-file lines either way).
 */
export function anchorCandidate(
  candidate: Pick<Candidate, 'path' | 'startLine' | 'endLine'>,
  files: ReadonlyMap<string, ParsedFile>,
): { path: string; line: number } | undefined {
  const file = files.get(candidate.path);
  if (file === undefined || file.status === 'removed') return undefined;
  const { startLine, endLine } = candidate;
  if (!Number.isSafeInteger(startLine) || !Number.isSafeInteger(endLine)) return undefined;
  const from = Math.min(startLine, endLine);
  const to = Math.max(startLine, endLine);
  let found: number | undefined;
  // addedLines is in ascending line order: the last one inside the range wins.
  for (const added of file.addedLines) {
    if (added.line > to) break;
    if (added.line >= from) found = added.line;
  }
  return found === undefined ? undefined : { path: file.path, line: found };
}

/** The pull request's files by path, and by previous path for renames (a new path wins a clash). */
export function filesByPath(files: readonly ParsedFile[]): Map<string, ParsedFile> {
  const byPath = new Map<string, ParsedFile>();
  for (const file of files) {
    if (file.previousPath !== undefined && file.previousPath !== file.path)
      byPath.set(file.previousPath, file);
  }
  for (const file of files) byPath.set(file.path, file);
  return byPath;
}
