import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createPathMatcher, type PathMatcher } from '../glob-matcher';
import type { Finding, ParsedFile, ReviewSettings, UserRule } from '../types';
import { compileRulePattern, type RulePattern } from '../rule-regex';

/** Only this much of a line is tested: matching is linear in it, and a minified line is noise anyway. */
const MAX_TESTED_CHARS = 4_000;

/**
 * Characters tested times instructions between two looks at the clock: ~10 µs of matching for real rules
 * (a few dozen instructions, matched by RE2's DFA), ~10 ms at worst (RE2 falling back to its NFA).
 */
const WORK_PER_CHECK = 300_000;

/** What the repository's rules may take in one review. */
export interface UserRulesLimits {
  /**
   * Their own time, compiling and matching over all the review's files, in ms (the turns other work takes
   * between slices not counted). Real rules take ~60 ms per 1,000 rules × 1,000 lines of 60 characters.
   */
  budgetMs: number;
  /** Matching done before the event loop is given back (and the review's abort looked at), in ms. */
  sliceMs: number;
  /** The clock, in ms. */
  now: () => number;
}

export const USER_RULES_LIMITS: Readonly<UserRulesLimits> = {
  budgetMs: 3_000,
  sliceMs: 20,
  now: () => performance.now(),
};

export interface UserRulesRun {
  /** The findings on each file, in the order of the files given. */
  findings: Finding[][];
  /** For the summary, when the rules ran out of time before checking every file. */
  note?: string;
}

// Settings are read-only once built: compile each rule's globs once. Its pattern is compiled for each
// review instead, and let go after it: RE2's DFA keeps up to 8 MB of states per pattern, which cached
// settings would otherwise hold for every rule of every repository.
const pathMatchers = new WeakMap<UserRule, PathMatcher>();

function pathMatcherOf(rule: UserRule): PathMatcher {
  let matcher = pathMatchers.get(rule);
  if (matcher === undefined) {
    matcher = createPathMatcher(rule.paths);
    pathMatchers.set(rule, matcher);
  }
  return matcher;
}

function compile(rule: UserRule): RulePattern {
  try {
    return compileRulePattern(rule.pattern, rule.flags, rule.id);
  } catch (error) {
    // The settings schema refuses such patterns already; a caller that built settings by hand gets this.
    throw new Error(`rule "${rule.id}": pattern ${(error as Error).message}`, { cause: error });
  }
}

function stoppedNote(rule: UserRule, left: number, budgetMs: number): string {
  const which = left > 1 ? `rule "${rule.id}" and the ${left - 1} after it` : `rule "${rule.id}"`;
  return (
    `.kodus.yml rules stopped after ${budgetMs / 1000} s of matching (the most one review may take): ` +
    `${which} did not check every file. Patterns with large counted repetitions ({n}) cost the most.`
  );
}

/**
 * The repository's own rules from `.kodus.yml`: each regex against each added line of the files its globs
 * match, one rule at a time over all the files. Bounded in time: the work is done in slices of
 * `sliceMs`, each on its own event-loop turn (other reviews go on meanwhile, and the review's abort is
 * seen: it throws the signal's reason); after `budgetMs` of it the rules stop, the findings so far kept,
 * and `note` says which rules did not check every file.
 */
export async function runUserRules(
  files: readonly ParsedFile[],
  settings: ReviewSettings,
  options: { signal?: AbortSignal; limits?: Partial<UserRulesLimits> } = {},
): Promise<UserRulesRun> {
  const { budgetMs, sliceMs, now } = { ...USER_RULES_LIMITS, ...options.limits };
  const { signal } = options;
  const findings: Finding[][] = files.map(() => []);
  const rules = settings.rules;
  let spent = 0;
  let sliceStart = now();
  /** False once the budget is spent; past a slice, gives the event loop a turn first. */
  const withinBudget = async (): Promise<boolean> => {
    signal?.throwIfAborted();
    const elapsed = now() - sliceStart;
    if (spent + elapsed >= budgetMs) return false;
    if (elapsed >= sliceMs) {
      spent += elapsed;
      await nextTurn();
      signal?.throwIfAborted();
      sliceStart = now();
    }
    return true;
  };
  for (const [index, rule] of rules.entries()) {
    if (index > 0 && !(await withinBudget())) {
      return { findings, note: stoppedNote(rule, rules.length - index, budgetMs) };
    }
    const matchesPath = pathMatcherOf(rule);
    const regex = compile(rule);
    const cost = regex.programSize();
    let work = 0;
    for (const [fileIndex, file] of files.entries()) {
      if (!matchesPath(file.path)) continue;
      for (const { line, content } of file.addedLines) {
        const tested = content.length > MAX_TESTED_CHARS ? content.slice(0, MAX_TESTED_CHARS) : content;
        if (regex.test(tested)) {
          findings[fileIndex]?.push({
            path: file.path,
            line,
            severity: rule.severity,
            category: 'rule',
            ruleId: `rules/${rule.id}`,
            message: rule.message,
          });
        }
        work += (tested.length + 1) * cost;
        if (work >= WORK_PER_CHECK) {
          work = 0;
          if (!(await withinBudget())) {
            return { findings, note: stoppedNote(rule, rules.length - index, budgetMs) };
          }
        }
      }
    }
  }
  return { findings };
}
