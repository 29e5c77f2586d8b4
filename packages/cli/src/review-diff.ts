import { createHash } from 'node:crypto';
import {
  AnalyzersReviewer,
  type Candidate,
  DEFAULT_SETTINGS,
  isIgnored,
  parseSettingsFile,
  parseUnifiedDiff,
  type RepositoryReader,
  type Reviewer,
  type ReviewerUsage,
  type ReviewSettings,
  SettingsError,
  shapeSuggestions,
  type ShapedCandidate,
  suggestionPolicyFrom,
} from '@kodus/review-engine';

export interface DiffReviewInput {
  diff: string;
  title: string;
  description: string;
  /** The repository at the diff's base: `.kodus.yml` and `.kody/rules` are read there. */
  base: RepositoryReader;
  reviewers: readonly Reviewer[];
  signal: AbortSignal;
}

export interface DiffReviewOutput {
  /** Every candidate with its disposition; `posted` ones are the comments. */
  shaped: ShapedCandidate[];
  notes: string[];
  /** Reviewers that failed as a whole (`llm: LLM review failed: ...`). */
  failures: string[];
  usage: ReviewerUsage;
  latencyMs: number;
}

const NO_USAGE: ReviewerUsage = {
  llmCalls: 0,
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
  costUsd: 0,
};

async function settingsAt(base: RepositoryReader, notes: string[]): Promise<ReviewSettings> {
  const text = await base.readFile('.kodus.yml');
  if (text === undefined) return DEFAULT_SETTINGS;
  try {
    return parseSettingsFile(text);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    notes.push(`.kodus.yml not used (defaults instead): ${error.problems.join('; ')}`);
    return DEFAULT_SETTINGS;
  }
}

function keyOf(candidate: Candidate, at: { path: string; line: number }): string {
  const text = createHash('sha256').update(candidate.message).digest('hex').slice(0, 12);
  return `${at.path}:${at.line}:${candidate.ruleId}:${text}`;
}

function addUsage(total: ReviewerUsage, usage: ReviewerUsage | undefined): ReviewerUsage {
  if (!usage) return total;
  return {
    llmCalls: total.llmCalls + usage.llmCalls,
    inputTokens: total.inputTokens + usage.inputTokens,
    outputTokens: total.outputTokens + usage.outputTokens,
    cachedInputTokens: total.cachedInputTokens + usage.cachedInputTokens,
    costUsd: total.costUsd === null || usage.costUsd === null ? null : total.costUsd + usage.costUsd,
  };
}

/**
 * One diff through the same engine as a pull request: settings at the base, ignored files left out, every
 * reviewer, then the shared stage (anchor, fix, category, severity, de-duplication, caps) with nothing
 * posted before. Reviewer failures are reported, never fatal; an abort rejects.
 */
export async function reviewDiff(input: DiffReviewInput): Promise<DiffReviewOutput> {
  const started = performance.now();
  const notes: string[] = [];
  const failures: string[] = [];
  const settings = await settingsAt(input.base, notes);
  const files = parseUnifiedDiff(input.diff).filter((f) => !isIgnored(f.path, settings));
  let usage = NO_USAGE;
  const candidates: Candidate[] = [];
  for (const reviewer of input.reviewers) {
    const result = await reviewer.review({
      pullRequest: { title: input.title, description: input.description },
      files,
      settings,
      signal: input.signal,
      base: input.base,
    });
    candidates.push(...result.candidates);
    notes.push(...result.notes);
    if (result.failure) failures.push(`${reviewer.name}: ${result.failure}`);
    usage = addUsage(usage, result.usage);
  }
  // The pipeline's own policy: llm categories, threshold and maxSuggestions, then maxComments.
  const shaped = shapeSuggestions(candidates, {
    files,
    posted: [],
    policy: suggestionPolicyFrom(settings),
    keyOf,
  });
  return { shaped, notes, failures, usage, latencyMs: Math.round(performance.now() - started) };
}

export const analyzersReviewer = (): Reviewer => new AnalyzersReviewer();
