/**
 * The reviewer seam: the pipeline runs reviewers (the built-in analyzers, the LLM reviewer, any later
 * one) that each return candidate suggestions; ONE shared stage then anchors, filters, de-duplicates,
 * caps, posts and persists them, recording exactly one disposition per candidate.
 */
import type { RepositoryReader } from './kody-rules/read-rule-files';
import type { ParsedFile, ReviewSettings, Severity } from './types';

/** Where a suggestion came from (stored with it and shown by the API). */
export type SuggestionSource = 'analyzer' | 'llm' | 'rule';

/** The categories a suggestion can have: the contract's LLM labels, plus `rule` for a repository rule. */
export type SuggestionCategory =
  'bug' | 'security' | 'performance' | 'maintainability' | 'style' | 'kody_rules' | 'rule';

/** A suggestion a reviewer proposes; the shared stage decides whether it is posted. */
export interface Candidate {
  source: SuggestionSource;
  /** Which reviewer produced it (`analyzers`, `llm`). */
  reviewer: string;
  path: string;
  /** Lines of the NEW file; a reviewer may be wrong about them (the shared stage snaps or drops). */
  startLine: number;
  endLine: number;
  severity: Severity;
  category: SuggestionCategory;
  /** The analyzer rule, the repository rule or the Kody Rule that produced it; `llm` for free findings. */
  ruleId: string;
  /** The comment's text. */
  message: string;
  /** One sentence, for the summary and for de-duplication. */
  summary?: string;
  existingCode?: string | null;
  improvedCode?: string | null;
  /** An analyzer finding's stable id (`kf1:…`), which `allow.fingerprints` in `.kodus.yml` accepts. */
  fingerprint?: string;
  /**
   * Placed where its reviewer was not looking (a model's line outside the hunks it was sent, or a file it was
   * not sent): kept only to be recorded, as `dropped:not-on-changed-line`, never posted.
   */
  outsideReview?: boolean;
}

/** Why a candidate was not posted, or that it was. Exactly one per candidate, stored with the review. */
export type Disposition =
  | 'posted'
  | 'dropped:not-on-changed-line'
  | 'dropped:no-fix'
  | 'dropped:category-filtered'
  | 'dropped:below-severity-threshold'
  | 'dropped:duplicate-in-review'
  | 'dropped:already-posted'
  | 'dropped:over-limit'
  | 'dropped:refused-by-provider';

/** What every reviewer gets: the files to review (parsed, not ignored), the settings, the pull request. */
export interface ReviewContext {
  pullRequest: { title: string; description: string };
  /** The files this reviewer should look at; on an incremental review only the hunks new since the last reviewed head. */
  files: readonly ParsedFile[];
  settings: ReviewSettings;
  /** Aborted at the review's deadline, on a drain, or when the job is cancelled. */
  signal: AbortSignal;
  /**
   * Aborted when a reviewer still waiting for a model should stop and return without those findings (a
   * failure saying why), so the review keeps time to post the others before its own deadline. Absent: only
   * `signal` bounds it.
   */
  deadline?: AbortSignal;
  /** The stored review's id, for records a reviewer keeps (the LLM's calls). */
  reviewId?: string;
  /** The repository as the provider names it (`owner/name`), for per-repository budgets. */
  repository?: string;
  /** The repository's files at the base commit, read-only (the LLM reviewer reads `.kody/rules` there). */
  base?: RepositoryReader;
  /**
   * Runs a long wait of this reviewer (its model calls): meanwhile the worker lets another review work, and
   * the reviewer goes on once this review's turn comes again. Absent: `work` runs as is.
   */
  wait?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** Model usage, summed from the providers' own reports. */
export interface ReviewerUsage {
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  /** null when a price is unknown. */
  costUsd: number | null;
}

export interface ReviewerResult {
  candidates: Candidate[];
  /** Lines for the summary (files left unreviewed, a failed batch, a rule that did not parse...). */
  notes: string[];
  /** Set when the reviewer failed as a whole; the review still completes with the other reviewers. */
  failure?: string;
  /**
   * Set when some of its files were not reviewed because of a failure (a model's batch that failed): the
   * head does not count as reviewed for incremental reviews, so the next push sends those files again.
   */
  incomplete?: boolean;
  usage?: ReviewerUsage;
  /**
   * Bookkeeping the reviewer finishes after answering (the records of its model calls), so it overlaps the
   * stages after it. Never rejects; the review waits for it before its attempt ends.
   */
  pending?: Promise<void>;
}

export interface Reviewer {
  /** Stable name: recorded with the review's stages and with each candidate. */
  readonly name: string;
  /**
   * Called once the repository at the base commit is known, before the settings are read there: starts
   * the reads `review` will make at the base (the caller shares reads of a commit between reviews), so
   * they overlap the settings read instead of following the files. Never throws; a read that fails here
   * is made again, and reported, by `review`.
   */
  prepare?(base: RepositoryReader): void;
  /**
   * Most of this reviewer's time is a wait for a model's answer (ReviewContext.wait). The reviewers beside
   * it that only work on the text at hand (the analyzers) are not needed before it answers: the pipeline
   * starts them once no other review waits for the worker, so they never delay another review's model call.
   */
  readonly waitsForModel?: boolean;
  review(context: ReviewContext): Promise<ReviewerResult>;
}
