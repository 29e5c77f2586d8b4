import { LlmCodeReviewer, type LlmCallsRecord } from './llm-code-reviewer';
import { LlmReviewer } from './llm-reviewer';
import { loadPriceTableSync } from './prices';
import { LLM_PROVIDER_NAMES, type LlmLogger, type LlmProviderName } from './types';

/** The worker's LLM settings as @kodus/config gives them (`WorkerConfig.llm`). */
export interface LlmWorkerSettings {
  provider: string;
  model?: string;
  apiKey?: string;
  baseUrl?: string;
  fallbackModel?: string;
  maxConcurrency: number;
  timeoutMs: number;
  contextWindow?: number;
  maxInputTokens: number;
  maxCallsPerReview: number;
  pricesFile?: string;
  monthlyBudgetUsd?: number;
}

/** Where the worker keeps the calls (`LlmCallLog` of @kodus/persistence): records, and the month's spend. */
export interface LlmCallStore {
  record(entry: LlmCallsRecord): Promise<void>;
  spendSince(since: Date, repository?: string): Promise<number>;
}

const isProvider = (name: string): name is LlmProviderName =>
  (LLM_PROVIDER_NAMES as readonly string[]).includes(name);

/**
 * The worker's LLM Reviewer (one per process: its limiter bounds every review's calls), storing each call
 * in `store` and reading budgets from it; undefined when the provider is `none`. Throws at start for what
 * the configuration cannot give (an unreadable or invalid LLM_PRICES_FILE, a missing model or key).
 */
export function llmCodeReviewerFromSettings(
  settings: LlmWorkerSettings,
  logger: LlmLogger,
  store?: LlmCallStore,
): LlmCodeReviewer | undefined {
  if (settings.provider === 'none') return undefined;
  if (!isProvider(settings.provider)) throw new Error(`unknown LLM_PROVIDER ${settings.provider}`);
  if (!settings.model) throw new Error(`LLM_MODEL is required when LLM_PROVIDER=${settings.provider}`);
  const prices = settings.pricesFile ? loadPriceTableSync(settings.pricesFile) : {};
  const llm = new LlmReviewer({
    provider: settings.provider,
    model: settings.model,
    apiKey: settings.apiKey,
    baseUrl: settings.baseUrl,
    fallbackModel: settings.fallbackModel,
    maxConcurrency: settings.maxConcurrency,
    timeoutMs: settings.timeoutMs,
    contextWindow: settings.contextWindow,
    maxInputTokensPerCall: settings.maxInputTokens,
    maxCallsPerReview: settings.maxCallsPerReview,
    prices,
    logger,
  });
  // A budget counts calls of unknown price as free: one that could never be reached is refused at start.
  const unpriced = llm.modelsWithoutPrice();
  if (settings.monthlyBudgetUsd !== undefined && unpriced.length > 0) {
    throw new Error(
      `LLM_MONTHLY_BUDGET_USD cannot be checked: no price is known for ${unpriced.join(', ')}; give ${unpriced.length === 1 ? 'it' : 'them'} in LLM_PRICES_FILE`,
    );
  }
  return new LlmCodeReviewer({
    llm,
    logger,
    ...(store
      ? {
          onCalls: (record: LlmCallsRecord) => store.record(record),
          monthlySpend: ({ since, repository }: { since: Date; repository?: string }) =>
            store.spendSince(since, repository),
        }
      : {}),
    ...(settings.monthlyBudgetUsd !== undefined ? { monthlyBudgetUsd: settings.monthlyBudgetUsd } : {}),
  });
}
