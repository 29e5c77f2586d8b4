import { type OversizedFilePolicy, planBatches } from './batching';
import { checkCandidates, sentAddedLines } from './check-candidates';
import { createModelClient, type ModelClient } from './model-client';
import { contextWindowOf } from './model-table';
import type { ModelPrice } from './model-table';
import { priceOf, type PriceTable } from './prices';
import { requestHeader, rulesFor, systemPrompt, userPrompt } from './prompt';
import { renderFile, type RenderedFile } from './render-file';
import { type BatchOutcome, runBatch, type RetrySettings } from './run-batch';
import { tokenCounterFor } from './tokens';
import { sumUsage } from './usage';
import type { LlmLogger, LlmProviderName, LlmReviewRequest, LlmReviewResult } from './types';

export interface LlmReviewerOptions {
  provider: LlmProviderName;
  model: string;
  /** Required by openai, anthropic and google; optional for openai-compatible. Never logged. */
  apiKey?: string;
  /** The API root with its version path; the provider's own when absent (required for openai-compatible). */
  baseUrl?: string;
  /** Tried when the model fails for a reason another model might not have (not a refused key). */
  fallbackModel?: string;
  logger: LlmLogger;
  /** Calls in flight at once across every review of this reviewer (one reviewer per worker). Default 4. */
  maxConcurrency?: number;
  /** One call's timeout. Default 120 s. */
  timeoutMs?: number;
  /** The whole review's deadline (besides the request's own); calls still running then are aborted. Default 10 min. */
  reviewDeadlineMs?: number;
  retry?: Partial<RetrySettings>;
  /** Input tokens per call at most. Default 60,000; always under the model's window less the output. */
  maxInputTokensPerCall?: number;
  /** Output tokens asked for per call. Default 8,192 (a quarter of the window at most). */
  maxOutputTokens?: number;
  /** The model's context window, overriding the built-in table (and its 8,192 default for unknown models). */
  contextWindow?: number;
  /**
   * Calls per review at most, retries and the fallback included: the files are planned in at most this many
   * batches (those past it are returned as unreviewed), and a retry is made only while calls are left.
   * Default 20.
   */
  maxCallsPerReview?: number;
  /** A file over the per-call budget: `clip` (drop its last hunks, the default) or `skip`. */
  oversizedFiles?: OversizedFilePolicy;
  /** The operator's prices (USD per million tokens), over the built-in table. */
  prices?: PriceTable;
  /** For tests and proxies. */
  fetch?: typeof fetch;
}

const DEFAULT_RETRY: RetrySettings = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 60_000 };
// Tokens kept free for the chat framing the provider adds around the messages.
const FRAMING_TOKENS = 256;
const MIN_FILES_BUDGET = 256;

type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * The LLM review of a pull request's changed files, one per worker. `review` never throws for what the model
 * or its provider does: failed batches, unreviewed files and an abort are in the result.
 */
export class LlmReviewer {
  private readonly client: ModelClient;
  private limiter: Promise<Limit> | undefined;

  constructor(private readonly options: LlmReviewerOptions) {
    if (options.provider !== 'openai-compatible' && !options.apiKey) {
      throw new Error(`the ${options.provider} provider needs an API key (LLM_API_KEY)`);
    }
    if (options.provider === 'openai-compatible' && !options.baseUrl) {
      throw new Error('the openai-compatible provider needs a base URL (LLM_BASE_URL)');
    }
    this.client = createModelClient({
      provider: options.provider,
      apiKey: options.apiKey,
      baseUrl: options.baseUrl,
      fetch: options.fetch,
    });
  }

  private limit(): Promise<Limit> {
    this.limiter ??= import('p-limit').then(({ default: pLimit }) => {
      const limit = pLimit(this.options.maxConcurrency ?? 4);
      return <T>(fn: () => Promise<T>) => limit(fn);
    });
    return this.limiter;
  }

  /**
   * Loads, once, what the first review would otherwise load while every review started with it waits: the
   * tokenizer's tables for the model (o200k_base: ~74 MiB and 300-450 ms of CPU blocking the process), the
   * provider's SDK and the limiter. The worker calls it at start; reviews share the same promises.
   */
  async warmUp(): Promise<void> {
    const o = this.options;
    const models = [o.model, ...(o.fallbackModel ? [o.fallbackModel] : [])];
    await Promise.all([
      tokenCounterFor(o.provider, o.model),
      this.limit(),
      ...models.map((m) => this.client.prepare?.(m)),
    ]);
  }

  /** The models it may call (the fallback too) whose price is unknown: their calls cost null, counted 0 by budgets. */
  modelsWithoutPrice(): string[] {
    const o = this.options;
    const models = [o.model, ...(o.fallbackModel && o.fallbackModel !== o.model ? [o.fallbackModel] : [])];
    return models.filter((m) => this.priceOf(m) === undefined);
  }

  private priceOf(model: string): ModelPrice | undefined {
    // Not the built-in table for a self-hosted or routed model (openai-compatible): its price is the operator's.
    return priceOf(model, this.options.prices ?? {}, this.options.provider !== 'openai-compatible');
  }

