import type { Language } from '../../file-kind';
import type { DiffHunk, ParsedFile } from '../../types';

/** One line of the new file that the diff shows (context or added), lexed as far as one pass can. */
export interface SourceLine {
  /** The line's number in the new file. */
  line: number;
  content: string;
  added: boolean;
  /**
   * `content` with comments and the insides of string literals blanked to spaces (same length, so an index
   * in one is an index in the other): code patterns run over this, so `"console.log"` in a string or
   * `// debugger` in a comment is not code.
   */
  code: string;
  /**
   * The line starts inside a string literal opened on an earlier line: a template literal, a triple-quoted
   * string or text block, a heredoc, a raw or multi-line string.
   */
  inString: boolean;
}

type Mode =
  | { kind: 'code'; braces: number; nested: boolean }
  | { kind: 'block-comment'; close: string }
  | { kind: 'string'; close: string; escapes: boolean; interpolation: boolean; doubled: boolean }
  | { kind: 'heredoc'; id: string; flexible: boolean }
  | { kind: 'ruby-doc' };

interface MultiLineOpener {
  open: string;
  close: string;
  escapes: boolean;
  /** `${ … }` opens code inside the string (JavaScript template literals). */
  interpolation?: boolean;
}

interface Syntax {
  lineComments: string[];
  blockComment?: [string, string];
  /** Quote characters of strings that end with their line (or are treated so). */
  quotes: string;
  /** Longest opener first. */
  multiLine: MultiLineOpener[];
  heredoc?: 'ruby' | 'php';
  rust?: boolean;
  csharp?: boolean;
  /** JavaScript's `/…/` regular expression literals, which may hold quotes and backticks. */
  regexLiterals?: boolean;
}

const C_BLOCK: [string, string] = ['/*', '*/'];
const TRIPLE_DOUBLE: MultiLineOpener = { open: '"""', close: '"""', escapes: true };
const TRIPLE_SINGLE: MultiLineOpener = { open: "'''", close: "'''", escapes: true };

const SYNTAX: Record<Exclude<Language, 'other'>, Syntax> = {
  javascript: {
    lineComments: ['//'],
    blockComment: C_BLOCK,
    quotes: `'"`,
    multiLine: [{ open: '`', close: '`', escapes: true, interpolation: true }],
    regexLiterals: true,
  },
  python: { lineComments: ['#'], quotes: `'"`, multiLine: [TRIPLE_DOUBLE, TRIPLE_SINGLE] },
  ruby: { lineComments: ['#'], quotes: `'"`, multiLine: [], heredoc: 'ruby' },
  php: { lineComments: ['//', '#'], blockComment: C_BLOCK, quotes: `'"`, multiLine: [], heredoc: 'php' },
  java: { lineComments: ['//'], blockComment: C_BLOCK, quotes: `'"`, multiLine: [TRIPLE_DOUBLE] },
  kotlin: {
    lineComments: ['//'],
    blockComment: C_BLOCK,
    quotes: `'"`,
    multiLine: [{ open: '"""', close: '"""', escapes: false }],
  },
  go: {
    lineComments: ['//'],
    blockComment: C_BLOCK,
    quotes: `'"`,
    multiLine: [{ open: '`', close: '`', escapes: false }],
  },
  rust: {
    lineComments: ['//'],
    blockComment: C_BLOCK,
    quotes: '',
    // Rust's ordinary strings may span lines.
    multiLine: [{ open: '"', close: '"', escapes: true }],
    rust: true,
  },
  csharp: {
    lineComments: ['//'],
    blockComment: C_BLOCK,
    quotes: `'"`,
    multiLine: [{ open: '"""', close: '"""', escapes: false }],
    csharp: true,
  },
  swift: { lineComments: ['//'], blockComment: C_BLOCK, quotes: '"', multiLine: [TRIPLE_DOUBLE] },
  dart: {
    lineComments: ['//'],
    blockComment: C_BLOCK,
    quotes: `'"`,
    multiLine: [TRIPLE_DOUBLE, TRIPLE_SINGLE],
  },
  elixir: { lineComments: ['#'], quotes: `'"`, multiLine: [TRIPLE_DOUBLE, TRIPLE_SINGLE] },
  scala: {
    lineComments: ['//'],
    blockComment: C_BLOCK,
    quotes: `'"`,
    multiLine: [{ open: '"""', close: '"""', escapes: false }],
  },
  c: { lineComments: ['//'], blockComment: C_BLOCK, quotes: `'"`, multiLine: [] },
  objc: { lineComments: ['//'], blockComment: C_BLOCK, quotes: `'"`, multiLine: [] },
  lua: {
    lineComments: ['--'],
    blockComment: ['--[[', ']]'],
    quotes: `'"`,
    multiLine: [{ open: '[[', close: ']]', escapes: false }],
  },
  perl: { lineComments: ['#'], quotes: `'"`, multiLine: [], heredoc: 'ruby' },
  r: { lineComments: ['#'], quotes: `'"`, multiLine: [] },
  // Clojure's strings (docstrings above all) may span lines; `'` quotes a form, it opens no string.
  clojure: { lineComments: [';'], quotes: '', multiLine: [{ open: '"', close: '"', escapes: true }] },
  // A view's text is markup, where quotes and `#` mean nothing: only ERB comments are blanked.
  'ruby-template': { lineComments: [], blockComment: ['<%#', '%>'], quotes: '', multiLine: [] },
};

