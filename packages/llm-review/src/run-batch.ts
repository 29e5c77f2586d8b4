import { setTimeout as sleep } from 'node:timers/promises';
import { type CallFailure, classifyFailure } from './call-errors';
import type { ModelClient } from './model-client';
import { parseAnswer } from './parse-answer';
import { costOf } from './prices';
import type { ModelPrice } from './model-table';
import type { SuggestionItem } from './suggestion-schema';
import type { LlmCallRecord, LlmLogger } from './types';

export interface RetrySettings {
  /** Attempts per model, the first included. */
  maxAttempts: number;
  /** First backoff; doubled at each attempt, with up to 20% jitter. */
  baseDelayMs: number;
  /** Longest wait before a retry; a `Retry-After` beyond it gives the model up (the fallback may go on). */
  maxDelayMs: number;
}

export interface BatchRun {
  batchIndex: number;
  /** The primary model, then the fallback when there is one. */
  models: string[];
  system: string;
  prompt: string;
  maxOutputTokens: number;
  timeoutMs: number;
  retry: RetrySettings;
  signals: { caller?: AbortSignal; deadline: AbortSignal };
}

/**
 * The review's calls beyond one per batch (retries, the fallback model): what LLM_MAX_CALLS_PER_REVIEW leaves
 * once every batch has its first call, shared by the review's batches.
 */
export interface ExtraCalls {
  /** The review's cap on calls. */
  cap: number;
  left: number;
}

export interface BatchDeps {
  client: ModelClient;
  /** Absent: retries and the fallback are not capped. */
  extraCalls?: ExtraCalls;
  /** The per-worker limiter every attempt goes through. */
  limit: <T>(fn: () => Promise<T>) => Promise<T>;
  priceOf: (model: string) => ModelPrice | undefined;
  apiKey?: string;
  logger: LlmLogger;
}

export type BatchOutcome =
  | { ok: true; calls: LlmCallRecord[]; model: string; items: SuggestionItem[]; invalidItems: number }
  | { ok: false; calls: LlmCallRecord[]; failure: CallFailure };

function backoff(attempt: number, retry: RetrySettings): number {
  const base = retry.baseDelayMs * 2 ** (attempt - 1);
  return Math.min(retry.maxDelayMs, Math.round(base * (1 + Math.random() * 0.2)));
}

function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal {
  return AbortSignal.any(signals.filter((s): s is AbortSignal => s !== undefined));
}

/**
 * Sends one batch: up to `maxAttempts` attempts on each model in turn, waiting between attempts (the
 * provider's `Retry-After` when it sent one), each attempt bounded by the call timeout and taking a slot of
 * the shared limiter only while it is in flight. Every attempt is recorded.
 */
export async function runBatch(run: BatchRun, deps: BatchDeps): Promise<BatchOutcome> {
  const calls: LlmCallRecord[] = [];
  let failure: CallFailure = {
    outcome: 'aborted',
    retryable: false,
    fallbackUseful: false,
    reason: 'not attempted',
  };
  /** Takes one of the review's extra calls; false when they are spent (the failure then says so). */
  const extraCall = (): boolean => {
    const extra = deps.extraCalls;
    if (extra === undefined) return true;
    if (extra.left <= 0) {
      failure = {
        ...failure,
        reason: `${failure.reason} (not tried again: the review's ${extra.cap} calls are spent, LLM_MAX_CALLS_PER_REVIEW)`,
      };
      return false;
    }
    extra.left -= 1;
    return true;
  };
  for (const model of run.models) {
    for (let attempt = 1; attempt <= run.retry.maxAttempts; attempt++) {
      const record = (
        outcome: LlmCallRecord['outcome'],
        latencyMs: number,
        usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 },
      ) => {
        const price = deps.priceOf(model);
        const tokens = usage.inputTokens + usage.outputTokens;
        const costUsd = price ? costOf(price, usage) : tokens === 0 ? 0 : null;
        const call: LlmCallRecord = {
          batch: run.batchIndex,
          model,
          attempt,
          ...usage,
          latencyMs,
          outcome,
          costUsd,
        };
        calls.push(call);
        deps.logger.info({ ...call }, 'llm call');
      };
      let timeout: AbortSignal | undefined;
      let started = 0;
      try {
        const answer = await deps.limit(() => {
          run.signals.caller?.throwIfAborted();
          run.signals.deadline.throwIfAborted();
          timeout = AbortSignal.timeout(run.timeoutMs);
          started = performance.now();
          const abortSignal = anySignal([run.signals.caller, run.signals.deadline, timeout]);
          return deps.client.generate({
            model,
            system: run.system,
            prompt: run.prompt,
            maxOutputTokens: run.maxOutputTokens,
            abortSignal,
          });
        });
        const latencyMs = Math.round(performance.now() - started);
        if (answer.warnings.length > 0)
          deps.logger.debug({ model, warnings: answer.warnings }, 'llm call warnings');
        const parsed = parseAnswer(answer.text);
        if (!parsed.ok) {
          record('unparsable', latencyMs, answer.usage);
          const cut =
            answer.finishReason === 'length'
              ? ` (cut at the output limit of ${run.maxOutputTokens} tokens)`
              : '';
          return {
            ok: false,
            calls,
            failure: {
              outcome: 'unparsable',
              retryable: false,
              fallbackUseful: false,
              reason: `${parsed.reason}${cut}`,
            },
          };
        }
        record('ok', latencyMs, answer.usage);
        return { ok: true, calls, model, items: parsed.items, invalidItems: parsed.invalidItems };
      } catch (error) {
        failure = classifyFailure(
          error,
          { ...run.signals, timeout: timeout ?? new AbortController().signal },
          deps.apiKey,
        );
        record(failure.outcome, started === 0 ? 0 : Math.round(performance.now() - started));
        deps.logger.warn(
          { batch: run.batchIndex, model, attempt, outcome: failure.outcome, reason: failure.reason },
          'llm call failed',
        );
      }
      if (failure.outcome === 'aborted' || failure.outcome === 'deadline')
        return { ok: false, calls, failure };
      if (!failure.retryable || attempt === run.retry.maxAttempts) break;
      if (failure.retryAfterMs !== undefined && failure.retryAfterMs > run.retry.maxDelayMs) {
        failure = {
          ...failure,
          reason: `${failure.reason} (retry asked after ${Math.ceil(failure.retryAfterMs / 1000)} s: longer than allowed)`,
        };
        break;
      }
      if (!extraCall()) return { ok: false, calls, failure };
      const waitMs = failure.retryAfterMs ?? backoff(attempt, run.retry);
      deps.logger.info({ batch: run.batchIndex, model, attempt, waitMs }, 'llm call retry scheduled');
      try {
        await sleep(waitMs, undefined, {
          signal: anySignal([run.signals.caller, run.signals.deadline]),
        });
      } catch {
        const aborted = run.signals.caller?.aborted === true;
        failure = aborted
          ? { outcome: 'aborted', retryable: false, fallbackUseful: false, reason: 'aborted by the caller' }
          : {
              outcome: 'deadline',
              retryable: false,
              fallbackUseful: false,
              reason: "the review's deadline passed",
            };
        return { ok: false, calls, failure };
      }
    }
    if (!failure.fallbackUseful || model === run.models.at(-1) || !extraCall()) break;
  }
  return { ok: false, calls, failure };
}