  /** Input tokens one call may carry: the setting, under every model's window less the output. */
  private budgets(): { input: number; output: number } {
    const models = [this.options.model, ...(this.options.fallbackModel ? [this.options.fallbackModel] : [])];
    const window = Math.min(...models.map((m) => contextWindowOf(m, this.options.contextWindow)));
    const output = Math.min(this.options.maxOutputTokens ?? 8_192, Math.floor(window / 4));
    const input = Math.min(this.options.maxInputTokensPerCall ?? 60_000, window - output - FRAMING_TOKENS);
    return { input, output };
  }

  async review(request: LlmReviewRequest): Promise<LlmReviewResult> {
    const o = this.options;
    const result: LlmReviewResult = {
      candidates: [],
      batches: [],
      calls: [],
      usage: sumUsage([]),
      unreviewedFiles: [],
      clippedFiles: [],
      failures: [],
      droppedItems: 0,
      aborted: false,
    };
    const rendered: RenderedFile[] = [];
    for (const file of request.files) {
      if (file.status === 'removed') continue;
      if ('hunks' in file ? file.binary === true : file.patch === undefined) {
        result.unreviewedFiles.push({
          path: file.path,
          reason: 'no patch (binary, or too large for the provider to show)',
        });
        continue;
      }
      const r = renderFile(file);
      if (r) rendered.push(r);
    }
    if (rendered.length === 0) return result;

    const counter = await tokenCounterFor(o.provider, o.model);
    const system = systemPrompt(request.language);
    const prPaths = request.files.map((f) => f.path);
    const allRules = rulesFor(
      request.rules,
      rendered.map((f) => f.path),
      prPaths,
    );
    const budgets = this.budgets();
    const fixed = counter.count(system) + counter.count(requestHeader(request, allRules));
    const filesBudget = budgets.input - fixed;
    if (filesBudget < MIN_FILES_BUDGET) {
      const reason = `the prompt without files takes ${fixed} tokens of the ${budgets.input} a call may carry`;
      for (const f of rendered) result.unreviewedFiles.push({ path: f.path, reason });
      return result;
    }
    // A call per batch at most this many; retries and the fallback take what the batches leave.
    const maxCalls = o.maxCallsPerReview ?? 20;
    const plan = planBatches(rendered, counter, {
      filesBudget,
      oversized: request.oversizedFiles ?? o.oversizedFiles ?? 'clip',
      maxBatches: maxCalls,
    });
    result.unreviewedFiles.push(...plan.unreviewed);
    result.clippedFiles = plan.clipped;
    result.batches = plan.batches.map((b) => b.map((item) => item.file.path));

    const ownDeadline = AbortSignal.timeout(o.reviewDeadlineMs ?? 600_000);
    const deadline = request.deadline ? AbortSignal.any([ownDeadline, request.deadline]) : ownDeadline;
    const limit = await this.limit();
    const retry = { ...DEFAULT_RETRY, ...o.retry };
    const models = [o.model, ...(o.fallbackModel && o.fallbackModel !== o.model ? [o.fallbackModel] : [])];
    const runs = plan.batches.map((batch, batchIndex) => {
      const paths = batch.map((item) => item.file.path);
      const header = requestHeader(request, rulesFor(request.rules, paths, prPaths));
      return {
        batchIndex,
        models,
        system,
        prompt: userPrompt(
          header,
          batch.map((item) => item.block),
        ),
        maxOutputTokens: budgets.output,
        timeoutMs: o.timeoutMs ?? 120_000,
        retry,
        signals: { caller: request.signal, deadline },
      };
    });
    const deps = {
      client: this.client,
      limit,
      priceOf: (m: string) => this.priceOf(m),
      extraCalls: { cap: maxCalls, left: maxCalls - plan.batches.length },
      apiKey: o.apiKey,
      logger: o.logger,
    };
    const send = () => Promise.all(runs.map((run) => runBatch(run, deps)));
    let outcomes: BatchOutcome[] | undefined;
    try {
      await (request.wait ?? ((work) => work()))(async () => {
        outcomes = await send();
      });
    } catch (error) {
      // The answers came, and the review was stopped while it waited to go on with them: they are
      // accounted for (their calls recorded) and the review ends as aborted.
      if (outcomes === undefined || request.signal?.aborted !== true) throw error;
      result.aborted = true;
    }
    const answered = outcomes ?? [];

    answered.forEach((outcome, index) => {
      const batch = plan.batches[index] ?? [];
      const paths = batch.map((item) => item.file.path);
      result.calls.push(...outcome.calls);
      if (outcome.ok) {
        const checked = checkCandidates(outcome.items, sentAddedLines(batch), outcome.model);
        result.candidates.push(...checked.candidates);
        result.droppedItems += checked.dropped + outcome.invalidItems;
        return;
      }
      if (outcome.failure.outcome === 'aborted') {
        result.aborted = true;
        for (const path of paths) result.unreviewedFiles.push({ path, reason: 'aborted' });
        return;
      }
      result.failures.push({ batch: paths, reason: outcome.failure.reason });
      for (const path of paths)
        result.unreviewedFiles.push({ path, reason: `its batch failed: ${outcome.failure.reason}` });
    });
    result.usage = sumUsage(result.calls);
    o.logger.info(
      {
        batches: result.batches.length,
        candidates: result.candidates.length,
        failures: result.failures.length,
        aborted: result.aborted,
        usage: result.usage,
      },
      'llm review done',
    );
    return result;
  }
}
