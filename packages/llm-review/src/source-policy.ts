import type { LlmSettings, SourcePolicy } from '@kodus/review-engine';

/**
 * The shared stage's policy for the LLM's candidates from `.kodus.yml` llm: `categories`, then
 * `severityThreshold`, then (after de-duplication) `maxSuggestions`, then the review's `maxComments`.
 */
export function llmSourcePolicy(llm: LlmSettings): SourcePolicy {
  return { categories: [...llm.categories], minSeverity: llm.severityThreshold, max: llm.maxSuggestions };
}
