import type { AddedLine, DiffHunk, DiffLine } from './types';

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function isHunkHeader(line: string): boolean {
  return HUNK_HEADER.test(line);
}

/**
 * Reads the hunk whose "@@" header is at `lines[start]`. The header's line counts say where the hunk
 * ends, so a removed line that reads "--- x" or "diff --git" is still taken as content. A shorter hunk
 * than announced ends at the next header; "\ No newline at end of file" markers are skipped.
 * Returns the hunk and the index of the first line after it.
 */
export function readHunk(lines: readonly string[], start: number): { hunk: DiffHunk; next: number } {
  const header = HUNK_HEADER.exec(lines[start] ?? '');
  if (!header) throw new Error(`not a hunk header: ${lines[start]}`);
  const oldStart = Number(header[1]);
  const oldLines = header[2] === undefined ? 1 : Number(header[2]);
  const newStart = Number(header[3]);
  const newLines = header[4] === undefined ? 1 : Number(header[4]);

  const hunkLines: DiffLine[] = [];
  let oldLine = oldStart;
  let newLine = newStart;
  let oldLeft = oldLines;
  let newLeft = newLines;
  let i = start + 1;
  while (i < lines.length && (oldLeft > 0 || newLeft > 0)) {
    const line = lines[i] ?? '';
    const marker = line.charAt(0);
    if (marker === '\\') {
      i++;
      continue;
    }
    if (marker === '+') {
      hunkLines.push({ kind: 'added', content: line.slice(1), newLine: newLine++ });
      newLeft--;
    } else if (marker === '-') {
      hunkLines.push({ kind: 'removed', content: line.slice(1), oldLine: oldLine++ });
      oldLeft--;
    } else if (marker === ' ' || line === '') {
      // An empty line is a context line whose leading space was trimmed by some tool on the way.
      hunkLines.push({ kind: 'context', content: line.slice(1), oldLine: oldLine++, newLine: newLine++ });
      oldLeft--;
      newLeft--;
    } else {
      break; // a header or anything else: the hunk was shorter than its header said
    }
    i++;
  }
  while (i < lines.length && (lines[i] ?? '').startsWith('\\')) i++;
  return { hunk: { oldStart, oldLines, newStart, newLines, lines: hunkLines }, next: i };
}

export function addedLinesOf(hunks: readonly DiffHunk[]): AddedLine[] {
  const added: AddedLine[] = [];
  for (const hunk of hunks) {
    for (const line of hunk.lines) {
      if (line.kind === 'added' && line.newLine !== undefined) {
        added.push({ line: line.newLine, content: line.content });
      }
    }
  }
  return added;
}

/** Splits diff text into lines, accepting LF and CRLF endings. */
export function splitDiffLines(text: string): string[] {
  return text.split(/\r?\n/);
}
