import type { ChangedFileInput, ParsedFile } from '@kodus/review-engine';

export const LLM_PROVIDER_NAMES = ['openai', 'anthropic', 'google', 'openai-compatible'] as const;
export type LlmProviderName = (typeof LLM_PROVIDER_NAMES)[number];

export const LLM_LABELS = [
  'bug',
  'security',
  'performance',
  'maintainability',
  'style',
  'kody_rules',
] as const;
export type LlmLabel = (typeof LLM_LABELS)[number];

export const LLM_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type LlmSeverity = (typeof LLM_SEVERITIES)[number];

/** A repository rule in plain language, given to the model as text. */
export interface LlmRule {
  id: string;
  title: string;
  body: string;
  /** Globs ("!" excludes); the rule is sent with the batches holding a matching file. Empty: every file. */
  paths: string[];
  /** `pull-request`: sent with every batch when one of the pull request's files matches. Default `file`. */
  scope?: 'file' | 'pull-request';
}

/** A changed file as a provider lists it (with its patch), or already parsed (the pipeline's files). */
export type LlmFileInput = ChangedFileInput | ParsedFile;

export interface LlmReviewRequest {
  /** ISO date (YYYY-MM-DD) the model is told is today. */
  today: string;
  pullRequest: { title: string; description: string };
  files: LlmFileInput[];
  rules: LlmRule[];
  /** A file over the per-call budget: overrides the reviewer's `oversizedFiles` for this review. */
  oversizedFiles?: 'clip' | 'skip';
  /** The language comments are written in, e.g. `en-US` or `pt-BR`. */
  language: string;
  /** Extra reviewer instructions from the repository's settings. */
  instructions?: string;
  /** Aborts the calls in flight; the result then says `aborted: true`. */
  signal?: AbortSignal;
  /**
   * When to stop waiting for the model (ReviewContext.deadline): calls in flight are aborted and their
   * batches fail with "the review's deadline passed"; the review goes on without them.
   */
  deadline?: AbortSignal;
  /** Runs the wait for the model's answers (every batch's calls, their retries): the review's turn goes meanwhile (ReviewContext.wait). */
  wait?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** One suggestion of the model, checked: its file was sent and its lines touch lines the change added. */
export interface LlmCandidate {
  path: string;
  startLine: number;
  endLine: number;
  label: LlmLabel;
  severity: LlmSeverity;
  /** The suggestion's text (`suggestionContent`). */
  message: string;
  /** `oneSentenceSummary`. */
  summary: string;
  existingCode: string | null;
  improvedCode: string | null;
  /** The model that produced it (the fallback's name when the fallback answered). */
  model: string;
  /**
   * On no line the batch showed the model (or a file it did not send): the model's own place, kept to be
   * recorded as dropped, never posted (Candidate.outsideReview).
   */
  outsideView?: true;
}

/**
 * How one HTTP attempt ended: `ok` (answer parsed), `unparsable`, `http-<status>`, `timeout`,
 * `network-error`, `aborted` (the caller's signal) or `deadline` (the review's deadline).
 */
export type LlmCallOutcome =
  'ok' | 'unparsable' | `http-${number}` | 'timeout' | 'network-error' | 'aborted' | 'deadline';

/** One model call (one HTTP attempt), as recorded in the result. */
export interface LlmCallRecord {
  /** Index of the batch in `batches`. */
  batch: number;
  model: string;
  attempt: number;
  /** Token counts from the provider's usage report; 0 when it sent none (errors). */
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  latencyMs: number;
  outcome: LlmCallOutcome;
  /** Null when the model's price is unknown. */
  costUsd: number | null;
}

export interface LlmUsage {
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  /** Null when a call's model has no known price. */
  costUsd: number | null;
}

export interface LlmReviewResult {
  candidates: LlmCandidate[];
  /** The files of each batch sent (or planned), in order; `calls[].batch` indexes it. */
  batches: string[][];
  calls: LlmCallRecord[];
  usage: LlmUsage;
  /** Files with added lines that no successful call reviewed, and why. */
  unreviewedFiles: { path: string; reason: string }[];
  /** Files sent without their last hunks (over the per-call budget), and how many hunks were left out. */
  clippedFiles: { path: string; droppedHunks: number }[];
  /** Batches that failed, with a reason that never carries a secret. */
  failures: { batch: string[]; reason: string }[];
  /** Suggestions dropped: not of the schema, on a file not sent, or on lines the change did not add. */
  droppedItems: number;
  /** True when the caller's signal aborted the review; the caller decides to retry it later. */
  aborted: boolean;
}

/** The part of a pino logger this package uses. */
export interface LlmLogger {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}
