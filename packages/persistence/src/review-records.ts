/** What the worker and the API read and write about reviews; the database shape stays in SQL. */
export type ReviewStatus = 'queued' | 'running' | 'completed' | 'failed' | 'skipped';
export const FINISHED_STATUSES: readonly ReviewStatus[] = ['completed', 'failed', 'skipped'];

export type SuggestionSourceName = 'analyzer' | 'llm' | 'rule';
type SeverityName = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface SuggestionRecord {
  path: string;
  line: number;
  severity: SeverityName;
  category: string;
  ruleId: string;
  message: string;
  /** Who found it: a built-in analyzer, the model, or the repository's regex rule. */
  source: SuggestionSourceName;
  /** An analyzer finding's fingerprint (`kf1:…`), which `allow.fingerprints` accepts; null otherwise. */
  fingerprint: string | null;
}

/**
 * A suggestion to store; `source` defaults to `analyzer` (what every suggestion was before reviewers),
 * `fingerprint` to none.
 */
export type SuggestionInput = Omit<SuggestionRecord, 'source' | 'fingerprint'> & {
  source?: SuggestionSourceName;
  fingerprint?: string | null;
};

/** Every candidate a reviewer proposed, with the one disposition the shared stage gave it. */
export interface CandidateRecord {
  reviewer: string;
  source: SuggestionSourceName;
  path: string;
  startLine: number;
  endLine: number;
  /** The changed line it was anchored to; null when on none. */
  line: number | null;
  severity: SeverityName;
  category: string;
  ruleId: string;
  message: string;
  /** `posted` or `dropped:<why>` (review-engine's Disposition). */
  disposition: string;
}

/** One pipeline stage of a review: how long it took and how it ended (`ok`, `skipped`, `failed`...). */
export interface StageRecord {
  name: string;
  ms: number;
  outcome: string;
}

/** Model usage of a review, summed over its reviewers; `costUsd` null when a price is unknown. */
export interface UsageRecord {
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  costUsd: number | null;
}

export interface ReviewRecord {
  id: string;
  status: ReviewStatus;
  statusReason: string | null;
  provider: string;
  /** The provider's full name (`owner/name`, `group/subgroup/project`, `organization/project/repo`). */
  repository: string;
  pullRequest: number;
  headSha: string | null;
  trigger: string;
  deliveryId: string;
  jobId: string;
  summary: string | null;
  postedReviewId: string | null;
  postedReviewUrl: string | null;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  suggestions: SuggestionRecord[];
  stages: StageRecord[];
  /** null when no reviewer reported usage (no model ran). */
  usage: UsageRecord | null;
}

/** Identifies one review request: one provider delivery (or manual trigger) → one job → one review. */
export interface ReviewRequest {
  provider: string;
  repository: string;
  pullRequest: number;
  trigger: string;
  deliveryId: string;
  jobId: string;
  headSha?: string;
}

export interface ReviewFilter {
  provider?: string;
  repository?: string;
  pullRequest?: number;
}
