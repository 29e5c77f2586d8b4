import { RE2JS } from 're2js';

/**
 * Repository rules are regular expressions a repository controls: hostile input. They run on RE2JS
 * (a pure-JavaScript port of RE2/J, linear time in the line's length whatever the pattern) instead of
 * V8's backtracking RegExp, where `^(a+)+$` against 40 characters blocks the event loop for hours.
 * RE2 has no backreferences and no lookaround; such a pattern is refused with a clear reason.
 *
 * Linear is not cheap: RE2 copies `x{1000}` out 1000 times, and compiling and matching cost in proportion
 * to the program (a 1,000-character pattern of `\pL{1000}` compiled to 100,000 instructions: ~50 ms to
 * compile, ~80 ms to match one 80-character line). RE2JS offers no limit below its own 1.4 million
 * instructions, so a pattern's program is estimated from its text before it is compiled, and refused over
 * RULE_PATTERN_MAX_SIZE.
 */

/**
 * The most instructions one rule's program may have: every pattern of at most 1,000 characters without
 * counted repetition fits (a character costs at most ~2), and so does `\w{1,500}` or a few `{200}`. At
 * this size a line of 4,000 characters takes at most ~0.2 s to match in the worst case measured.
 */
export const RULE_PATTERN_MAX_SIZE = 2_000;

