/** What the worker and the API read and write about reviews; the database shape stays in SQL. */
export type ReviewStatus = 'queued' | 'running' | 'completed' | 'failed' | 'skipped';
export const FINISHED_STATUSES: readonly ReviewStatus[] = ['completed', 'failed', 'skipped'];

export interface SuggestionRecord {
  path: string;
  line: number;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  category: string;
  ruleId: string;
  message: string;
}

export interface ReviewRecord {
  id: string;
  status: ReviewStatus;
  statusReason: string | null;
  provider: string;
  /** `owner/name` */
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
