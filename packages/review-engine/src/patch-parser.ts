import { addedLinesOf, isHunkHeader, readHunk, splitDiffLines } from './hunk-reader';
import type { ChangedFileInput, DiffHunk, ParsedFile } from './types';

/**
 * Parses one file's patch as GitHub sends it (hunks only, from the first "@@"). Anything outside a hunk,
 * such as stray ---/+++ headers, is skipped; an absent or empty patch gives no hunks.
 */
export function parsePatch(file: ChangedFileInput): ParsedFile {
  const hunks: DiffHunk[] = [];
  const lines = splitDiffLines(file.patch ?? '');
  let i = 0;
  while (i < lines.length) {
    if (isHunkHeader(lines[i] ?? '')) {
      const { hunk, next } = readHunk(lines, i);
      hunks.push(hunk);
      i = next;
    } else {
      i++;
    }
  }
  const parsed: ParsedFile = { path: file.path, status: file.status, hunks, addedLines: addedLinesOf(hunks) };
  if (file.previousPath !== undefined) parsed.previousPath = file.previousPath;
  return parsed;
}
