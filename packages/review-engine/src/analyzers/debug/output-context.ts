import {
  isEntryPointFile,
  isInScriptFolder,
  isLoggerFile,
  isScriptFile,
  type Language,
} from '../../file-kind';
import type { SourceLine } from './source-lines';

/** Where writing to stdout/stderr is the code's job rather than a leftover. */
export interface OutputContext {
  /** The whole file: a CLI, a script, a logger or reporter. */
  file: boolean;
  /** New-file lines inside a scope whose job is output: a `__main__` block, `def main`, `printUsage()`. */
  lines: ReadonlySet<number>;
  /**
   * New-file lines behind a debug switch (`if (debug) {`, `if DEBUG:`, `#ifdef DEBUG`): debug output there
   * is the switch's purpose, whatever its text says.
   */
  guarded: ReadonlySet<number>;
}

/** Lines longer than this are not searched for context (minified code, data). */
const MAX_CONTEXT_LINE = 1_000;

/** Signs that the file is a command-line program (its argument parser, its entry point). */
const CLI_MARKERS: Partial<Record<Language, RegExp[]>> = {
  javascript: [
    /\b(?:require\s*\(|from\s+|import\s+)\s*['"](?:commander|yargs(?:\/\w+)?|meow|cac|minimist|arg|sade|citty|clipanion|@oclif\/core|oclif|vorpal|@caporal\/core|caporal|gluegun|nest-commander|zx|zx\/globals|k6(?:\/[\w/-]{1,40})?)['"]/,
    /\bprocess\.argv\b|\bDeno\.args\b|\bBun\.argv\b/,
    /\bprogram\s*\.\s*(?:command|option|parse|parseAsync|version|action|argument)\s*\(/,
    /\byargs\s*\(\s*(?:hideBin|process\.argv)/,
    /\bparseArgs\s*\(\s*\{/,
  ],
  python: [
    /^\s*(?:import|from)\s+(?:click|typer|argparse|fire|docopt|cleo|plac|rich_click|hydra|absl|invoke)\b/,
    /@hydra\.main\b|\bLightningCLI\s*\(/,
    /^\s*@[\w.]*\.(?:command|group|callback)\b/,
    /\bArgumentParser\s*\(/,
    /\bsys\.argv\b/,
  ],
  ruby: [
    /\bOptionParser\b/,
    /<\s*Thor\b|\bThor::/,
    /\bDry::CLI\b|\bGLI::|\bCLAide::/,
    /\b(?:__FILE__\s*==\s*\$(?:0|PROGRAM_NAME)|\$(?:0|PROGRAM_NAME)\s*==\s*__FILE__)/,
    /\bARGV\b/,
  ],
  php: [/\bphp_sapi_name\s*\(\s*\)|\bPHP_SAPI\b/, /\$argv\b/],
  go: [/\bspf13\/cobra\b|\bcobra\.Command\b|\burfave\/cli\b|\bkingpin\b|\balecthomas\/kong\b/],
  rust: [
    /\buse\s+clap\b|\bclap::|#\[derive\([^)]{0,200}\bParser\b|\bstructopt\b/,
    /\b(?:std::)?env::args(?:_os)?\s*\(/,
  ],
  java: [/\bimport\s+picocli\b|@ShellMethod\b/],
  kotlin: [/\bimport\s+(?:picocli|com\.github\.ajalt\.clikt|kotlinx\.cli)\b/],
  csharp: [
    /\b(?:System\.CommandLine|Spectre\.Console|McMaster\.Extensions\.CommandLineUtils|CommandLine\.Parser)\b/,
  ],
  swift: [/\bimport\s+ArgumentParser\b|\b(?:Async)?ParsableCommand\b/],
  dart: [/\bimport\s+['"]package:args\//],
  elixir: [/\buse\s+Mix\.Task\b/, /\bOptionParser\.parse\b/, /\bdef\s+main\s*\(\s*(?:_?args|argv)\b/],
  scala: [/\bimport\s+(?:scopt|mainargs|com\.monovore\.decline)\b/],
  c: [/\bint\s+main\s*\(/],
  objc: [/\bint\s+main\s*\(\s*int\b/],
  lua: [/\barg\s*\[\s*-?\d+\s*\]|\bipairs\s*\(\s*arg\s*\)|#arg\b/],
  clojure: [/\(defn\s+-main\b/, /\bclojure\.tools\.cli\b/],
};

/**
 * A program's `main`: its prints are the program's output, unless the program is a server (below), whose
 * output belongs in its logs.
 */
const MAIN_FUNCTION: Partial<Record<Language, RegExp>> = {
  java: /\bstatic\s+(?:final\s+)?void\s+main\s*\(/,
  kotlin: /^\s*(?:suspend\s+)?fun\s+main\s*\(/,
  csharp: /\bstatic\s+(?:async\s+)?(?:void|int|Task(?:<int>)?)\s+Main\s*\(/,
  scala: /\bdef\s+main\s*\(\s*\w+\s*:\s*Array\[String\]|\b(?:object|class)\s+\w+\s+extends\s+App\b|@main\b/,
  dart: /\bvoid\s+main\s*\(\s*List<String>/,
  rust: /^\s*(?:pub\s+)?(?:async\s+)?fn\s+main\s*\(/,
};
const SERVER =
  /\b(?:SpringApplication|SpringBootApplication|embeddedServer|EngineMain|WebApplication\s*\.\s*Create\w*|Host\s*\.\s*CreateDefaultBuilder|CreateHostBuilder|Javalin\s*\.\s*create|Micronaut\s*\.\s*run|Quarkus\s*\.\s*run|HttpServer\s*(?:\.\s*create|::new)|runApp|IOApp|axum::serve|Router::new|warp::serve|rocket::build|actix_web|tonic::transport::Server)\b/;

/**
 * Go: a `package main` that reads its arguments (flag, pflag, os.Args) or stdin is a command-line program
 * and its prints are its output; a `package main` server's are not.
 */
const GO_PACKAGE_MAIN = /^package\s+main\b/;
const GO_ARGS =
  /(?:^|\s)"(?:flag|github\.com\/spf13\/pflag)"|\b(?:flag|pflag)\.\w+\s*\(|\bos\.Args\b|\bos\.Stdin\b/;

/** A type that is a logger, transport, reporter or printer, declared or implemented here. */
const LOGGER_TYPE = [
  /\b(?:class|struct|object|interface|trait|record|module|defmodule)\s+[\w.]*(?:Logger|Log|Logging|Transport|Reporter|Printer|Appender|LogSink|Console|Exporter)\b/,
  // A type named for the console it writes to: `ConsoleAudit`, `StdoutSink`, `TerminalRenderer`.
  /\b(?:class|struct|object|record|module|defmodule)\s+[\w.]*(?:Console|Stdout|Stderr|Terminal)[A-Z_]\w*/,
  /\b(?:implements|extends)\s+[\w.\\]*(?:Logger|LoggerInterface|LoggerService|LogHandler|Transport|Reporter|Appender|ProcessingHandler)\b/,
  /\bimpl(?:<[^>]{0,80}>)?\s+(?:[\w:]*::)?(?:Log|Logger|Subscriber|Layer)\s+for\b/,
  /\(\s*logging\.\w*(?:Handler|Formatter)\s*\)/,
  // Go: `type consoleWriter struct`, `func (l *Logger) Info(…)`.
  /^type\s+(?:\w*(?:[Ll]ogger|[Ll]og|[Pp]rinter|[Rr]eporter|[Ss]ink)|(?:[Cc]onsole|[Ss]tdout|[Ss]tderr)\w*)\s+struct\b/,
  /^func\s*\(\s*\w+\s+\*?(?:\w*(?:Logger|Log|Printer|Reporter|Sink)|(?:[Cc]onsole|[Ss]tdout|[Ss]tderr)\w*)\s*\)/,
];

/**
 * A function whose name says it prints: `printUsage`, `show_help`, `display`, `dump_stats`, `banner`, with
 * a private `_` and printf's `f` / println's `ln` (`_log`, `debugf`, `logln`); a whole word: not `helper`,
 * `logout`, `showcase`, `infer`.
 */
const OUTPUT_FUNCTION_NAME =
  /^_{0,2}(?:[Pp]rint|[Ss]how|[Dd]isplay|[Uu]sage|[Hh]elp|[Bb]anner|[Dd]ump|[Rr]eport|[Ll]og|[Oo]utput|[Ww]rite|[Ee]mit|[Dd]ebug|[Tt]race|[Ii]nfo|[Ww]arn|[Vv]erbose)(?:f|ln)?(?![a-z])/;

/**
 * A logging function defined on the line itself: `info: (...a) => console.log(...a)`,
 * `const debugLog = (m) => console.log(m)`. The output is the definition's purpose.
 */
const LOGGER_BINDING =
  /(?:^|[^\w$])(?:log|logger|info|warn|debug|trace|verbose|print|out|write)\w{0,30}\s*[:=]\s*(?:async\s*)?(?:\([^()]{0,100}\)|[\w$]{1,30})\s*=>[^;]{0,100}$/i;

/** ... or a logging method on one line: `log(message) { console.log(message); return null }` (Cypress's task). */
const LOGGER_METHOD =
  /(?:^|[^\w$.])(?:log|logger|info|warn|debug|trace|verbose|print|out|write)\w{0,30}\s*\([^()]{0,100}\)\s*(?::[^{}=;]{1,60})?\{[^{}]{0,100}$/i;

/**
 * ... or a one-line function with an output name: `def _log(msg): print(msg)`,
 * `fun log(msg: String) = println(msg)`, `def log(m: String): Unit = println(m)`.
 */
const LOGGER_ONE_LINE_DEF =
  /\b(?:fun|def)\s+_{0,2}(?:log|logger|info|warn|debug|trace|verbose|print|out|write|show|display|usage|help|dump|report)\w{0,30}\s*(?:\[[^\]]{0,60}\]\s*)?\([^()]{0,100}\)\s*(?:(?::|->)\s*[\w.<>?[\], ]{1,40}\s*)?[=:]\s*$/i;

/**
 * A server's announcement that it is up, in the callback of `listen`: `app.listen(port, () =>
 * console.log(\`listening on ${port}\`))`. Starting up is when a server says where it listens.
 */
const LISTEN_CALLBACK = /\.\s*listen\s*\([^;]{0,200}(?:=>|\bfunction\b)[^;]{0,200}$/;
const LISTEN_CALLBACK_OPENING = /\.\s*listen\s*\([^;]{0,200}(?:=>|\bfunction\b)[^;{}]{0,100}\{\s*$/;

export function isLoggingDefinition(code: string, matchStart: number): boolean {
  const before = code.slice(Math.max(0, matchStart - 200), matchStart);
  return (
    LOGGER_BINDING.test(before) ||
    LOGGER_METHOD.test(before) ||
    LOGGER_ONE_LINE_DEF.test(before) ||
    LISTEN_CALLBACK.test(before)
  );
}

/** `def name(`, Python and Ruby. */
const DEF = /^(\s*)(?:async\s+)?def\s+(?:self\.)?(\w+)/;
const PY_MAIN_GUARD = /^(\s*)if\s+__name__\s*==\s*['"]__main__['"]\s*:/;
/**
 * A brace-language function or method declaration line that opens its body: `func printUsage() {`,
 * `private void printUsage(String x) {`, `fn print_report(&self) -> Result<()> {`, `printHelp() {`.
 */
const BRACE_FUNCTION =
  /(?:^|[\s.*)])(\w+)\s*(?:<[^<>]{0,80}>)?\s*\([^()]{0,200}\)\s*(?:(?::|->|throws\b)[^{}=;]{1,80})?\{\s*$/;
/** A function bound to a name, opening its body: `const debug = (...args) => {`, `log: function (m) {`. */
const BOUND_FUNCTION =
  /(?:^|[^\w$.])([\w$]+)\s*[:=]\s*(?:async\s+)?(?:function\s*[\w$]*\s*)?\([^()]{0,200}\)\s*(?::[^{}=;]{1,80})?(?:=>\s*)?\{\s*$/;
const PREVIEW =
  /^\s*(?:#Preview\b|(?:\w+\s+){0,3}(?:struct|class)\s+\w+\s*:\s*[^{]{0,80}\bPreviewProvider\b|(?:@?\w+\s+){0,3}fun\s+\w*Preview\s*\()[^{]{0,200}\{\s*$/;
const CLOJURE_COMMENT_FORM = /^\s*\(comment\b/;
const CLOJURE_DEFN = /^\s*\(defn-?\s+(?:\^\S{1,40}\s+)?([\w*+!?<>=-]{1,60})/;
const GO_EXAMPLE = /^func\s+Example\w*\s*\(\s*\)\s*\{\s*$/;
const NOT_A_DECLARATION = /^\s*(?:if|for|while|switch|catch|return|else|when)\b/;

function indentOf(content: string): number {
  return content.length - content.trimStart().length;
}

/** Lines (by index) indented under the line at `start`, blank lines included, for Python. */
function indentedBlock(lines: readonly SourceLine[], start: number, into: Set<number>): void {
  const base = indentOf(lines[start]?.content ?? '');
  for (let k = start + 1; k < lines.length; k++) {
    const line = lines[k];
    if (!line) break;
    if (line.content.trim() !== '' && indentOf(line.content) <= base && !line.inString) break;
    into.add(line.line);
  }
}

/** Ruby: lines up to the `end` at the opening line's indentation. */
function rubyBlock(lines: readonly SourceLine[], start: number, into: Set<number>): void {
  const base = indentOf(lines[start]?.content ?? '');
  for (let k = start + 1; k < lines.length; k++) {
    const line = lines[k];
    if (!line) break;
    if (indentOf(line.content) <= base && /^\s*end\b/.test(line.code)) break;
    into.add(line.line);
  }
}

/**
 * Brace languages: lines up to the brace that closes the one opened at the end of `start`; with `open` and
 * `close` of `(` `)`, a Lisp form.
 */
function braceBlock(
  lines: readonly SourceLine[],
  start: number,
  into: Set<number>,
  open = '{',
  close = '}',
): void {
  let depth = 0;
  for (let k = start; k < lines.length; k++) {
    const line = lines[k];
    if (!line) break;
    for (const ch of line.code) {
      if (ch === open) depth++;
      else if (ch === close) depth--;
    }
    if (k > start) into.add(line.line);
    if (depth <= 0) break;
  }
}

/**
 * Output behind a debug or verbose switch is deliberate: `if (debug) {`, `if DEBUG:`, `if (__DEV__)`,
 * `if cfg.Verbose {`. The switch's name must be code, not text in a string.
 */
const DEBUG_SWITCH =
  /\b(?:debug|verbose|__DEV__|isDev|isDebug|devMode|dev_mode|debugMode|debug_mode|kDebugMode|NODE_ENV)\b|\bimport\.meta\.env\.DEV\b/i;
/** C# (and Swift's) `#if DEBUG` … `#endif`. */
const PREPROCESSOR_DEBUG =
  /^\s*#\s*(?:if|ifdef)\s+(?:DEBUG|_DEBUG|DEBUG_\w+|\w+_DEBUG)\b|^\s*#\s*if\s+defined\s*\(\s*_?DEBUG\b/;
const GUARD_OPENING = /^\s*(?:\}\s*)?(?:else\s+)?(?:if|unless|when)\b/;
/** Before the call on its line (`if (debug) console.log(x)`, `verbose && print(x)`). */
const GUARD_BEFORE = /(?:\bif\b|\bunless\b|&&|\band\b)[^;]{0,200}$/;
/** After the call, Ruby's and Python's postfix forms (`puts x if verbose`, `print(x) if debug else None`). */
const GUARD_AFTER = /^[^;]{0,200}?\b(?:if|unless)\b/;

export function isBehindDebugSwitch(code: string, matchStart: number, matchEnd: number): boolean {
  const before = code.slice(Math.max(0, matchStart - 200), matchStart);
  if (GUARD_BEFORE.test(before) && DEBUG_SWITCH.test(before)) return true;
  const after = code.slice(matchEnd, matchEnd + 300);
  const postfix = GUARD_AFTER.exec(after);
  return postfix !== null && DEBUG_SWITCH.test(after.slice(postfix[0].length));
}

function outputScopes(
  hunks: readonly SourceLine[][],
  language: Language,
  scoped: Set<number>,
  guarded: Set<number>,
): void {
  for (const lines of hunks) {
    lines.forEach((line, index) => {
      // Inside a scope already found, a nested one adds nothing (and scanning it again could be quadratic).
      if (scoped.has(line.line) || guarded.has(line.line)) return;
      if (line.inString || line.content.length > MAX_CONTEXT_LINE) return;
      if (language === 'python' || language === 'ruby') {
        const def = DEF.exec(line.code);
        const block = language === 'python' ? indentedBlock : rubyBlock;
        if (def && (def[2] === 'main' || OUTPUT_FUNCTION_NAME.test(def[2] ?? '')))
          block(lines, index, scoped);
        else if (language === 'python' && PY_MAIN_GUARD.test(line.content)) block(lines, index, scoped);
        else if (GUARD_OPENING.test(line.code) && DEBUG_SWITCH.test(line.code)) block(lines, index, guarded);
        return;
      }
      // Clojure's rich comment block, `(comment …)`: forms kept to evaluate at the REPL.
      // ... and a function whose name says it prints (`(defn print-usage`, `(defn log [m]`).
      if (language === 'clojure') {
        const defn = CLOJURE_DEFN.exec(line.code);
        const name = defn?.[1] ?? '';
        if (CLOJURE_COMMENT_FORM.test(line.code) || OUTPUT_FUNCTION_NAME.test(name)) {
          // A form's body may start on its first line: `(defn log [m] (println m))`.
          scoped.add(line.line);
          braceBlock(lines, index, scoped, '(', ')');
        }
        return;
      }
      if (PREPROCESSOR_DEBUG.test(line.content)) {
        for (let k = index + 1; k < lines.length && !/^\s*#endif\b/.test(lines[k]?.content ?? ''); k++) {
          guarded.add(lines[k]?.line ?? 0);
        }
        return;
      }
      if (!line.code.trimEnd().endsWith('{')) return;
      if (GUARD_OPENING.test(line.code) && DEBUG_SWITCH.test(line.code)) {
        braceBlock(lines, index, guarded);
        return;
      }
      if (LISTEN_CALLBACK_OPENING.test(line.code)) {
        braceBlock(lines, index, scoped);
        return;
      }
      // Go's `func ExampleX() {` prints what its `// Output:` comment checks.
      if (language === 'go' && GO_EXAMPLE.test(line.code)) {
        braceBlock(lines, index, scoped);
        return;
      }
      // UI previews are demos, as stories are: SwiftUI's `#Preview {` and `PreviewProvider`, Compose's
      // `fun CartPreview() {`.
      if ((language === 'swift' || language === 'kotlin') && PREVIEW.test(line.code)) {
        braceBlock(lines, index, scoped);
        return;
      }
      const names = [BRACE_FUNCTION.exec(line.code)?.[1], BOUND_FUNCTION.exec(line.code)?.[1]];
      if (!NOT_A_DECLARATION.test(line.code) && names.some((name) => OUTPUT_FUNCTION_NAME.test(name ?? ''))) {
        braceBlock(lines, index, scoped);
      }
    });
  }
}

/**
 * A linter told to allow output here is a reviewed decision: `// eslint-disable-line no-console`,
 * `# noqa: T201`, `//nolint:forbidigo`, `// NOSONAR`, `// phpcs:ignore` on the line, or
 * `eslint-disable-next-line` on the line before.
 */
const SAME_LINE_SUPPRESSION =
  /\beslint-disable-line(?:\s*(?:\*\/\s*)?$|\s[^*]{0,200}\bno-console\b)|#\s*noqa(?:\s*$|:[\w, ]{0,100}\bT20\d)|\bnolint(?:\s*$|:[\w,]{0,100}\bforbidigo\b)|\bNOSONAR\b|\bNOPMD\b|\bphpcs:ignore\b|\brubocop:disable\s+[\w/, ]{0,200}\bRails\/Output\b/;
const NEXT_LINE_SUPPRESSION =
  /\beslint-disable-next-line(?:\s*(?:\*\/\s*)?$|\s[^*]{0,200}\bno-console\b)|\bphpcs:ignore\b|\bNOSONAR\b/;
/** ... or for the whole file: `/* eslint-disable no-console *\/`, `# rubocop:disable Rails/Output`, `# flake8: noqa`. */
const FILE_SUPPRESSION = [
  /eslint-disable(?!-)(?:\s*\*\/|\s+[^*]{0,200}\bno-console\b)/,
  /rubocop:disable\s+[\w/, ]{0,200}\b(?:Rails\/Output|Style\/StderrPuts)\b/,
  /flake8:\s*noqa\b/,
  /phpcs:disable\b/,
];

function suppressedLines(hunks: readonly SourceLine[][], into: Set<number>): void {
  for (const lines of hunks) {
    lines.forEach((line, index) => {
      if (line.content.length > MAX_CONTEXT_LINE) return;
      if (SAME_LINE_SUPPRESSION.test(line.content)) into.add(line.line);
      const next = lines[index + 1];
      if (next && NEXT_LINE_SUPPRESSION.test(line.content)) into.add(next.line);
    });
  }
}

/** Generated code (`// Code generated … DO NOT EDIT.`, `@generated`, `<auto-generated>`) is nobody's leftover. */
const GENERATED = /\bCode generated\b.{0,200}\bDO NOT EDIT\b|@generated\b|<auto-generated\b/;

export function isGeneratedSource(hunks: readonly SourceLine[][]): boolean {
  const head = hunks[0]?.filter((l) => l.line <= 5 && l.content.length <= MAX_CONTEXT_LINE) ?? [];
  return head.some((l) => GENERATED.test(l.content));
}

/**
 * A notebook kept as a script, where printing is how a cell shows its result: jupytext / VS Code / Spyder
 * cells (`# %%`), nbconvert's export (`# In[3]:`), old IPython (`# <codecell>`), Databricks source
 * (`# Databricks notebook source`, `# COMMAND ----------`, `# MAGIC`), in `#` or `//` comment languages;
 * marimo notebooks (`app = marimo.App(`). (`.ipynb` JSON is not code to this analyzer at all.)
 */
const NOTEBOOK_MARKER =
  /^(?:#|\/\/)\s?(?:%%(?:\s|$)|In\[[\d ]{0,6}\]:|<codecell>|COMMAND -{5,}|Databricks notebook source|MAGIC\b)|^\s*app\s*=\s*marimo\s*\.\s*App\s*\(/;

function isNotebookScript(visible: readonly SourceLine[]): boolean {
  return visible.some((l) => l.content.length <= MAX_CONTEXT_LINE && NOTEBOOK_MARKER.test(l.content));
}

function isCliFile(path: string, language: Language, visible: readonly SourceLine[]): boolean {
  if (isScriptFile(path)) return true;
  const first = visible[0];
  if (first?.line === 1 && first.content.startsWith('#!')) return true;
  const contents = visible.filter((l) => l.content.length <= MAX_CONTEXT_LINE).map((l) => l.content);
  const markers = CLI_MARKERS[language] ?? [];
  if (contents.some((content) => markers.some((marker) => marker.test(content)))) return true;
  const main = MAIN_FUNCTION[language];
  if (isEntryPointFile(path) || (main && contents.some((content) => main.test(content)))) {
    return !contents.some((content) => SERVER.test(content));
  }
  if (language === 'go' && contents.some((content) => GO_PACKAGE_MAIN.test(content))) {
    return contents.some((content) => GO_ARGS.test(content));
  }
  return false;
}

function allowsOutputThroughout(visible: readonly SourceLine[]): boolean {
  return visible.some(
    (l) =>
      l.content.length <= MAX_CONTEXT_LINE && FILE_SUPPRESSION.some((pattern) => pattern.test(l.content)),
  );
}

function isLoggerImplementation(path: string, visible: readonly SourceLine[]): boolean {
  if (isLoggerFile(path)) return true;
  return visible.some(
    (l) => !l.inString && l.code.length <= MAX_CONTEXT_LINE && LOGGER_TYPE.some((type) => type.test(l.code)),
  );
}

/** Where output is the job of the code the diff shows, judged from the path and every visible line. */
export function outputContext(
  path: string,
  language: Language,
  hunks: readonly SourceLine[][],
  inTest = false,
): OutputContext {
  const visible = hunks.flat();
  const lines = new Set<number>();
  const guarded = new Set<number>();
  outputScopes(hunks, language, lines, guarded);
  // A test of a CLI reads `sys.argv`, calls `main()` and is named `test_cli.py`: in tests only the folder
  // says "script" or "example".
  if (
    (inTest ? isInScriptFolder(path) : isCliFile(path, language, visible)) ||
    isNotebookScript(visible) ||
    isLoggerImplementation(path, visible) ||
    allowsOutputThroughout(visible)
  ) {
    return { file: true, lines, guarded };
  }
  suppressedLines(hunks, lines);
  return { file: false, lines, guarded };
}
