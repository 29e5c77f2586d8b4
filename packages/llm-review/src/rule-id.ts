import { type KodyRule, kodyRulesForFile } from '@kodus/review-engine';
import type { LlmCandidate } from './types';

/**
 * The Kody Rule a `kody_rules` finding names: the model is told to start its text with "[rule-id]"; a
 * bracketed id of a known rule anywhere in the text counts. Without one, the only file rule matching the
 * finding's file. Undefined when neither names exactly one rule.
 */
export function ruleIdFor(candidate: LlmCandidate, rules: readonly KodyRule[]): KodyRule | undefined {
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const match of `${candidate.message}\n${candidate.summary}`.matchAll(/\[([^\]\n]{1,200})\]/g)) {
    const rule = byId.get((match[1] ?? '').trim());
    if (rule) return rule;
  }
  const applicable = [
    ...kodyRulesForFile(rules, candidate.path),
    ...rules.filter((r) => r.scope === 'pull-request'),
  ];
  return applicable.length === 1 ? applicable[0] : undefined;
}
