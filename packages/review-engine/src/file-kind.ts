/** What a file is, judged by its path: language for the language-specific checks, test, script or logger. */

export type Language =
  | 'javascript'
  | 'python'
  | 'ruby'
  | 'php'
  | 'java'
  | 'kotlin'
  | 'go'
  | 'rust'
  | 'csharp'
  | 'swift'
  | 'dart'
  | 'elixir'
  | 'scala'
  | 'c'
  | 'objc'
  | 'lua'
  | 'perl'
  | 'r'
  | 'clojure'
  | 'ruby-template'
  | 'other';

const LANGUAGE_BY_EXTENSION: Record<string, Language> = {
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'javascript',
  tsx: 'javascript',
  mts: 'javascript',
  cts: 'javascript',
  vue: 'javascript',
  svelte: 'javascript',
  snap: 'javascript', // Jest snapshots: `exports[\`name\`] = \`…\`;`
  py: 'python',
  pyw: 'python',
  rb: 'ruby',
  rake: 'ruby',
  php: 'php',
  phtml: 'php',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  go: 'go',
  rs: 'rust',
  cs: 'csharp',
  swift: 'swift',
  dart: 'dart',
  ex: 'elixir',
  exs: 'elixir',
  scala: 'scala',
  sc: 'scala',
  // C and C++ (and Arduino sketches) share their debugging idioms.
  c: 'c',
  h: 'c',
  cc: 'c',
  cpp: 'c',
  cxx: 'c',
  hpp: 'c',
  hh: 'c',
  hxx: 'c',
  ino: 'c',
  m: 'objc',
  mm: 'objc',
  lua: 'lua',
  pl: 'perl',
  pm: 'perl',
  t: 'perl', // Perl's test files
  r: 'r',
  clj: 'clojure',
  cljs: 'clojure',
  cljc: 'clojure',
  // Rails views: ERB, HAML, Slim.
  erb: 'ruby-template',
  haml: 'ruby-template',
  slim: 'ruby-template',
};

/** Files without an extension that are code all the same. */
const LANGUAGE_BY_NAME: Record<string, Language> = {
  Rakefile: 'ruby',
  Gemfile: 'ruby',
  Guardfile: 'ruby',
  Podfile: 'ruby',
  Fastfile: 'ruby',
};

