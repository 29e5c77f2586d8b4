import { redactUpstreamText } from '@kodus/git-providers';
import type { UsageRecord } from '@kodus/persistence';
import type { Candidate, Reviewer, ReviewContext, ReviewerResult } from '@kodus/review-engine';
import { performance } from 'node:perf_hooks';
import { printable, reasonFor } from '../failure-reason';
import type { ReviewTurn } from '../active-reviews';
import type { StageLog } from './stage-log';

export interface ReviewersOutcome {
  candidates: Candidate[];
  notes: string[];
  failures: { reviewer: string; reason: string }[];
  /** Summed over the reviewers that reported usage; null when none did (no model ran). */
  usage: UsageRecord | null;
  /** The reviewers' bookkeeping still under way (ReviewerResult.pending); never rejects. */
  pending: Promise<void>;
}

const MAX_FAILURE = 300;
const MAX_NOTES_PER_REVIEWER = 50;

/**
 * Stage `run-reviewers`: every reviewer at once, each recorded as its own stage (`reviewer:<name>`). A
 * reviewer's failure is contained — the review completes with the others and the summary says which
 * failed and why (printable, bounded, upstream text redacted) — except the review's own abort (its
 * deadline, a drain), which stops the review.
 */
export async function runReviewers(
  reviewers: readonly Reviewer[],
  context: ReviewContext,
  stages: StageLog,
  turn?: ReviewTurn,
): Promise<ReviewersOutcome> {
  type Run = { result: ReviewerResult; ms: number };
  // Beside a reviewer waiting for a model, the others' results are not needed before it answers: they start
  // once no other review waits for a turn, so in a burst they run while the models think instead of before
  // other reviews' model calls leave; or once every model reviewer is done (one that had nothing to ask).
  let modelsRunning = turn === undefined ? 0 : reviewers.filter((r) => r.waitsForModel === true).length;
  let modelsDone = (): void => undefined;
  const modelsSettled = new Promise<void>((resolve) => (modelsDone = resolve));
  // Reviewers still waiting to start; the last model reviewer to end waits for them to be back in, so the
  // review keeps its turn for them instead of letting it go and queueing for it again.
  let deferred = 0;
  let allBackIn = (): void => undefined;
  const runOne = async (reviewer: Reviewer, wait?: ReviewTurn['outside']): Promise<Run> => {
    // Its own time, from its start (not the wait for it).
    let started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      if (wait !== undefined && turn !== undefined && modelsRunning > 0 && reviewer.waitsForModel !== true) {
        deferred += 1;
        try {
          await wait(() => Promise.race([turn.untilNoneWaiting(), modelsSettled]));
        } finally {
          if (--deferred === 0) allBackIn();
        }
        started = performance.now();
      }
      return { result: await reviewer.review(wait ? { ...context, wait } : context), ms: ms() };
    } catch (error) {
      if (context.signal.aborted) throw context.signal.reason ?? error;
      return { result: { candidates: [], notes: [], failure: reasonFor(error) }, ms: ms() };
    } finally {
      if (reviewer.waitsForModel === true && --modelsRunning === 0) {
        modelsDone();
        if (deferred > 0) await new Promise<void>((resolve) => (allBackIn = resolve));
      }
    }
  };
  // With a turn, each reviewer is a branch of it: the review lets its turn go while every reviewer waits
  // for a model or is done.
  const runs =
    turn === undefined
      ? await Promise.all(reviewers.map((reviewer) => runOne(reviewer)))
      : await turn.branches(reviewers.map((reviewer) => (outside) => runOne(reviewer, outside)));
  // Recorded in the reviewers' order (they ran at once), each as its own stage.
  runs.forEach(({ result, ms }, i) => {
    const name = `reviewer:${reviewers[i]?.name ?? 'reviewer'}`;
    const outcome = result.failure !== undefined ? 'failed' : result.incomplete === true ? 'partial' : 'ok';
    stages.record({ name, ms, outcome });
  });
  const results = runs.map((r) => r.result);
  const outcome: ReviewersOutcome = {
    candidates: [],
    notes: [],
    failures: [],
    usage: null,
    pending: Promise.all(results.map((r) => r.pending)).then(() => undefined),
  };
  results.forEach((result, i) => {
    const name = reviewers[i]?.name ?? 'reviewer';
    outcome.candidates.push(...result.candidates);
    outcome.notes.push(
      ...result.notes.slice(0, MAX_NOTES_PER_REVIEWER).map((n) => printable(n, MAX_FAILURE)),
    );
    if (result.failure !== undefined) {
      outcome.failures.push({
        reviewer: name,
        reason: printable(redactUpstreamText(result.failure), MAX_FAILURE),
      });
    }
    if (result.usage !== undefined) outcome.usage = addUsage(outcome.usage, result.usage);
  });
  return outcome;
}

function addUsage(total: UsageRecord | null, usage: UsageRecord): UsageRecord {
  if (total === null) return { ...usage };
  return {
    llmCalls: total.llmCalls + usage.llmCalls,
    inputTokens: total.inputTokens + usage.inputTokens,
    outputTokens: total.outputTokens + usage.outputTokens,
    cachedInputTokens: total.cachedInputTokens + usage.cachedInputTokens,
    costUsd: total.costUsd === null || usage.costUsd === null ? null : total.costUsd + usage.costUsd,
  };
}
