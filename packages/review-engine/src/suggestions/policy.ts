import type { ReviewSettings } from '../types';
import type { SuggestionPolicy } from './shape';

/**
 * The shared stage's filters and caps from `.kodus.yml`: the LLM's categories, severity threshold and
 * `maxSuggestions` apply to model candidates only (the analyzers and the repository's rules have their own
 * switches); `maxComments` caps the whole review.
 */
export function suggestionPolicyFrom(settings: ReviewSettings): SuggestionPolicy {
  return {
    maxComments: settings.maxComments,
    bySource: {
      llm: {
        categories: settings.llm.categories,
        minSeverity: settings.llm.severityThreshold,
        max: settings.llm.maxSuggestions,
      },
    },
  };
}
