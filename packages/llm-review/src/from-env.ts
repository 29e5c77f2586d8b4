import { LlmReviewer } from './llm-reviewer';
import { loadPriceTable } from './prices';
import { LLM_PROVIDER_NAMES, type LlmLogger, type LlmProviderName } from './types';

/** The worker's LLM settings as @kodus/config parses them (WorkerEnv's LLM_* part). */
export interface LlmEnv {
  LLM_PROVIDER: string;
  LLM_MODEL?: string;
  LLM_API_KEY?: string;
  LLM_BASE_URL?: string;
  LLM_FALLBACK_MODEL?: string;
  LLM_MAX_CONCURRENCY: number;
  LLM_TIMEOUT_MS: number;
  LLM_CONTEXT_WINDOW?: number;
  LLM_MAX_INPUT_TOKENS: number;
  LLM_MAX_CALLS_PER_REVIEW: number;
  LLM_PRICES_FILE?: string;
  LLM_MONTHLY_BUDGET_USD?: number;
}

function isProvider(name: string): name is LlmProviderName {
  return (LLM_PROVIDER_NAMES as readonly string[]).includes(name);
}

/**
 * The worker's reviewer (one per process, so its limiter bounds every review's calls), or undefined when
 * LLM_PROVIDER is `none`. Throws when LLM_PRICES_FILE cannot be read or is invalid: a start-up error.
 */
export async function llmReviewerFromEnv(env: LlmEnv, logger: LlmLogger): Promise<LlmReviewer | undefined> {
  if (env.LLM_PROVIDER === 'none') return undefined;
  if (!isProvider(env.LLM_PROVIDER)) throw new Error(`unknown LLM_PROVIDER ${env.LLM_PROVIDER}`);
  if (!env.LLM_MODEL) throw new Error(`LLM_MODEL is required when LLM_PROVIDER=${env.LLM_PROVIDER}`);
  return new LlmReviewer({
    provider: env.LLM_PROVIDER,
    model: env.LLM_MODEL,
    apiKey: env.LLM_API_KEY,
    baseUrl: env.LLM_BASE_URL,
    fallbackModel: env.LLM_FALLBACK_MODEL,
    maxConcurrency: env.LLM_MAX_CONCURRENCY,
    timeoutMs: env.LLM_TIMEOUT_MS,
    contextWindow: env.LLM_CONTEXT_WINDOW,
    maxInputTokensPerCall: env.LLM_MAX_INPUT_TOKENS,
    maxCallsPerReview: env.LLM_MAX_CALLS_PER_REVIEW,
    prices: env.LLM_PRICES_FILE ? await loadPriceTable(env.LLM_PRICES_FILE) : {},
    logger,
  });
}
