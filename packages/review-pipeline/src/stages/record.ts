import type { PublishResult } from '@kodus/git-providers';
import type {
  CandidateRecord,
  ReviewRepository,
  StageRecord,
  SuggestionInput,
  UsageRecord,
} from '@kodus/persistence';
import { FINGERPRINT_PATTERN, type ShapedCandidate } from '@kodus/review-engine';
import { printable } from '../failure-reason';

const MAX_MESSAGE = 10_000;
const MAX_LINE = 2_147_483_647;
/** A reviewer's line as PostgreSQL's integer column stores it (a model may send anything). */
const storableLine = (n: number) => (Number.isFinite(n) ? Math.min(Math.max(Math.trunc(n), 0), MAX_LINE) : 0);

/** The posted suggestions, in file and line order: what the API lists. */
export function postedSuggestions(shaped: readonly ShapedCandidate[]): SuggestionInput[] {
  return shaped
    .filter((s) => s.disposition === 'posted' && s.line !== undefined)
    .map((s) => ({
      path: s.path ?? s.candidate.path,
      line: s.line ?? 0,
      severity: s.candidate.severity,
      category: s.candidate.category,
      ruleId: s.candidate.ruleId,
      message: printable(s.candidate.message, MAX_MESSAGE),
      source: s.candidate.source,
      // Only a well-formed one (a reviewer's field, bounded by the pattern) is stored.
      fingerprint:
        s.candidate.fingerprint !== undefined && FINGERPRINT_PATTERN.test(s.candidate.fingerprint)
          ? s.candidate.fingerprint.toLowerCase()
          : null,
    }))
    .sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.ruleId.localeCompare(b.ruleId));
}

export function candidateRecords(shaped: readonly ShapedCandidate[]): CandidateRecord[] {
  return shaped.map(({ candidate: c, disposition, line }) => ({
    reviewer: printable(c.reviewer, 100),
    source: c.source,
    path: printable(c.path, 1000),
    startLine: storableLine(c.startLine),
    endLine: storableLine(c.endLine),
    line: line ?? null,
    severity: c.severity,
    category: c.category,
    ruleId: printable(c.ruleId, 200),
    message: printable(c.message, MAX_MESSAGE),
    disposition,
  }));
}

/** Stage `record`: the review completed, with its posted suggestions, every candidate, stages and usage. */
export async function recordReview(
  reviews: ReviewRepository,
  reviewId: string,
  outcome: {
    summary: string;
    shaped: readonly ShapedCandidate[];
    published: PublishResult;
    stages: StageRecord[];
    usage: UsageRecord | null;
  },
): Promise<void> {
  await reviews.complete(reviewId, {
    summary: outcome.summary,
    suggestions: postedSuggestions(outcome.shaped),
    candidates: candidateRecords(outcome.shaped),
    postedReviewId: outcome.published.summaryId,
    postedReviewUrl: outcome.published.summaryUrl ?? null,
    stages: outcome.stages,
    usage: outcome.usage,
  });
}
