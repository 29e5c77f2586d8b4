import type { StructuredPatch } from 'diff';

const CONTEXT_LINES = 3;
const NO_NEWLINE = '\\ No newline at end of file';

interface FileLines {
  lines: string[];
  /** The last line has no newline after it. */
  missingFinalNewline: boolean;
}

function splitLines(text: string): FileLines {
  if (text === '') return { lines: [], missingFinalNewline: false };
  const lines = text.split('\n');
  const missingFinalNewline = lines.at(-1) !== '';
  if (!missingFinalNewline) lines.pop();
  return { lines, missingFinalNewline };
}

/**
 * One hunk replacing everything between the longest common first and last lines, in linear time: the
 * patch when a minimal diff would cost too much (a file rewritten throughout). Every new line of the
 * region counts as changed, which is what such a rewrite is. Same conventions as jsdiff's structuredPatch
 * (starts 1-based even for an empty side; `\ No newline at end of file` after the line it concerns).
 */
export function regionPatch(oldText: string, newText: string): StructuredPatch {
  const before = splitLines(oldText);
  const after = splitLines(newText);
  // The last line only matches a last line with the same final-newline state.
  const key = (file: FileLines, i: number) =>
    i === file.lines.length - 1 && file.missingFinalNewline ? `${file.lines[i]}\0` : file.lines[i];
  const shortest = Math.min(before.lines.length, after.lines.length);
  let prefix = 0;
  while (prefix < shortest && key(before, prefix) === key(after, prefix)) prefix += 1;
  let suffix = 0;
  while (
    suffix < shortest - prefix &&
    key(before, before.lines.length - 1 - suffix) === key(after, after.lines.length - 1 - suffix)
  ) {
    suffix += 1;
  }
  const patch: StructuredPatch = {
    oldFileName: 'a',
    newFileName: 'b',
    oldHeader: undefined,
    newHeader: undefined,
    hunks: [],
  };
  const oldEnd = before.lines.length - suffix;
  const newEnd = after.lines.length - suffix;
  if (prefix === oldEnd && prefix === newEnd) return patch;
  const from = Math.max(0, prefix - CONTEXT_LINES);
  const contextAfter = Math.min(CONTEXT_LINES, suffix);
  const lines: string[] = [];
  const push = (file: FileLines, i: number, marker: string) => {
    lines.push(`${marker}${file.lines[i] ?? ''}`);
    if (i === file.lines.length - 1 && file.missingFinalNewline) lines.push(NO_NEWLINE);
  };
  for (let i = from; i < prefix; i += 1) push(before, i, ' ');
  for (let i = prefix; i < oldEnd; i += 1) push(before, i, '-');
  for (let i = prefix; i < newEnd; i += 1) push(after, i, '+');
  // Trailing context: identical on both sides, the old file's copy (its newline state is the same).
  for (let i = 0; i < contextAfter; i += 1) push(before, oldEnd + i, ' ');
  patch.hunks.push({
    oldStart: from + 1,
    oldLines: oldEnd - from + contextAfter,
    newStart: from + 1,
    newLines: newEnd - from + contextAfter,
    lines,
  });
  return patch;
}
