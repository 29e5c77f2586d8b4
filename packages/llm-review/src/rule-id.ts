import { type KodyRule, kodyRulesFor, kodyRulesForFile } from '@kodus/review-engine';
import type { LlmCandidate } from './types';

/**
 * The Kody Rule a `kody_rules` finding names: the model is told to start its text with "[rule-id]"; a
 * bracketed id of a known rule anywhere in the text counts. Without one, the only file rule matching the
 * finding's file and the pull-request rules whose globs match a file of `pullRequestPaths` (the files
 * reviewed: a rule that matches none was never sent to the model). Undefined when neither names exactly one
 * rule.
 */
export function ruleIdFor(
  candidate: LlmCandidate,
  rules: readonly KodyRule[],
  pullRequestPaths: readonly string[],
): KodyRule | undefined {
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const match of `${candidate.message}\n${candidate.summary}`.matchAll(/\[([^\]\n]{1,200})\]/g)) {
    const rule = byId.get((match[1] ?? '').trim());
    if (rule) return rule;
  }
  const applicable = [
    ...kodyRulesForFile(rules, candidate.path),
    ...kodyRulesFor(
      rules.filter((r) => r.scope === 'pull-request'),
      [],
      pullRequestPaths,
    ),
  ];
  return applicable.length === 1 ? applicable[0] : undefined;
}
