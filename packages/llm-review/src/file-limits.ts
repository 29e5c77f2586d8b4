import type { LlmSettings, ParsedFile } from '@kodus/review-engine';
import { listNote } from './notes';

const addedCount = (file: ParsedFile) => file.addedLines.length;

/** A file's first hunks whose added lines stay within `max` (the first hunk is cut down to fit). */
function clipped(file: ParsedFile, max: number): ParsedFile {
  const hunks: ParsedFile['hunks'] = [];
  let used = 0;
  for (const hunk of file.hunks) {
    const added = hunk.lines.filter((l) => l.kind === 'added').length;
    if (used + added > max) {
      if (hunks.length === 0) {
        // Keep the hunk's lines up to the max-th added line.
        let seen = 0;
        const lines = hunk.lines.filter((l) => (l.kind === 'added' ? ++seen <= max : seen < max));
        hunks.push({ ...hunk, lines });
      }
      break;
    }
    hunks.push(hunk);
    used += added;
  }
  const kept = new Set(hunks.flatMap((h) => h.lines.filter((l) => l.kind === 'added').map((l) => l.newLine)));
  return { ...file, hunks, addedLines: file.addedLines.filter((l) => kept.has(l.line)) };
}

/**
 * `.kodus.yml` llm.files: at most `maxFiles` files (those with the most added lines first), each with at
 * most `maxLinesPerFile` added lines (clipped to its first hunks, or skipped). Every file left out is named.
 */
export function limitFiles(
  files: readonly ParsedFile[],
  limits: LlmSettings['files'],
): { files: ParsedFile[]; notes: string[] } {
  const notes: string[] = [];
  const reviewable = files.filter((f) => f.status !== 'removed' && addedCount(f) > 0);
  const ranked = [...reviewable].sort((a, b) => addedCount(b) - addedCount(a));
  const overCount = ranked.slice(limits.maxFiles);
  if (overCount.length > 0) {
    notes.push(
      listNote(
        `LLM review: ${overCount.length} file(s) over llm.files.maxFiles (${limits.maxFiles}) not reviewed`,
        overCount.map((f) => f.path),
      ),
    );
  }
  const chosen = new Set(ranked.slice(0, limits.maxFiles));
  const out: ParsedFile[] = [];
  const skipped: string[] = [];
  const cut: string[] = [];
  for (const file of reviewable) {
    if (!chosen.has(file)) continue;
    if (addedCount(file) <= limits.maxLinesPerFile) out.push(file);
    else if (limits.oversized === 'skip') skipped.push(`${file.path} (${addedCount(file)} added lines)`);
    else {
      out.push(clipped(file, limits.maxLinesPerFile));
      cut.push(`${file.path} (${addedCount(file)} added lines)`);
    }
  }
  const limit = `llm.files.maxLinesPerFile (${limits.maxLinesPerFile})`;
  if (skipped.length > 0) notes.push(listNote(`LLM review: files over ${limit} not reviewed`, skipped));
  if (cut.length > 0) notes.push(listNote(`LLM review: files over ${limit} reviewed in part`, cut));
  return { files: out, notes };
}