export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function extensionOf(path: string): string {
  const name = basenameOf(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function languageOf(path: string): Language {
  return LANGUAGE_BY_EXTENSION[extensionOf(path)] ?? LANGUAGE_BY_NAME[basenameOf(path)] ?? 'other';
}

const SHEBANG_LANGUAGES: Array<[RegExp, Language]> = [
  [/\b(node|deno|bun|ts-node|tsx)\b/, 'javascript'],
  [/\bpython[\d.]*\b/, 'python'],
  [/\bruby\b/, 'ruby'],
  [/\bphp\b/, 'php'],
  [/\bperl\b/, 'perl'],
  [/\blua(?:jit|[\d.]*)\b/, 'lua'],
  [/\bRscript\b/, 'r'],
];

/**
 * The language of a script by its `#!` line (`#!/usr/bin/env node`), for files without an extension such
 * as `bin/cli`; 'other' when the line is not a shebang or names no language known here.
 */
export function languageOfShebang(firstLine: string): Language {
  if (!firstLine.startsWith('#!') || firstLine.length > 200) return 'other';
  for (const [pattern, language] of SHEBANG_LANGUAGES) if (pattern.test(firstLine)) return language;
  return 'other';
}

const TEST_FOLDER =
  /(^|\/)(test|tests|__tests__|__mocks__|__fixtures__|__snapshots__|spec|specs|e2e|cypress|testdata|fixtures|androidTest|testutils?|test[-_](?:utils|helpers|support))\//i;
const TEST_NAME =
  /(\.(test|spec|e2e-spec|stories)\.[^/]+$)|((^|\/)test_[^/]*\.py$)|(_test\.(py|rb|go|dart|exs?|clj[sc]?)$)|(_spec\.(rb|lua)$)|(\.t$)|((^|\/)(conftest|tests?)\.py$)/i;
/** JUnit, xUnit, XCTest and PHPUnit name test classes FooTest, FooTests, FooSpec or FooIT (case matters: not `Contest`). */
const TEST_CLASS_NAME = /(^|\/)\w*(Test|Tests|Spec|[a-z\d]IT)\.(java|kt|cs|swift|php|scala|groovy)$/;
/** .NET test projects: `Foo.Tests/`, `Foo.UnitTests/`. */
const TEST_PROJECT = /\.(Unit|Integration|Functional|Acceptance)?Tests?\//;

/** Test code, fixtures and test data, where debug output and fake credentials are expected. */
export function isTestFile(path: string): boolean {
  return (
    TEST_FOLDER.test(path) || TEST_NAME.test(path) || TEST_CLASS_NAME.test(path) || TEST_PROJECT.test(path)
  );
}

const SCRIPT_FOLDER =
  /(^|\/)(scripts?|bin|tools?|cli|cmd|exe|hack|examples?|samples?|demos?|snippets|docs?|playgrounds?|[^/]+\.playground|bench|benches|benchmarks?|lib\/tasks|lib\/mix\/tasks|seeds|seeders|migrations?|db\/migrate|management\/commands)\//i;
const SCRIPT_NAME =
  /(^|\/)(__main__\.py|manage\.py|cli\.(py|[cm]?[jt]s)|[\w-]+[_-]cli\.(py|[cm]?[jt]s)|Rakefile|[^/]+\.rake|seeds\.(rb|exs|py|[cm]?[jt]s)|build\.rs|[^/]+\.kts|[^/]+\.sc|\.iex\.exs|user\.clj|Package\.swift|Dangerfile(\.swift)?|noxfile\.py|fabfile\.py|setup\.py|[Gg]ulpfile\.[cm]?[jt]s|Gruntfile\.[cm]?[jt]s)$/;
/** Demos and benchmarks named so: Storybook stories, `*.bench.ts` (Vitest, mitata). */
const DEMO_NAME = /\.(?:stories|story|bench)\.[^/]+$/;

/**
 * Command-line scripts, build scripts, REPL files, examples and demos, whose job includes printing:
 * `scripts/`, `bin/`, `tools/`, `cmd/` (Go), `exe/` (gems), `hack/`, `examples/`, `samples/`, `demos/`,
 * `docs/` snippets, playgrounds (Swift's `*.playground/`), benchmarks, `lib/tasks/`, seeders, migrations
 * (progress output), Django management commands, `__main__.py`, `cli.py`, `*.rake`, `setup.py`, gulpfiles,
 * Rust's `build.rs` (it speaks to Cargo on stdout), Kotlin and Scala scripts and worksheets (`*.kts`,
 * `*.sc`), IEx's `.iex.exs`, Clojure's REPL `user.clj`, Storybook stories, `*.bench.ts`.
 */
export function isScriptFile(path: string): boolean {
  return SCRIPT_FOLDER.test(path) || SCRIPT_NAME.test(path) || DEMO_NAME.test(path);
}

/**
 * In a script's or example's folder (`examples/`, `scripts/`, …) or a demo (a story, a benchmark), whatever
 * else the name says: for test-named files, where `test_cli.py` is a test and not a CLI.
 */
export function isInScriptFolder(path: string): boolean {
  return SCRIPT_FOLDER.test(path) || DEMO_NAME.test(path);
}

/** A program's entry file, whose top-level output is the program's: `main.rs`, `main.swift`, `Program.cs`. */
export function isEntryPointFile(path: string): boolean {
  return /(^|\/)(main\.rs|main\.swift|Program\.cs)$/.test(path) || /(^|\/)src\/bin\/[^/]+\.rs$/.test(path);
}

/**
 * A folder or file stem that names a logger: `log`, `logs`, `logx`, `logger`, `logging`, `logutil`, optionally
 * with a prefix or suffix word (`request-logger`, `log_format`, `audit.log`), or a reporter or printer.
 * Not `catalog`, `dialog`, `blog`, `login`: the word must stand alone.
 */
const LOGGER_WORD =
  /^(?:\w{1,40}[._-])?(?:log|logs|logx|logger|loggers|logging|logutils?|reporters?|printers?)(?:[._-]\w{1,40})?$/i;
const LOGGER_PASCAL =
  /[a-z\d](?:Log|Logger|Logging|Reporter|Printer)$|^(?:Log|Logger|Logging|Reporter|Printer)(?:[A-Z]\w{0,40})?$|^(?:Console|Stdout|Stderr)[A-Z]\w{0,40}$/;
/** `console_audit.py`, `stdout-sink.ts`: named for the console it writes to. */
const CONSOLE_WORD = /^(?:console|stdout|stderr)[._-]\w{1,40}$/i;

/** A file that IS a logger, reporter or printer: writing output is what it is for. */
export function isLoggerFile(path: string): boolean {
  const parts = path.split('/');
  const name = parts.pop() ?? '';
  const dot = name.indexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return (
    [...parts, stem].some((part) => LOGGER_WORD.test(part) || LOGGER_PASCAL.test(part)) ||
    CONSOLE_WORD.test(stem)
  );
}

/** Test data that is not code (`testdata/merge.txt`, `fixtures/conflicted.yaml`): its text is the test's input. */
export function isTestFixtureData(path: string): boolean {
  return (
    /(^|\/)(testdata|test[-_]data|fixtures|__fixtures__|golden)\//i.test(path) && languageOf(path) === 'other'
  );
}

const DOC_EXTENSIONS = new Set(['md', 'mdx', 'markdown', 'rst', 'txt', 'adoc', 'asciidoc']);

export function isDocumentation(path: string): boolean {
  return DOC_EXTENSIONS.has(extensionOf(path));
}

const C_LIKE_COMMENT = /^\s*(\/\/|\/\*|\*)/;
const C_LIKE_TRAILING = /(^|\s)\/\/|\/\*/;

const COMMENT_START: Record<Language, RegExp> = {
  javascript: C_LIKE_COMMENT,
  python: /^\s*#/,
  ruby: /^\s*#/,
  php: /^\s*(\/\/|#(?!\[)|\/\*|\*)/,
  java: C_LIKE_COMMENT,
  kotlin: C_LIKE_COMMENT,
  go: C_LIKE_COMMENT,
  rust: C_LIKE_COMMENT,
  csharp: C_LIKE_COMMENT,
  swift: C_LIKE_COMMENT,
  dart: C_LIKE_COMMENT,
  elixir: /^\s*#/,
  scala: C_LIKE_COMMENT,
  c: C_LIKE_COMMENT,
  objc: C_LIKE_COMMENT,
  lua: /^\s*--/,
  perl: /^\s*#/,
  r: /^\s*#/,
  clojure: /^\s*;/,
  // Not `<!--`: ERB runs the tags inside an HTML comment.
  'ruby-template': /^\s*(?:<%#|-#|\/(?:\s|$))/,
  other: /^\s*(\/\/|#|\/\*|\*|--|;)/,
};

/** A line that is only a comment (as far as one line can tell). */
export function isCommentLine(content: string, language: Language): boolean {
  return COMMENT_START[language].test(content);
}

const TRAILING_COMMENT: Record<Language, RegExp> = {
  javascript: C_LIKE_TRAILING,
  python: /(^|\s)#/,
  ruby: /(^|\s)#/,
  php: /(^|\s)(\/\/|#(?!\[))|\/\*/,
  java: C_LIKE_TRAILING,
  kotlin: C_LIKE_TRAILING,
  go: C_LIKE_TRAILING,
  rust: C_LIKE_TRAILING,
  csharp: C_LIKE_TRAILING,
  swift: C_LIKE_TRAILING,
  dart: C_LIKE_TRAILING,
  elixir: /(^|\s)#/,
  scala: C_LIKE_TRAILING,
  c: C_LIKE_TRAILING,
  objc: C_LIKE_TRAILING,
  lua: /(^|\s)--/,
  perl: /(^|\s)#/,
  r: /(^|\s)#/,
  clojure: /(^|\s);/,
  'ruby-template': /<%#/,
  other: /(^|\s)(\/\/|#)/,
};

/** True when a comment opens in `codeBefore` (the text of the line before some match). */
export function opensComment(codeBefore: string, language: Language): boolean {
  return TRAILING_COMMENT[language].test(codeBefore);
}
