import { fileBlock, type RenderedFile } from './render-file';
import type { TokenCounter } from './tokens';

export type OversizedFilePolicy = 'clip' | 'skip';

/** A file as it goes into a batch: all its hunks, or only the first `hunkCount` when clipped. */
export interface BatchFile {
  file: RenderedFile;
  hunkCount: number;
  block: string;
  tokens: number;
}

export interface BatchPlan {
  batches: BatchFile[][];
  unreviewed: { path: string; reason: string }[];
  clipped: { path: string; droppedHunks: number }[];
}

export interface BatchLimits {
  /** Tokens available for file blocks in one call (the budget less the system prompt and header). */
  filesBudget: number;
  oversized: OversizedFilePolicy;
  /** At most this many batches (calls) per review. */
  maxBatches: number;
}

// Blocks are joined by a blank line.
const SEPARATOR_TOKENS = 2;

function entry(file: RenderedFile, hunkCount: number, counter: TokenCounter): BatchFile {
  const block = fileBlock(file, hunkCount);
  return { file, hunkCount, block, tokens: counter.count(block) + SEPARATOR_TOKENS };
}

/** The file with as many of its first hunks as fit the budget, or undefined when not even one does. */
function clipToBudget(file: RenderedFile, budget: number, counter: TokenCounter): BatchFile | undefined {
  const header = counter.count(fileBlock({ ...file, hunks: [] })) + SEPARATOR_TOKENS + 20; // the note
  let total = header;
  let fits = 0;
  for (const hunk of file.hunks) {
    total += counter.count(hunk.text) + 1;
    if (total > budget) break;
    fits++;
  }
  // Per-hunk counts only estimate the joined text: confirm with the exact count, stepping back if needed.
  for (let k = fits; k > 0; k--) {
    const candidate = entry(file, k, counter);
    if (candidate.tokens <= budget) return candidate;
  }
  return undefined;
}

/**
 * Packs files into batches that each fit the budget: largest first, each into the first batch with room
 * (first-fit decreasing), ties by path so a plan is reproducible. A file over the budget alone is clipped
 * (its last hunks dropped) or skipped, by policy; batches past the per-review cap are not sent.
 */
export function planBatches(
  files: readonly RenderedFile[],
  counter: TokenCounter,
  limits: BatchLimits,
): BatchPlan {
  const plan: BatchPlan = { batches: [], unreviewed: [], clipped: [] };
  const entries: BatchFile[] = [];
  for (const file of files) {
    const whole = entry(file, file.hunks.length, counter);
    if (whole.tokens <= limits.filesBudget) {
      entries.push(whole);
      continue;
    }
    const over = `${whole.tokens} tokens, over the per-call budget of ${limits.filesBudget}`;
    if (limits.oversized === 'skip') {
      plan.unreviewed.push({ path: file.path, reason: `skipped: ${over}` });
      continue;
    }
    const clipped = clipToBudget(file, limits.filesBudget, counter);
    if (!clipped) {
      plan.unreviewed.push({ path: file.path, reason: `skipped: ${over}, even its first hunk alone` });
      continue;
    }
    entries.push(clipped);
    plan.clipped.push({ path: file.path, droppedHunks: file.hunks.length - clipped.hunkCount });
  }

  entries.sort(
    (a, b) => b.tokens - a.tokens || (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0),
  );
  const room: number[] = [];
  for (const item of entries) {
    const index = room.findIndex((left) => left >= item.tokens);
    if (index >= 0) {
      plan.batches[index]?.push(item);
      room[index] = (room[index] ?? 0) - item.tokens;
    } else {
      plan.batches.push([item]);
      room.push(limits.filesBudget - item.tokens);
    }
  }

  for (const batch of plan.batches.splice(limits.maxBatches)) {
    for (const item of batch) {
      plan.unreviewed.push({
        path: item.file.path,
        reason: `not sent: the review's cap of ${limits.maxBatches} calls was reached`,
      });
    }
  }
  return plan;
}
