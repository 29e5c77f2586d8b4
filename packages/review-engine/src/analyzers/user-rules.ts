import { createPathMatcher, type PathMatcher } from '../glob-matcher';
import type { Finding, ParsedFile, ReviewSettings, UserRule } from '../types';
import { compileRulePattern, type RulePattern } from '../rule-regex';
import type { Analyzer } from './analyzer';

/** Only this much of a line is tested: matching is linear in it, and a minified line is noise anyway. */
const MAX_TESTED_CHARS = 4_000;

interface CompiledRule {
  rule: UserRule;
  matchesPath: PathMatcher;
  regex: RulePattern;
}

// Settings are read-only once built: compile each rule once.
const compiled = new WeakMap<UserRule, CompiledRule>();

function compile(rule: UserRule): CompiledRule {
  let entry = compiled.get(rule);
  if (!entry) {
    let regex: RulePattern;
    try {
      regex = compileRulePattern(rule.pattern, rule.flags);
    } catch (error) {
      // The settings schema refuses such patterns already; a caller that built settings by hand gets this.
      throw new Error(`rule "${rule.id}": pattern ${(error as Error).message}`, { cause: error });
    }
    entry = { rule, matchesPath: createPathMatcher(rule.paths), regex };
    compiled.set(rule, entry);
  }
  return entry;
}

/** The repository's own rules from `.kodus.yml`: each regex against each added line of the files its globs match. */
export const userRulesAnalyzer: Analyzer = {
  name: 'rules',
  isEnabled: (settings) => settings.rules.length > 0,
  analyze(file: ParsedFile, settings: ReviewSettings): Finding[] {
    const findings: Finding[] = [];
    for (const { rule, matchesPath, regex } of settings.rules.map(compile)) {
      if (!matchesPath(file.path)) continue;
      for (const { line, content } of file.addedLines) {
        if (!regex.test(content.slice(0, MAX_TESTED_CHARS))) continue;
        findings.push({
          path: file.path,
          line,
          severity: rule.severity,
          category: 'rule',
          ruleId: `rules/${rule.id}`,
          message: rule.message,
        });
      }
    }
    return findings;
  },
};
