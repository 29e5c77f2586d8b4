import type { BatchFile } from './batching';
import type { SuggestionItem } from './suggestion-schema';
import type { LlmCandidate } from './types';

/** The added lines each file of a batch showed the model (clipped hunks excluded). */
export function sentAddedLines(batch: readonly BatchFile[]): Map<string, number[]> {
  const sent = new Map<string, number[]>();
  for (const item of batch) {
    const lines = item.file.hunks.slice(0, item.hunkCount).flatMap((h) => h.addedLines);
    sent.set(
      item.file.path,
      lines.sort((a, b) => a - b),
    );
  }
  return sent;
}

function knownPath(path: string, sent: Map<string, number[]>): string | undefined {
  if (sent.has(path)) return path;
  const bare = path.replace(/^(\.\/|\/|[ab]\/)/, ''); // "./src/x.ts", "b/src/x.ts"
  return sent.has(bare) ? bare : undefined;
}

/**
 * Turns an answer's items into candidates on lines the change added: the file must be one the batch sent,
 * and the range is narrowed to the added lines inside it. Items on no added line it sent are counted as
 * dropped and kept, at the model's own place and marked `outsideView`, so they are recorded with a reason.
 */
export function checkCandidates(
  items: readonly SuggestionItem[],
  sent: Map<string, number[]>,
  model: string,
): { candidates: LlmCandidate[]; dropped: number } {
  const candidates: LlmCandidate[] = [];
  let dropped = 0;
  for (const item of items) {
    const path = knownPath(item.relevantFile, sent);
    const start = item.relevantLinesStart;
    const end = item.relevantLinesEnd ?? start;
    const inside =
      path === undefined
        ? []
        : (sent.get(path) ?? []).filter(
            (line) => line >= Math.min(start, end) && line <= Math.max(start, end),
          );
    const first = inside[0];
    const last = inside[inside.length - 1];
    const outside = path === undefined || first === undefined || last === undefined;
    if (outside) dropped++;
    candidates.push({
      path: path ?? item.relevantFile,
      startLine: outside ? Math.min(start, end) : first,
      endLine: outside ? Math.max(start, end) : last,
      ...(outside ? { outsideView: true as const } : {}),
      label: item.label,
      severity: item.severity,
      message: item.suggestionContent,
      summary: item.oneSentenceSummary,
      existingCode: item.existingCode ?? null,
      improvedCode: item.improvedCode ?? null,
      model,
    });
  }
  return { candidates, dropped };
}
