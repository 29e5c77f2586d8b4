import type { LlmCallRecord, LlmUsage } from './types';

/** Sums the calls' reported usage; the cost is null as soon as one call's price is unknown. */
export function sumUsage(calls: readonly LlmCallRecord[]): LlmUsage {
  const usage: LlmUsage = {
    llmCalls: calls.length,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    costUsd: 0,
  };
  for (const call of calls) {
    usage.inputTokens += call.inputTokens;
    usage.outputTokens += call.outputTokens;
    usage.cachedInputTokens += call.cachedInputTokens;
    usage.costUsd = usage.costUsd === null || call.costUsd === null ? null : usage.costUsd + call.costUsd;
  }
  return usage;
}
