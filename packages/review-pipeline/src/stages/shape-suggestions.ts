import type { PostedComment } from '@kodus/git-providers';
import {
  type Candidate,
  capCandidates,
  filterCandidates,
  type ParsedFile,
  type PostedSuggestion,
  type ShapedCandidate,
  type SuggestionPolicy,
} from '@kodus/review-engine';
import { reasonFor } from '../failure-reason';
import { inlineCommentKey, postedSuggestion } from '../review-comments';

/**
 * An optional model-based de-duplication pass, run on what the deterministic steps kept (before the cap):
 * it answers the indexes (into `kept`) that repeat another kept candidate or a posted comment. When it
 * fails, the deterministic result is posted and the summary says so: never the raw list.
 */
export interface SuggestionRefiner {
  readonly name: string;
  duplicates(
    kept: readonly ShapedCandidate[],
    posted: readonly PostedSuggestion[],
    signal: AbortSignal,
  ): Promise<ReadonlySet<number>>;
}

/**
 * Stage `shape-suggestions`: review-engine's shared stage (anchor, fix, category, severity, de-duplication
 * within the review and against the comments Kodus already posted, then the cap — see its shape.ts for
 * the order), with the optional refiner between de-duplication and the cap.
 */
export async function shapeCandidates(input: {
  candidates: readonly Candidate[];
  files: readonly ParsedFile[];
  postedComments: readonly PostedComment[];
  policy: SuggestionPolicy;
  headSha: string;
  refiner?: SuggestionRefiner;
  signal: AbortSignal;
  notes: string[];
}): Promise<ShapedCandidate[]> {
  const posted = input.postedComments.flatMap((c) => postedSuggestion(c) ?? []);
  const shaped = filterCandidates(input.candidates, {
    files: input.files,
    posted,
    policy: input.policy,
    keyOf: (candidate, at) => inlineCommentKey(input.headSha, at, candidate),
  });
  if (input.refiner !== undefined) {
    const kept = shaped.filter((s) => s.disposition === 'posted');
    try {
      const duplicates = await input.refiner.duplicates(kept, posted, input.signal);
      for (const index of duplicates) {
        const item = kept[index];
        if (item !== undefined) item.disposition = 'dropped:duplicate-in-review';
      }
    } catch (error) {
      input.signal.throwIfAborted();
      input.notes.push(
        `The ${input.refiner.name} de-duplication pass failed (${reasonFor(error)}): the deterministic result was posted.`,
      );
    }
  }
  return capCandidates(shaped, input.policy);
}