/** A rule's compiled pattern: `test` answers whether it matches anywhere in one line. */
export interface RulePattern {
  test(line: string): boolean;
  /** Instructions in its program: matching a line costs up to its length times this. */
  programSize(): number;
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

/** One group being read: the alternatives closed so far and the sequence being read now. */
interface Group {
  alternatives: number;
  sequence: number;
  /** The last item of `sequence`, which a repetition operator applies to. */
  last: number;
}

/** Where `\Q...\E`, `\p{...}`, `\x{...}` or another escape starting at `at` (a backslash) ends. */
function escapeEnd(re: string, at: number): number {
  const kind = re[at + 1];
  if ((kind === 'p' || kind === 'P' || kind === 'x') && re[at + 2] === '{') {
    const close = re.indexOf('}', at + 3);
    return close < 0 ? re.length : close + 1;
  }
  if ((kind === 'p' || kind === 'P') && at + 2 < re.length) return at + 3;
  return Math.min(at + 2, re.length);
}

/** Where the character class opening at `at` ends (after its `]`). */
function classEnd(re: string, at: number): number {
  let i = at + 1;
  if (re[i] === '^') i += 1;
  // A `]` first in a class is itself.
  if (re[i] === ']') i += 1;
  while (i < re.length && re[i] !== ']') {
    if (re[i] === '\\') i = escapeEnd(re, i);
    else if (re[i] === '[' && re[i + 1] === ':') {
      const close = re.indexOf(':]', i + 2);
      i = close < 0 ? i + 1 : close + 2;
    } else i += 1;
  }
  return Math.min(i + 1, re.length);
}

const COUNTED = /\{(\d+)(,(\d*))?\}/y;

/**
 * About how many instructions RE2 compiles `pattern` (JavaScript spelling) into, from its text alone and in
 * time linear in it: RE2's own measure (Go's and RE2JS's `calcSize`), where a character, a class or an
 * escape is 1, `x{n,m}` is m copies of x and m-n more, `x{n,}` n copies, `*` 2 more, `+` and `?` 1 more,
 * a group 2 and `|` 1. Not a validator: what does not parse is left to the compiler.
 */
export function estimatePatternSize(pattern: string): number {
  let re: string;
  try {
    re = RE2JS.translateRegExp(pattern);
  } catch {
    re = pattern;
  }
  const stack: Group[] = [];
  let group: Group = { alternatives: 0, sequence: 0, last: 0 };
  const item = (size: number) => {
    group.sequence += size;
    group.last = size;
  };
  const repeat = (size: (of: number) => number) => {
    const repeated = size(group.last);
    group.sequence += repeated - group.last;
    group.last = repeated;
  };
  let i = 0;
  while (i < re.length) {
    const c = re[i];
    if (c === '\\' && re[i + 1] === 'Q') {
      // Quoted text: each character is a literal.
      const close = re.indexOf('\\E', i + 2);
      const end = close < 0 ? re.length : close;
      for (let k = i + 2; k < end; k++) item(1);
      i = close < 0 ? re.length : close + 2;
    } else if (c === '\\') {
      i = escapeEnd(re, i);
      item(1);
    } else if (c === '[') {
      i = classEnd(re, i);
      item(1);
    } else if (c === '(') {
      i += 1;
      if (re[i] === '?') {
        // (?:, (?i), (?i:, (?P<name>, (?<name>: read up to what starts the group's contents.
        while (i < re.length && re[i] !== ':' && re[i] !== ')' && re[i] !== '>') i += 1;
        if (re[i] === ')') {
          // Flags for the rest of the group: nothing to match.
          i += 1;
          continue;
        }
        i += 1;
      }
      stack.push(group);
      group = { alternatives: 0, sequence: 0, last: 0 };
    } else if (c === ')') {
      i += 1;
      const parent = stack.pop();
      if (parent === undefined) continue;
      const size = group.alternatives + group.sequence + 2;
      group = parent;
      item(size);
    } else if (c === '|') {
      i += 1;
      group.alternatives += group.sequence + 1;
      group.sequence = 0;
      group.last = 0;
    } else if (c === '*' || c === '+' || c === '?') {
      i += 1;
      repeat((x) => x + (c === '*' ? 2 : 1));
      // A lazy `?` after it changes nothing here.
      if (re[i] === '?') i += 1;
    } else if (c === '{') {
      COUNTED.lastIndex = i;
      const counted = COUNTED.exec(re);
      if (counted === null) {
        // Not a repetition: a literal brace.
        i += 1;
        item(1);
        continue;
      }
      i = COUNTED.lastIndex;
      const min = Number(counted[1]);
      const max = counted[2] === undefined ? min : counted[3] === '' ? -1 : Number(counted[3]);
      repeat((x) => (max === -1 ? (min === 0 ? 2 + x : 1 + min * x) : max * x + Math.max(0, max - min)));
      if (re[i] === '?') i += 1;
    } else {
      i += 1;
      item(1);
    }
  }
  // Groups left open are closed here; the compiler refuses them anyway.
  for (let parent = stack.pop(); parent !== undefined; parent = stack.pop()) {
    const size = group.alternatives + group.sequence + 2;
    group = parent;
    item(size);
  }
  // A program has a fail and a match instruction besides the pattern's own.
  return group.alternatives + group.sequence + 2;
}

/** Why a pattern's estimated program is too large (or nothing); `id` names the rule. */
export function patternSizeProblem(
  id: string,
  size: number,
  max = RULE_PATTERN_MAX_SIZE,
): string | undefined {
  if (size <= max) return undefined;
  return (
    `rule "${id}" is too large to run: its counted repetitions ({n}, {n,m}, {n,}) make about ` +
    `${Math.min(size, 1e9)} RE2 instructions, at most ${max} are allowed per rule (RE2 copies x{n} out n ` +
    'times, and every line is matched against every copy): use smaller counts'
  );
}

/** `\k` not itself escaped (an even number of backslashes before it). */
const NAMED_BACKREFERENCE = /(?:^|[^\\])(?:\\\\)*\\k/;

/** Compiles a rule's pattern for the linear-time engine; throws RulePatternError saying why it cannot. */
export function compileRulePattern(pattern: string, flags = '', id = 'rule'): RulePattern {
  if (!RULE_FLAGS.test(flags)) throw new RulePatternError(`unsupported flags "${flags}"`);
  // The translation to RE2 would turn a named backreference into the literal text "k<name>": a rule that
  // silently matches something else. Refused like the numbered ones.
  if (NAMED_BACKREFERENCE.test(pattern)) {
    throw new RulePatternError(
      'cannot run in linear time (rules use RE2 syntax: no backreferences or lookaround): a named backreference \\k<name>',
    );
  }
  const tooLarge = patternSizeProblem(id, estimatePatternSize(pattern));
  if (tooLarge !== undefined) throw new RulePatternError(tooLarge);
  let compiled: RE2JS;
  try {
    // JavaScript spellings (`\uXXXX`, `(?<name>...)`) translated to RE2's.
    compiled = RE2JS.compile(RE2JS.translateRegExp(pattern), engineFlags(flags));
  } catch (error) {
    const reason = (error as Error).message;
    if (!acceptedByJavaScript(pattern, flags)) {
      throw new RulePatternError(`is not a valid regular expression: ${reason}`);
    }
    throw new RulePatternError(
      `cannot run in linear time (rules use RE2 syntax: no backreferences or lookaround): ${reason}`,
    );
  }
  // Should the estimate ever fall short, the program itself is held to the bound.
  const compiledTooLarge = patternSizeProblem(id, compiled.programSize());
  if (compiledTooLarge !== undefined) throw new RulePatternError(compiledTooLarge);
  return compiled;
}
