import { type DiffHunk, parsePatch } from '@kodus/review-engine';
import type { LlmFileInput } from './types';

/** One hunk as the model sees it, and the new-file lines it adds. */
export interface RenderedHunk {
  text: string;
  addedLines: number[];
}

/** A changed file prepared for the prompt: its hunks rendered one by one, so the last ones can be dropped. */
export interface RenderedFile {
  path: string;
  status: string;
  previousPath?: string;
  hunks: RenderedHunk[];
}

function renderHunk(hunk: DiffHunk): RenderedHunk {
  const width = String(hunk.newStart + Math.max(hunk.newLines, 1)).length;
  const lines = [`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`];
  const addedLines: number[] = [];
  for (const line of hunk.lines) {
    const number = line.newLine === undefined ? ''.padStart(width) : String(line.newLine).padStart(width);
    const marker = line.kind === 'added' ? '+' : line.kind === 'removed' ? '-' : ' ';
    lines.push(`${number} ${marker} ${line.content}`);
    if (line.kind === 'added' && line.newLine !== undefined) addedLines.push(line.newLine);
  }
  return { text: lines.join('\n'), addedLines };
}

/**
 * Renders a file's patch with review-engine's parser: each line prefixed by its number in the new file
 * (blank for removed lines) and a `+`, `-` or space marker. Files with no added line give undefined.
 */
export function renderFile(file: LlmFileInput): RenderedFile | undefined {
  const parsed = 'hunks' in file ? file : parsePatch(file);
  const hunks = parsed.hunks.map(renderHunk).filter((h) => h.addedLines.length > 0);
  if (hunks.length === 0) return undefined;
  const rendered: RenderedFile = { path: file.path, status: file.status, hunks };
  if (file.previousPath !== undefined) rendered.previousPath = file.previousPath;
  return rendered;
}

/** The file's block in the prompt, with the first `hunkCount` hunks; a note says how many were left out. */
export function fileBlock(file: RenderedFile, hunkCount = file.hunks.length): string {
  const renamed = file.previousPath !== undefined ? ` previous=${JSON.stringify(file.previousPath)}` : '';
  const header = `<file path=${JSON.stringify(file.path)} status=${JSON.stringify(file.status)}${renamed}>`;
  const body = file.hunks.slice(0, hunkCount).map((h) => h.text);
  const left = file.hunks.length - hunkCount;
  if (left > 0)
    body.push(`(${left} later hunk${left === 1 ? '' : 's'} of this file left out: over the size budget)`);
  return [header, ...body, '</file>'].join('\n');
}
