export { LlmReviewer, type LlmReviewerOptions } from './llm-reviewer';
export {
  LLM_LABELS,
  LLM_PROVIDER_NAMES,
  LLM_SEVERITIES,
  type LlmCallOutcome,
  type LlmCallRecord,
  type LlmCandidate,
  type LlmFileInput,
  type LlmLabel,
  type LlmLogger,
  type LlmProviderName,
  type LlmReviewRequest,
  type LlmReviewResult,
  type LlmRule,
  type LlmSeverity,
  type LlmUsage,
} from './types';
export { loadPriceTable, parsePriceTable, priceTableSchema, type PriceTable } from './prices';
export { DEFAULT_CONTEXT_WINDOW, KNOWN_MODELS, MODEL_TABLE_DATE, type ModelPrice } from './model-table';
export { SUGGESTIONS_JSON_SCHEMA } from './suggestion-schema';
export type { OversizedFilePolicy } from './batching';
export { llmReviewerFromEnv, type LlmEnv } from './from-env';
export {
  LlmCodeReviewer,
  LlmReviewAbortedError,
  type LlmCallsRecord,
  type LlmCodeReviewerOptions,
} from './llm-code-reviewer';
export { budgetNote, monthStart, type MonthlySpend } from './budget';
export { limitFiles } from './file-limits';
export { llmCodeReviewerFromSettings, type LlmCallStore, type LlmWorkerSettings } from './worker-reviewer';