/** Template literals nested deeper than this are taken as plain text (hostile input stays linear). */
const MAX_DEPTH = 16;

const RUBY_HEREDOC = /<<([~-]?)(["'`]?)([A-Za-z_]\w{0,63})\2/y;
const PHP_HEREDOC = /<<<[ \t]*(["']?)([A-Za-z_]\w{0,63})\1/y;
const RUST_RAW_STRING = /b?r(#{0,32})"/y;
const RUST_CHAR = /'(?:\\[^']{1,10}|[^\\'])'/y;
const CSHARP_VERBATIM = /(?:@\$?|\$@)"/y;
const CONFLICT_MARKER = /^(<{7}|={7}|>{7}|\|{7})(\s|$)/;

function stickyMatch(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /\w/.test(ch);

const STOP_PATTERNS = new Map<string, RegExp>();

/**
 * Where a string's text could next end, escape or interpolate, from `from`: one regex scan, so a long
 * string costs its length once.
 */
function nextStringStop(text: string, from: number, mode: Extract<Mode, { kind: 'string' }>): number {
  const chars = `${mode.close[0] ?? ''}${mode.escapes ? '\\' : ''}${mode.interpolation ? '$' : ''}`;
  let pattern = STOP_PATTERNS.get(chars);
  if (!pattern) {
    pattern = new RegExp(`[${chars.replace(/[\\\]^-]/g, '\\$&')}]`, 'g');
    STOP_PATTERNS.set(chars, pattern);
  }
  pattern.lastIndex = from;
  return pattern.exec(text)?.index ?? text.length;
}

/** Code after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX =
  /(?:^|[(,=:[!&|?{};+\-*%<>~^]|\b(?:return|typeof|case|do|else|in|of|void|yield|await|throw|delete|new))\s*$/;

function startsRegex(text: string, i: number): boolean {
  return BEFORE_REGEX.test(text.slice(Math.max(0, i - 40), i));
}

/** The index of the `/` closing a regular expression literal opened at `start`, or -1 (none on this line). */
function regexEnd(text: string, start: number): number {
  let inClass = false;
  for (let j = start + 1; j < text.length; j++) {
    const ch = text[j];
    if (ch === '\\') j++;
    else if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) return j;
  }
  return -1;
}

function applyBlanks(text: string, ranges: readonly number[]): string {
  if (ranges.length === 0) return text;
  let out = '';
  let at = 0;
  for (let k = 0; k + 1 < ranges.length; k += 2) {
    const from = ranges[k] ?? 0;
    const to = ranges[k + 1] ?? 0;
    out += text.slice(at, from) + ' '.repeat(to - from);
    at = to;
  }
  return out + text.slice(at);
}

/** The characters at which something can start in code, so the lexer can skip plain code in one step. */
function specialCharacters(syntax: Syntax): RegExp {
  const chars = new Set<string>();
  for (const opener of syntax.lineComments) chars.add(opener[0] ?? '');
  if (syntax.blockComment) chars.add(syntax.blockComment[0][0] ?? '');
  for (const quote of syntax.quotes) chars.add(quote);
  for (const opener of syntax.multiLine) {
    chars.add(opener.open[0] ?? '');
    if (opener.interpolation) ['{', '}'].forEach((c) => chars.add(c));
  }
  if (syntax.heredoc) chars.add('<');
  if (syntax.rust) ['r', 'b', "'"].forEach((c) => chars.add(c));
  if (syntax.csharp) ['@', '$'].forEach((c) => chars.add(c));
  chars.delete('');
  const escaped = [...chars].map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('');
  return new RegExp(`[${escaped}]`, 'g');
}

class Lexer {
  private readonly stack: Mode[] = [{ kind: 'code', braces: 0, nested: false }];

  private readonly special: RegExp;
  /** Where a multi-line string was last opened from top-level code on the current line (see `sourceHunks`). */
  openedFromTop: { index: number; length: number } | undefined;

  constructor(
    private readonly syntax: Syntax,
    startInside?: MultiLineOpener,
  ) {
    this.special = specialCharacters(syntax);
    if (startInside) {
      this.stack.push({
        kind: 'string',
        close: startInside.close,
        escapes: startInside.escapes,
        interpolation: startInside.interpolation ?? false,
        doubled: false,
      });
    }
  }

  /** Back in plain code, nothing left open. */
  balanced(): boolean {
    return this.stack.length === 1 && this.top().kind === 'code';
  }

  private top(): Mode {
    return this.stack[this.stack.length - 1] ?? { kind: 'code', braces: 0, nested: false };
  }

  inString(): boolean {
    const kind = this.top().kind;
    return kind === 'string' || kind === 'heredoc';
  }

  /** Lexes one line and returns it with comments and string insides blanked. */
  line(text: string): string {
    const top = this.top();
    if (top.kind === 'heredoc') {
      const trimmed = top.flexible ? text.trimStart() : text;
      const ends =
        this.syntax.heredoc === 'php'
          ? trimmed.startsWith(top.id) && !isWordChar(trimmed[top.id.length])
          : (top.flexible ? trimmed.trimEnd() : trimmed) === top.id;
      if (ends) this.stack.pop();
      return ' '.repeat(text.length);
    }
    if (top.kind === 'ruby-doc') {
      if (text.startsWith('=end')) this.stack.pop();
      return ' '.repeat(text.length);
    }
    if (top.kind === 'code' && this.stack.length === 1) {
      // A merge-conflict marker line is neither code nor string; lexing it could open a heredoc (`<<<<<<<`).
      if (CONFLICT_MARKER.test(text)) return text;
      if (this.syntax.heredoc === 'ruby' && text.startsWith('=begin')) {
        this.stack.push({ kind: 'ruby-doc' });
        return ' '.repeat(text.length);
      }
    }
    // Blanked ranges as [from, to) pairs, in order; adjacent ones merged.
    const ranges: number[] = [];
    const blank = (from: number, to: number): void => {
      const end = Math.min(to, text.length);
      if (end <= from) return;
      const last = ranges.length - 1;
      if (last > 0 && (ranges[last] ?? -1) >= from) ranges[last] = Math.max(ranges[last] ?? 0, end);
      else ranges.push(from, end);
    };
    const heredocs: Mode[] = [];
    let i = 0;
    while (i < text.length) {
      const mode = this.top();
      if (mode.kind === 'block-comment') {
        const end = text.indexOf(mode.close, i);
        if (end < 0) {
          blank(i, text.length);
          break;
        }
        blank(i, end + mode.close.length);
        this.stack.pop();
        i = end + mode.close.length;
        continue;
      }
      if (mode.kind === 'string') {
        i = this.stringPart(text, i, mode, blank);
        continue;
      }
      if (mode.kind !== 'code') break;
      i = this.codePart(text, i, mode, blank, heredocs);
    }
    for (let k = heredocs.length - 1; k >= 0; k--) {
      const heredoc = heredocs[k];
      if (heredoc) this.stack.push(heredoc);
    }
    return applyBlanks(text, ranges);
  }

  /** Scans string text from `i` to its close, an interpolation, or the line's end; returns where it stopped. */
  private stringPart(
    text: string,
    start: number,
    mode: Extract<Mode, { kind: 'string' }>,
    blank: (from: number, to: number) => void,
  ): number {
    let i = start;
    while (i < text.length) {
      if (mode.escapes && text[i] === '\\') {
        blank(i, i + 2);
        i += 2;
        continue;
      }
      if (text.startsWith(mode.close, i)) {
        if (mode.doubled && text.startsWith(mode.close, i + mode.close.length)) {
          blank(i, i + 2 * mode.close.length);
          i += 2 * mode.close.length;
          continue;
        }
        this.stack.pop();
        return i + mode.close.length;
      }
      if (mode.interpolation && text.startsWith('${', i) && this.stack.length < MAX_DEPTH) {
        this.stack.push({ kind: 'code', braces: 0, nested: true });
        return i + 2;
      }
      const stop = nextStringStop(text, i + 1, mode);
      blank(i, stop);
      i = stop;
    }
    return i;
  }

  /** Scans code from `i` up to the next string or comment opening (handled) and returns where it stopped. */
  private codePart(
    text: string,
    i: number,
    mode: Extract<Mode, { kind: 'code' }>,
    blank: (from: number, to: number) => void,
    heredocs: Mode[],
  ): number {
    const { syntax } = this;
    this.special.lastIndex = i;
    const next = this.special.exec(text);
    if (!next) return text.length;
    if (next.index > i) return next.index;
    const ch = text[i] ?? '';
    // Block comments first: Lua's `--[[` starts with its line comment's `--`.
    if (syntax.blockComment && text.startsWith(syntax.blockComment[0], i)) {
      this.stack.push({ kind: 'block-comment', close: syntax.blockComment[1] });
      blank(i, i + syntax.blockComment[0].length);
      return i + syntax.blockComment[0].length;
    }
    for (const opener of syntax.lineComments) {
      if (
        text.startsWith(opener, i) &&
        !(opener === '#' && syntax.heredoc === 'php' && text[i + 1] === '[')
      ) {
        blank(i, text.length);
        return text.length;
      }
    }
    if (syntax.regexLiterals && ch === '/' && startsRegex(text, i)) {
      const end = regexEnd(text, i);
      if (end > 0) {
        blank(i + 1, end);
        return end + 1;
      }
    }
    if (mode.nested) {
      if (ch === '{') mode.braces++;
      else if (ch === '}') {
        if (mode.braces === 0) {
          this.stack.pop();
          return i + 1;
        }
        mode.braces--;
      }
    }
    if (syntax.rust && (ch === 'r' || ch === 'b') && !isWordChar(text[i - 1])) {
      const raw = stickyMatch(RUST_RAW_STRING, text, i);
      if (raw) return this.open(`"${raw[1] ?? ''}`, false, i + raw[0].length);
    }
    if (syntax.rust && ch === "'") {
      const char = stickyMatch(RUST_CHAR, text, i);
      if (char) blank(i + 1, i + char[0].length - 1);
      return i + (char ? char[0].length : 1);
    }
    if (syntax.csharp && (ch === '@' || ch === '$')) {
      const verbatim = stickyMatch(CSHARP_VERBATIM, text, i);
      if (verbatim) return this.open('"', false, i + verbatim[0].length, true);
    }
    for (const opener of syntax.multiLine) {
      if (text.startsWith(opener.open, i)) {
        if (this.stack.length === 1) this.openedFromTop ??= { index: i, length: opener.open.length };
        return this.open(opener.close, opener.escapes, i + opener.open.length, false, opener.interpolation);
      }
    }
    if (syntax.quotes.includes(ch) && ch !== '') return this.singleLineString(text, i, blank);
    if (ch === '<' && syntax.heredoc) {
      const heredoc = this.heredocAt(text, i);
      if (heredoc) {
        heredocs.push(heredoc.mode);
        return heredoc.next;
      }
    }
    return i + 1;
  }

  private open(
    close: string,
    escapes: boolean,
    next: number,
    doubled = false,
    interpolation = false,
  ): number {
    if (this.stack.length < MAX_DEPTH) {
      this.stack.push({ kind: 'string', close, escapes, interpolation, doubled });
    }
    return next;
  }

  private singleLineString(text: string, start: number, blank: (from: number, to: number) => void): number {
    const quote = text[start];
    let i = start + 1;
    while (i < text.length && text[i] !== quote) i += text[i] === '\\' ? 2 : 1;
    blank(start + 1, Math.min(i, text.length));
    return i + 1;
  }

  private heredocAt(text: string, i: number): { mode: Mode; next: number } | undefined {
    if (this.syntax.heredoc === 'php') {
      const match = stickyMatch(PHP_HEREDOC, text, i);
      if (!match) return undefined;
      return { mode: { kind: 'heredoc', id: match[2] ?? '', flexible: true }, next: i + match[0].length };
    }
    const match = stickyMatch(RUBY_HEREDOC, text, i);
    if (!match) return undefined;
    const [all, dash = '', quote = '', id = ''] = match;
    // `x <<y` is a shift; a bare heredoc id is conventionally upper case (`<<SQL`).
    if (dash === '' && quote === '' && !/^[A-Z_][A-Z0-9_]*$/.test(id)) return undefined;
    if (isWordChar(text[i - 1])) return undefined;
    return { mode: { kind: 'heredoc', id, flexible: dash !== '' }, next: i + all.length };
  }
}

function lexHunk(hunk: DiffHunk, syntax: Syntax | undefined, startInside?: MultiLineOpener): LexedHunk {
  const lexer = syntax ? new Lexer(syntax, startInside) : undefined;
  const lines: SourceLine[] = [];
  let firstOpen: FirstOpen | undefined;
  for (const diffLine of hunk.lines) {
    if (diffLine.kind === 'removed' || diffLine.newLine === undefined) continue;
    const inString = lexer?.inString() ?? false;
    const code = lexer ? lexer.line(diffLine.content) : diffLine.content;
    if (lexer?.openedFromTop && !firstOpen) firstOpen = { line: lines.length, ...lexer.openedFromTop };
    if (lexer) lexer.openedFromTop = undefined;
    lines.push({
      line: diffLine.newLine,
      content: diffLine.content,
      added: diffLine.kind === 'added',
      code,
      inString,
    });
  }
  const result: LexedHunk = { lines, balanced: lexer?.balanced() ?? true };
  if (firstOpen) result.firstOpen = firstOpen;
  return result;
}

interface FirstOpen {
  /** Index in the hunk's lines. */
  line: number;
  index: number;
  length: number;
}

interface LexedHunk {
  lines: SourceLine[];
  balanced: boolean;
  /** The first multi-line string delimiter read as an opening one. */
  firstOpen?: FirstOpen;
}

/**
 * Whether the first multi-line delimiter of a hunk reads as the END of a string: nothing but closing
 * punctuation (or a `.trimIndent()`-like call) after it, and no opening context before it (`x = `, `(`,
 * `return `, or a `def …:` / `=` line just above a lone delimiter).
 */
function looksLikeCloser(lines: readonly SourceLine[], open: FirstOpen): boolean {
  const text = lines[open.line]?.content ?? '';
  const after = text.slice(open.index + open.length);
  if (!/^(?:[;,)\]}]|\.\w{1,40}\(\))*\s*$/.test(after)) return false;
  const before = text.slice(0, open.index).trimEnd();
  if (/(?:[=(,:[{+]|\b(?:return|yield|print|in))$/.test(before)) return false;
  if (before !== '') return true;
  let k = open.line - 1;
  while (k >= 0 && (lines[k]?.content.trim() ?? '') === '') k--;
  const above = (lines[k]?.content ?? '').trimEnd();
  return k >= 0 && !/[:=(,[{]$/.test(above);
}

/**
 * The new file's lines that each hunk shows (context and added, in order), one array per hunk. An added
 * file's patch is the whole file, lexed from its start. A hunk further down may start inside a multi-line
 * string (a docstring, a template literal) that opened above it: when lexing it from code leaves a string
 * open at its end and its first delimiter reads as a closing one, it is lexed again from inside each kind
 * of multi-line string, and the first reading that ends with nothing open is taken (else the one from code).
 */
export function sourceHunks(file: ParsedFile, language: Language): SourceLine[][] {
  const syntax = language === 'other' ? undefined : SYNTAX[language];
  return file.hunks.map((hunk) => {
    const fromCode = lexHunk(hunk, syntax);
    if (fromCode.balanced || !syntax || hunk.newStart <= 1) return fromCode.lines;
    if (!fromCode.firstOpen || !looksLikeCloser(fromCode.lines, fromCode.firstOpen)) return fromCode.lines;
    for (const opener of syntax.multiLine) {
      const inside = lexHunk(hunk, syntax, opener);
      if (inside.balanced) return inside.lines;
    }
    return fromCode.lines;
  });
}
