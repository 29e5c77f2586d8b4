import { ruleGlobsProblem, ruleMatcher } from './rule-matcher';
import type { PathMatcher } from '../glob-matcher';
import type { KodyRule } from '../types';
import { KODY_RULE_LIMITS, KODY_RULES_DIR, parseRuleFile } from './parse-rule-file';

export interface KodyRuleFile {
  path: string;
  text: string;
}

export interface LoadedKodyRules {
  rules: KodyRule[];
  /** One line per rule file that could not be used (reported in the summary, never ignored silently). */
  problems: string[];
}

/**
 * The repository's Kody Rules: `.kody/rules/**.md` files (sorted by path, bounded in count) and the
 * `kodyRules:` of `.kodus.yml`. A rule id defined twice keeps the first (the file) and reports the other.
 */
export function loadKodyRules(
  files: readonly KodyRuleFile[],
  fromSettings: readonly KodyRule[] = [],
): LoadedKodyRules {
  const problems: string[] = [];
  const rules: KodyRule[] = [];
  const markdown = files
    .filter((f) => f.path.startsWith(`${KODY_RULES_DIR}/`) && /\.md$/i.test(f.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (markdown.length > KODY_RULE_LIMITS.files) {
    problems.push(
      `${KODY_RULES_DIR}: ${markdown.length} rule files; only the first ${KODY_RULE_LIMITS.files} (by path) are read`,
    );
  }
  for (const file of markdown.slice(0, KODY_RULE_LIMITS.files)) {
    const outcome = parseRuleFile(file.path, file.text);
    if ('rule' in outcome) rules.push(outcome.rule);
    else if ('problem' in outcome) problems.push(outcome.problem);
  }
  const seen = new Set(rules.map((r) => r.id));
  for (const rule of fromSettings) {
    if (seen.has(rule.id)) {
      problems.push(
        `.kodus.yml: kodyRules id "${rule.id}" is also a rule file's id; the file's rule is used`,
      );
      continue;
    }
    const unusable = settingsRuleProblem(rule);
    if (unusable !== undefined) {
      problems.push(`.kodus.yml: kodyRules id "${rule.id}": ${unusable}; the rule is not used`);
      continue;
    }
    seen.add(rule.id);
    rules.push(rule);
  }
  return { rules, problems };
}

/** Why a `.kodus.yml` rule's globs cannot be used; compiles them otherwise (once: later matches reuse it). */
function settingsRuleProblem(rule: KodyRule): string | undefined {
  const tooMany = ruleGlobsProblem(rule.paths);
  if (tooMany !== undefined) return `paths have ${tooMany}`;
  try {
    ruleMatcher(rule.paths);
  } catch (error) {
    return `paths are not valid globs: ${(error as Error).message}`;
  }
  return undefined;
}

/** The rule's compiled globs; one that cannot be used (the loader reports those) matches nothing. */
function matcherOf(rule: KodyRule): PathMatcher {
  try {
    return ruleMatcher(rule.paths);
  } catch {
    return () => false;
  }
}

/** The rules that apply to a file: `file`-scoped ones whose globs match it (no globs: every file). */
export function kodyRulesForFile(rules: readonly KodyRule[], path: string): KodyRule[] {
  return rules.filter((rule) => rule.scope === 'file' && matcherOf(rule)(path));
}

/**
 * The rules a set of files calls for: every `pull-request`-scoped rule whose globs match one of the pull
 * request's files (or that has none), and the `file`-scoped rules matching one of `paths`.
 */
export function kodyRulesFor(
  rules: readonly KodyRule[],
  paths: readonly string[],
  pullRequestPaths: readonly string[] = paths,
): KodyRule[] {
  return rules.filter((rule) => {
    const scoped = rule.scope === 'pull-request' ? pullRequestPaths : paths;
    const matches = matcherOf(rule);
    return scoped.some((path) => matches(path));
  });
}
