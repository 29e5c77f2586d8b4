import { RE2JS } from 're2js';

/**
 * Repository rules are regular expressions a repository controls: hostile input. They run on RE2JS
 * (a pure-JavaScript port of RE2/J, linear time in the line's length whatever the pattern) instead of
 * V8's backtracking RegExp, where `^(a+)+$` against 40 characters blocks the event loop for hours.
 * RE2 has no backreferences and no lookaround; such a pattern is refused with a clear reason.
 */

/** A rule's compiled pattern: `test` answers whether it matches anywhere in one line. */
export interface RulePattern {
  test(line: string): boolean;
}

/** Flags a rule may set: i, m and s change matching; d and u are accepted and change nothing here. */
export const RULE_FLAGS = /^(?!.*(.).*\1)[dimsu]*$/;

export class RulePatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RulePatternError';
  }
}

function engineFlags(flags: string): number {
  let bits = 0;
  if (flags.includes('i')) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) bits |= RE2JS.MULTILINE;
  if (flags.includes('s')) bits |= RE2JS.DOTALL;
  return bits;
}

function acceptedByJavaScript(pattern: string, flags: string): boolean {
  try {
    // Only compiled, never run: this cannot backtrack.
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
}

/** Compiles a rule's pattern for the linear-time engine; throws RulePatternError saying why it cannot. */
export function compileRulePattern(pattern: string, flags = ''): RulePattern {
  if (!RULE_FLAGS.test(flags)) throw new RulePatternError(`unsupported flags "${flags}"`);
  try {
    // JavaScript spellings (`\uXXXX`, `(?<name>...)`) translated to RE2's.
    return RE2JS.compile(RE2JS.translateRegExp(pattern), engineFlags(flags));
  } catch (error) {
    const reason = (error as Error).message;
    if (!acceptedByJavaScript(pattern, flags)) {
      throw new RulePatternError(`is not a valid regular expression: ${reason}`);
    }
    throw new RulePatternError(
      `cannot run in linear time (rules use RE2 syntax: no backreferences or lookaround): ${reason}`,
    );
  }
}
