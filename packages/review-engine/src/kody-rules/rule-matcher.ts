import { createPathMatcher, type PathMatcher } from '../glob-matcher';

/**
 * Bounds on one rule's `path` globs (hostile input): compiling them costs time in proportion to their text
 * (200 rules of 1,000 characters of "*a*a..." globs: 0.5-1 s), and they are matched against
 * every batch's files. Real rules list a few short globs.
 */
export const RULE_GLOB_LIMITS = {
  /** Globs in one rule. */
  globs: 50,
  /** Characters of all of one rule's globs together. */
  chars: 1_000,
} as const;

/** How a rule's globs are over RULE_GLOB_LIMITS ("60 globs; at most 50"), or undefined. */
export function ruleGlobsProblem(globs: readonly string[]): string | undefined {
  if (globs.length > RULE_GLOB_LIMITS.globs) {
    return `${globs.length} globs; at most ${RULE_GLOB_LIMITS.globs}`;
  }
  let chars = 0;
  for (const glob of globs) chars += glob.length;
  if (chars > RULE_GLOB_LIMITS.chars) {
    return `${chars} characters of globs; at most ${RULE_GLOB_LIMITS.chars}`;
  }
  return undefined;
}

function compile(globs: readonly string[]): PathMatcher {
  const include = globs.filter((g) => !g.startsWith('!'));
  const exclude = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  const included = include.length === 0 ? () => true : createPathMatcher(include);
  const excluded = createPathMatcher(exclude);
  return (path) => included(path) && !excluded(path);
}

interface Compiled {
  /** The globs compiled, to notice an array changed since. */
  source: string;
  outcome: PathMatcher | Error;
}

/** Per globs array (a rule's `paths`, which the LLM's copy of the rule shares): compiled once. */
const cache = new WeakMap<readonly string[], Compiled>();

/**
 * A rule's `path` globs as a matcher: a glob starting with "!" excludes (gitignore-like); no including
 * glob means every file. Built on the RE2-safe glob matcher, once per globs array: a rule loaded once is
 * matched against every batch's files without compiling again. Throws for globs over RULE_GLOB_LIMITS or
 * that it cannot run.
 */
export function ruleMatcher(globs: readonly string[]): PathMatcher {
  const problem = ruleGlobsProblem(globs);
  if (problem !== undefined) throw new Error(`too many globs: ${problem}`);
  const source = globs.join('\u0000');
  let entry = cache.get(globs);
  if (entry?.source !== source) {
    let outcome: PathMatcher | Error;
    try {
      outcome = compile(globs);
    } catch (error) {
      outcome = error instanceof Error ? error : new Error(String(error));
    }
    entry = { source, outcome };
    cache.set(globs, entry);
  }
  if (entry.outcome instanceof Error) throw entry.outcome;
  return entry.outcome;
}
