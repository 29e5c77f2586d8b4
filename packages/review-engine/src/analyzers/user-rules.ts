import { createPathMatcher, type PathMatcher } from '../glob-matcher';
import type { Finding, ParsedFile, ReviewSettings, UserRule } from '../types';
import type { Analyzer } from './analyzer';

/** Only this much of a line is tested, so one rule's regex cannot take long on a huge line. */
const MAX_TESTED_CHARS = 4_000;

interface CompiledRule {
  rule: UserRule;
  matchesPath: PathMatcher;
  regex: RegExp;
}

// Settings are read-only once built: compile each rule once.
const compiled = new WeakMap<UserRule, CompiledRule>();

function compile(rule: UserRule): CompiledRule {
  let entry = compiled.get(rule);
  if (!entry) {
    let regex: RegExp;
    try {
      // "g" and "y" would make test() keep state from one line to the next.
      regex = new RegExp(rule.pattern, (rule.flags ?? '').replace(/[gy]/g, ''));
    } catch (error) {
      throw new Error(`rule "${rule.id}": invalid pattern: ${(error as Error).message}`, { cause: error });
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
