import type { Language } from '../../file-kind';
import type { Severity } from '../../types';

/**
 * - `halt`: stops or pauses the program (a breakpoint, `dd()`, `page.pause()`), or silently narrows a test
 *   run (`it.only`): reported everywhere, tests included.
 * - `test-debug`: a test framework's debugging aid (`screen.debug()`, `save_and_open_page`): reported in
 *   test files, the only place they exist.
 * - `debug`: output that only debugging produces (`dbg!`, Go's builtin `println`, `dump()`,
 *   `IO.inspect`): never intended, so reported everywhere, tests included.
 * - `output`: a print statement: quiet where output is the code's job (CLIs, scripts, examples, notebooks,
 *   loggers, `printUsage()`-like functions) unless its text says it is debugging (`print("DEBUG", x)`); in
 *   tests, reported only when it dumps a value (`print(dataset)` before an assertion, `println!("{:?}", x)`):
 *   a test's own words (`print("seeding 40 users")`) and Go's `Example` functions are intended output.
 */
export type DebugKind = 'halt' | 'test-debug' | 'debug' | 'output';

export interface DebugCheck {
  /** ruleId is `debug/<name>`. */
  name: string;
  kind: DebugKind;
  /**
   * Runs over the line's code (comments and string insides blanked). Linear: no nested quantifiers. The
   * match's last character is where the call's arguments start, when it has any.
   */
  pattern: RegExp;
  message: string;
  /** Overrides the kind's severity. */
  severity?: Severity;
  /** A further condition on the original line, given the index just past the match. */
  onlyIf?: (content: string, after: number) => boolean;
}

const HALT = 'remove it before merging.';

/** Code before a match that makes it a declaration (`def breakpoint():`, `function dd(`), not a call. */
export const DECLARATION_BEFORE = /\b(?:def|function|func|fun|fn|void|static)\s*$/;

/**
 * The printed text says it is debugging: its first string literal is `here` (and little else), starts with
 * `debug:` / `dbg` / `XXX` / `wtf`, or it says `DEBUG` in capitals. ("Here are the results" and "Debug mode
 * on" are a CLI's words, not a debugger's.)
 */
const DEBUG_TEXT_START =
  /^[\s(]{0,4}[rbfu]?["'`]\s{0,4}(?:here\s{0,2}\d{0,3}\s{0,2}[!:.]{0,3}\s{0,2}(?:\\n)?["'`]|(?:debug|dbg)\s{0,2}(?:[:=>\])-]|["'`])|x{3,}\b|wtf\b)/i;
const DEBUG_WORD = /\bDEBUG\b/;

export function printsDebugText(content: string, after: number): boolean {
  const args = content.slice(after, after + 200);
  return DEBUG_TEXT_START.test(args) || DEBUG_WORD.test(args);
}

/**
 * Placeholders and interpolations in printed text: `{}`, `{:?}`, `{x=}`, `%v`, `%-5.2f`, `${x}`, `#{x}`,
 * Swift's `\(x)`, Kotlin's and Dart's `$name`. Each bounded, so the scan stays linear.
 */
const PLACEHOLDER =
  /\{[^{}]{0,60}\}|%[-+ #0]{0,4}\d{0,3}(?:\.\d{1,3})?[a-zA-Z]|[$#]\{[^{}]{0,60}\}|\\\([^()]{0,60}\)|\$[A-Za-z_]\w{0,40}/g;
/** A string literal opening the arguments, with its prefix: Python's `f"`, Rust's `r"`, C#'s `$"`/`@"`. */
const QUOTED_START = /^(?:[rbfuRBFU]{1,2}|@|\$@?|@\$)?(["'`])/;
/** After the literal: another argument, a concatenation, `%`-formatting, `.format(`, Elixir's `<>`. */
const MORE_AFTER_TEXT = /^(?:[,+%<]|\.\s*format\b)/;

/**
 * Whether a print's arguments (from just past the match, see `DebugCheck.pattern`) dump a value rather than
 * say something: a bare value (`print(dataset)`, `console.log(res.body)`, `puts user`), or a value under a
 * label: one word (`println!("{:?}", line)`, `print(f"{loss=}")`, `console.log("got", res)`), or two that
 * end in `:` / `=` or start in lower case (`"final loss:"`, `"response data"`). A sentence
 * (`print("Seeding 40 users for the suite")`, `print(f"Using database {url}")`) and an empty call
 * (`printStackTrace()`) do not dump.
 */
export function dumpsValue(content: string, after: number): boolean {
  let args = content.slice(Math.max(0, after - 1), after + 300);
  if (/^[([{,]/.test(args)) args = args.slice(1);
  args = args.trimStart();
  if (args === '' || /^[)\]}]/.test(args)) return false;
  const quoted = QUOTED_START.exec(args);
  if (!quoted) return true;
  const quote = quoted[1] ?? '"';
  let end = quoted[0].length;
  while (end < args.length && args[end] !== quote) end += args[end] === '\\' ? 2 : 1;
  const text = args.slice(quoted[0].length, end);
  const label = text.replace(PLACEHOLDER, ' ');
  const interpolated = label !== text;
  const words = label.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  const isLabel = words <= 1 || (words === 2 && (/^\s*[a-z]/.test(label) || /[A-Za-z]\s*[:=]/.test(label)));
  return (interpolated || MORE_AFTER_TEXT.test(args.slice(end + 1).trimStart())) && isLabel;
}

/**
 * PHP's `print_r($x, true)` and `var_export($x, true)` return the text instead of printing it. `code` is
 * the line with string insides blanked, `open` the index of the call's "(".
 */
function phpPrintsDirectly(code: string, open: number): boolean {
  let depth = 0;
  const end = Math.min(code.length, open + 500);
  for (let i = open; i < end; i++) {
    const ch = code[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return true;
    } else if (ch === ',' && depth === 1) {
      return /^\s*(?:false|0|null)\s*\)/i.test(code.slice(i + 1, i + 40));
    }
  }
  return true;
}

const javaSystemOut = (logger: string): DebugCheck => ({
  name: 'system-out',
  kind: 'output',
  pattern: /(?:^|[^\w.])System\s*\.\s*(?:out|err)\s*\.\s*print(?:ln|f)?\s*\(/,
  message: `Leftover System.out/err print: use ${logger}, or remove it before merging.`,
});

const printStackTrace: DebugCheck = {
  name: 'print-stack-trace',
  kind: 'output',
  pattern: /\.\s*printStackTrace\s*\(\s*\)|(?:^|[^\w.])Thread\s*\.\s*dumpStack\s*\(\s*\)/,
  message:
    'printStackTrace() writes to stderr, outside the logs: log the exception (log.error("…", e)) or rethrow it.',
};

/** Not on a C preprocessor macro's line: `#define DLOG(...) NSLog(__VA_ARGS__)` defines a logger. */
const notInMacro = (content: string): boolean => !/^\s*#\s*define\b/.test(content);

/**
 * C and Objective-C: printf and iostreams are these languages' ordinary output (CLIs, firmware consoles),
 * so they are reported only when the text says it is debugging (`printf("DEBUG: %d\n", n)`, `"here"`);
 * the debugger traps are reported always. Objective-C's NSLog is its print-debugging call.
 */
const C_CHECKS: DebugCheck[] = [
  {
    name: 'printf',
    kind: 'output',
    pattern:
      /(?:^|[^\w.>:])(?:printf\s*\(|fprintf\s*\(\s*(?:stderr|stdout)\s*,|std\s*::\s*c(?:out|err)\s*<<)/,
    message: 'Leftover debugging printf/cout: remove it, or use the project logger.',
    onlyIf: (content, after) => notInMacro(content) && printsDebugText(content, after),
  },
  {
    name: 'debug-break',
    kind: 'halt',
    pattern:
      /(?:^|[^\w.>])(?:__debugbreak|__builtin_debugtrap|DebugBreak|std\s*::\s*breakpoint)\s*\(\s*\)|(?:^|[^\w.>:])raise\s*\(\s*SIGTRAP\s*\)/,
    message: `Leftover debugger trap (__debugbreak / raise(SIGTRAP)): it stops the program for a debugger; ${HALT}`,
  },
];

export const CHECKS: Record<Exclude<Language, 'other'>, DebugCheck[]> = {
  javascript: [
    ...(['log', 'debug', 'trace', 'table', 'dir', 'count', 'time', 'timeEnd', 'timeLog'] as const).map(
      (method): DebugCheck => ({
        name: `console-${method.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
        kind: 'output',
        // A call, or the function passed on: `.then(console.log)`.
        pattern: new RegExp(`(?:^|[^\\w$.])console\\s*\\.\\s*${method}\\s*[(),;]`),
        message: `Leftover console.${method}() call: use the project logger, or remove it before merging.`,
      }),
    ),
    {
      name: 'focused-test',
      kind: 'test-debug',
      severity: 'medium',
      // Playwright's `test.describe.only(` and `test.describe.serial.only(` too.
      pattern:
        /(?:^|[^\w$.])(?:(?:it|test|describe|context|suite)\s*\.\s*only|test\s*\.\s*describe\s*\.\s*(?:serial\s*\.\s*|parallel\s*\.\s*)?only|fit|fdescribe)\s*\(/,
      message:
        'Focused test (.only / fit / fdescribe) left in: every other test in the run is skipped; remove it before merging.',
    },
    {
      // Testing Library's `const { debug } = render(<X />); debug();`: prints the DOM.
      name: 'screen-debug',
      kind: 'test-debug',
      pattern: /^\s*debug\s*\(\s*\)\s*;?\s*$/,
      message: 'Leftover debug() from render(): it prints the DOM on every run; remove it before merging.',
    },
    {
      name: 'test-pause',
      kind: 'halt',
      pattern: /(?:^|[^\w$.])(?:page|cy|browser)\s*\.\s*(?:pause|debug)\s*\(\s*\)/,
      message: `Leftover page.pause() / cy.pause() / browser.debug(): it stops the test run for a debugger; ${HALT}`,
    },
    {
      name: 'screen-debug',
      kind: 'test-debug',
      pattern: /(?:^|[^\w$.])screen\s*\.\s*debug\s*\(/,
      message: 'Leftover screen.debug(): it prints the DOM on every run; remove it before merging.',
    },
    {
      name: 'debugger',
      kind: 'halt',
      pattern: /(?:^|[;{}\s(])debugger\s*(?:;|\}|$)/,
      message: `Leftover debugger statement: it pauses the program (and test runs) under a debugger; ${HALT}`,
    },
  ],
  python: [
    {
      name: 'print',
      kind: 'output',
      pattern: /(?:^|[^\w.])(?:pprint\s*\.\s*(?:pp|pprint)|p?print)\s*\(/,
      message:
        'Leftover print()/pprint() call: use logging (logger.debug/info), or remove it before merging.',
      // `print(row, file=out)` writes to a file it was given.
      onlyIf: (content, after) => !/\bfile\s*=\s*(?!sys\.stdout\b)/.test(content.slice(after, after + 500)),
    },
    {
      // icecream's `ic(x)`: a debugging print by design.
      name: 'icecream',
      kind: 'debug',
      pattern: /(?:^|[^\w.])ic\s*\(/,
      message: 'Leftover ic() (icecream) call: remove it, or use logging (logger.debug) for lasting output.',
    },
    {
      name: 'pdb',
      kind: 'halt',
      pattern:
        /(?:^|[^\w.])(?:(?:i?pdb|pudb|pdbpp|remote_pdb|web_pdb|forked_pdb|rdb|wdb|pytest)\.(?:set_trace|post_mortem|pm|runcall)|__import__\s*\(\s*["'][\s\w]{1,12}["']\s*\)\s*\.\s*set_trace|pydevd\.settrace|debugpy\.wait_for_client|code\.interact|IPython\.embed)\s*\(|(?:^|[^\w.])pu\s*\.\s*db\b|^\s*embed\s*\(\s*\)\s*$/,
      message: `Leftover pdb.set_trace() / interactive console: it stops the program waiting for input; ${HALT}`,
    },
    {
      name: 'print-exc',
      kind: 'output',
      pattern: /(?:^|[^\w.])traceback\s*\.\s*print_(?:exc|exception|stack)\s*\(/,
      message: 'traceback.print_exc() writes to stderr, outside the logs: use logger.exception("…") instead.',
    },
    {
      name: 'breakpoint',
      kind: 'halt',
      pattern: /(?:^|[^\w.])(?:breakpoint|debugpy\.breakpoint)\s*\(\s*\)/,
      message: `Leftover breakpoint() call: it stops the program waiting for a debugger; ${HALT}`,
    },
  ],
  ruby: [
    {
      name: 'binding-pry',
      kind: 'halt',
      pattern: /(?:^|[^\w.])binding\s*\.\s*(?:pry|irb|break|b|remote_pry|pry_remote)\b/,
      message: `Leftover binding.pry / binding.irb breakpoint: it stops the program at a console; ${HALT}`,
    },
    {
      name: 'byebug',
      kind: 'halt',
      pattern: /(?:^|[;\s])byebug\s*(?:;|$)/,
      message: `Leftover byebug breakpoint: it stops the program at a console; ${HALT}`,
    },
    {
      name: 'debugger',
      kind: 'halt',
      pattern: /(?:^|[;\s])debugger\s*(?:;|$)/,
      message: `Leftover debugger breakpoint (debug gem): it stops the program at a console; ${HALT}`,
    },
    {
      // `raise @order.inspect`: Rails' old way to see a value, on an error page.
      name: 'raise-inspect',
      kind: 'debug',
      pattern: /(?:^|[^\w.])raise\s*\(?\s*[@$]{0,2}[\w.:[\]]{1,80}\.inspect\s*\)?\s*$/,
      message:
        'Leftover raise x.inspect: it shows a value by crashing the request; remove it before merging.',
    },
    {
      // RSpec's focus: `fit "…"`, `fdescribe`, `it "…", :focus` / `focus: true`.
      name: 'focused-test',
      kind: 'test-debug',
      severity: 'medium',
      pattern:
        /^\s*(?:fit|fdescribe|fcontext|fspecify|fscenario|ffeature)(?:\s+|\s*\()["'\w:]|(?:^|[^\w.])(?:it|describe|context|specify|scenario|feature)\b[^#]{0,200},\s*(?::focus\b|focus:\s*true\b)/,
      message:
        'Focused spec (fit / fdescribe / :focus) left in: every other example in the run is skipped; remove it before merging.',
    },
    {
      name: 'save-and-open',
      kind: 'test-debug',
      pattern: /(?:^|[^\w.])save_and_open_(?:page|screenshot)\b/,
      message: 'Leftover save_and_open_page: it opens a browser from the test run; remove it before merging.',
    },
    {
      name: 'puts',
      kind: 'output',
      pattern:
        /(?:^\s*|[;{]\s*|\|\s+|\b(?:do|then|else)\s+)(?:puts|print)(?:\s*\(|[ \t]+(?![=.,;)?:|&]|(?:if|unless|and|or|do|then)\b)\S)/,
      message: "Leftover puts/print: use Rails.logger (or the app's Logger), or remove it before merging.",
    },
    {
      name: 'p',
      kind: 'output',
      // p, pp and awesome_print's ap, as a bare statement.
      pattern: /^\s*(?:pp?|ap)(?:\(|[ \t]+(?![-=.,;)?:<>+*/%|&!^~]|(?:if|unless|and|or|do|then|in)\b)\S)/,
      message:
        "Leftover p/pp call: use Rails.logger.debug (or the app's Logger), or remove it before merging.",
    },
  ],
  php: [
    {
      name: 'var-dump',
      kind: 'output',
      pattern: /(?:^|[^\w$>:\\])var_dump\s*\(/,
      message:
        "Leftover var_dump() call: log with error_log() or the app's PSR-3 logger (Monolog), or remove it.",
    },
    {
      name: 'print-r',
      kind: 'output',
      pattern: /(?:^|[^\w$>:\\])print_r\s*\(/,
      message:
        "Leftover print_r() call: log with error_log() or the app's PSR-3 logger (Monolog), or remove it.",
    },
    {
      name: 'var-export',
      kind: 'output',
      pattern: /(?:^|[^\w$>:\\])var_export\s*\(/,
      message:
        "Leftover var_export() call that prints: log with error_log() or the app's PSR-3 logger (Monolog), or remove it.",
    },
    {
      // `error_log(print_r($x, true))`, `file_put_contents('/tmp/x.log', var_export($x, true))`: PHP's classic
      // dump of a whole value into the error log or a file. (Into a PSR-3 logger it is leveled logging.)
      name: 'error-log-dump',
      kind: 'output',
      pattern:
        /(?:^|[^\w$>:\\])(?:error_log|file_put_contents)\s*\([^;]{0,200}?\b(?:print_r|var_export)\s*\(/,
      message:
        "print_r()/var_export() dump written to the error log or a file: a debugging leftover that can leak the data it dumps; log the fields you need with the app's PSR-3 logger, or remove it.",
    },
    {
      name: 'debug-backtrace',
      kind: 'debug',
      pattern: /(?:^|[^\w$>:\\])(?:debug_print_backtrace|debug_zval_dump)\s*\(/,
      message:
        "Leftover debug_print_backtrace()/debug_zval_dump(): remove it, or log with the app's PSR-3 logger.",
    },
    {
      name: 'dump',
      kind: 'debug',
      // Symfony's VarDumper, and Spatie's ray() debugging app.
      pattern: /(?:^|[^\w$>:\\])(?:dump|ray)\s*\(/,
      message: "Leftover dump()/ray() call: remove it, or log with the app's PSR-3 logger (Monolog).",
    },
    {
      name: 'dd',
      kind: 'halt',
      pattern: /(?:^|[^\w$>:\\])d?dd\s*\(/,
      message: `Leftover dd() call: it dumps and ends the request (or the test); ${HALT}`,
    },
    {
      name: 'dd',
      kind: 'halt',
      pattern: /->\s*d?dd\s*\(\s*\)/,
      message: `Leftover ->dd() call: it dumps and ends the request (or the test); ${HALT}`,
    },
    {
      // Laravel's `$collection->dump()`, `$query->dump()`, `$response->dump()`: with no arguments, a dump
      // of the object itself (a Symfony/Yaml dumper is given what to dump).
      name: 'dump',
      kind: 'debug',
      pattern: /->\s*dump\s*\(\s*\)/,
      message: "Leftover ->dump() call: remove it, or log what matters with the app's PSR-3 logger.",
    },
    {
      name: 'xdebug-break',
      kind: 'halt',
      pattern: /(?:^|[^\w$>:\\])xdebug_break\s*\(/,
      message: `Leftover xdebug_break() breakpoint; ${HALT}`,
    },
  ],
  java: [javaSystemOut('the project logger (SLF4J log.debug/info)'), printStackTrace],
  kotlin: [
    javaSystemOut('a logger (Log.d on Android, SLF4J elsewhere)'),
    printStackTrace,
    {
      name: 'println',
      kind: 'output',
      pattern: /(?:^|[^\w.$])print(?:ln)?\s*\(/,
      message: 'Leftover println() call: use a logger (Log.d on Android, SLF4J elsewhere), or remove it.',
    },
  ],
  go: [
    {
      name: 'fmt-print',
      kind: 'output',
      // `fmt.Fprint*(os.Stdout, …)` is the same print; to os.Stderr it is an error report (as console.error
      // and `print(…, file=sys.stderr)` are), and to any other writer it is the code's output: quiet.
      pattern: /(?:^|[^\w.])fmt\s*\.\s*(?:Print(?:ln|f)?\s*\(|Fprint(?:ln|f)?\s*\(\s*os\s*\.\s*Stdout\s*,)/,
      message:
        'Leftover fmt.Print call: use the project logger (log.Printf or slog), or write to the io.Writer the code is given.',
    },
    {
      name: 'println',
      kind: 'debug',
      pattern: /^\s*print(?:ln)?\s*\(/,
      message:
        'Leftover builtin println()/print(): it is for debugging only (stderr, unformatted); remove it or use slog.',
    },
    {
      name: 'print-stack',
      kind: 'debug',
      pattern: /(?:^|[^\w.])debug\s*\.\s*PrintStack\s*\(\s*\)/,
      message:
        'Leftover debug.PrintStack(): it dumps the stack to stderr; remove it, or log the error with slog.',
    },
    {
      name: 'spew',
      kind: 'debug',
      pattern: /(?:^|[^\w.])(?:spew|pp|litter|pretty)\s*\.\s*(?:Dump|Sdump|Print|Println|Printf)\s*\(/,
      message: 'Leftover debug dump (spew/pp/litter/pretty): remove it, or log what matters with slog.',
    },
    {
      name: 'breakpoint',
      kind: 'halt',
      pattern: /(?:^|[^\w.])runtime\s*\.\s*Breakpoint\s*\(\s*\)/,
      message: `Leftover runtime.Breakpoint(): it traps the program; ${HALT}`,
    },
  ],
  rust: [
    {
      name: 'dbg',
      kind: 'debug',
      pattern: /(?:^|[^\w:])(?:std::)?dbg!\s*[([{]/,
      message:
        'Leftover dbg!() macro: remove it, or use the tracing / log crate (debug!) for lasting output.',
    },
    {
      name: 'println',
      kind: 'output',
      pattern: /(?:^|[^\w:])(?:std::)?e?print(?:ln)?!\s*\(/,
      message:
        'Leftover print of a Debug-formatted value: use the tracing / log crate (debug!), or remove it.',
    },
  ],
  csharp: [
    {
      name: 'console-write',
      kind: 'output',
      pattern:
        /(?:^|[^\w.])(?:System\s*\.\s*)?Console\s*\.\s*(?:Out\s*\.\s*|Error\s*\.\s*)?Write(?:Line)?\s*\(/,
      message: 'Leftover Console.Write/WriteLine call: use ILogger<T>, or remove it before merging.',
    },
    {
      // Compiled out of release builds, so it never reaches the logs: a debugging trace, not logging.
      // `Trace.WriteLine` (kept in release, routed to configured listeners) is a tracing channel: quiet.
      name: 'debug-write',
      kind: 'output',
      pattern:
        /(?:^|[^\w.])(?:System\s*\.\s*)?(?:Diagnostics\s*\.\s*)?Debug\s*\.\s*(?:Write(?:Line)?(?:If)?|Print)\s*\(/,
      message:
        'Leftover Debug.WriteLine trace: it is compiled out of release builds, so it never reaches the logs; use ILogger<T>.LogDebug, or remove it.',
    },
    {
      name: 'debugger-break',
      kind: 'halt',
      pattern: /(?:^|[^\w.])(?:System\s*\.\s*Diagnostics\s*\.\s*)?Debugger\s*\.\s*(?:Break|Launch)\s*\(\s*\)/,
      message: `Leftover Debugger.Break()/Launch(): it stops the program for a debugger; ${HALT}`,
    },
  ],
  swift: [
    {
      name: 'print',
      kind: 'output',
      pattern: /(?:^|[^\w.])(?:Swift\s*\.\s*)?print\s*\(/,
      message: 'Leftover print() call: use Logger (os.Logger), or remove it before merging.',
    },
    {
      name: 'debug-print',
      kind: 'debug',
      pattern: /(?:^|[^\w.])(?:Swift\s*\.\s*)?debugPrint\s*\(|^\s*(?:Swift\s*\.\s*)?dump\s*\(/,
      message: 'Leftover debugPrint()/dump() call: remove it, or use Logger (os.Logger).',
    },
  ],
  dart: [
    {
      name: 'print',
      kind: 'output',
      pattern: /(?:^|[^\w.$])print\s*\(/,
      message: 'Leftover print() call: use package:logging (or log() from dart:developer), or remove it.',
    },
    {
      name: 'debugger',
      kind: 'halt',
      pattern: /(?:^|[^\w.])debugger\s*\(/,
      message: `Leftover debugger() call (dart:developer): it breaks into the debugger; ${HALT}`,
    },
  ],
  elixir: [
    {
      name: 'io-inspect',
      kind: 'debug',
      pattern: /(?:^|[^\w.])(?:IO\s*\.\s*inspect\b|dbg\s*\()/,
      message: 'Leftover IO.inspect / dbg: remove it, or use Logger.debug for lasting output.',
    },
    {
      name: 'io-puts',
      kind: 'output',
      // Ends where its arguments start (`IO.puts(`, `IO.puts "…"`), or after the name (`&IO.puts/1`).
      pattern: /(?:^|[^\w.])IO\s*\.\s*puts(?:\s*\(|[ \t]+|\b)/,
      message: 'Leftover IO.puts: use Logger (Logger.debug/info), or remove it before merging.',
    },
    {
      name: 'iex-pry',
      kind: 'halt',
      pattern: /(?:^|[^\w.])IEx\s*\.\s*pry\b/,
      message: `Leftover IEx.pry breakpoint: it stops the process at a console; ${HALT}`,
    },
  ],
  scala: [
    javaSystemOut('a logger (SLF4J / scala-logging)'),
    printStackTrace,
    {
      name: 'println',
      kind: 'output',
      pattern: /(?:^|[^\w.$])print(?:ln)?\s*\(/,
      message: 'Leftover println() call: use a logger (SLF4J / scala-logging), or remove it before merging.',
    },
    {
      // com-lihaoyi's pprint: `pprint.pprintln(x)`, `pprint.log(x)`.
      name: 'pprint',
      kind: 'debug',
      pattern: /(?:^|[^\w.])pprint\s*\.\s*(?:pprintln|log)\s*\(/,
      message: 'Leftover pprint.pprintln / pprint.log: remove it, or use a logger (SLF4J / scala-logging).',
    },
  ],
  'ruby-template': [
    {
      name: 'binding-pry',
      kind: 'halt',
      pattern: /(?:^|[^\w.])binding\s*\.\s*(?:pry|irb|break|b|remote_pry|pry_remote)\b/,
      message: `Leftover binding.pry / binding.irb in a view: it stops rendering at a console; ${HALT}`,
    },
    {
      name: 'byebug',
      kind: 'halt',
      // `<% byebug %>`, HAML's and Slim's `- debugger`.
      pattern: /(?:<%-?|^\s*-)\s*(?:byebug|debugger)\s*(?:-?%>|;|$)/,
      message: `Leftover byebug / debugger in a view: it stops rendering at a console; ${HALT}`,
    },
    {
      // Rails' `debug` helper renders the object as YAML into the page; `console` opens web-console there.
      name: 'debug-helper',
      kind: 'debug',
      pattern: /(?:<%=|^\s*=)\s*(?:debug\b\s*[\s(]|console\s*(?:-?%>|$))|<%\s*console\s*-?%>/,
      message:
        'Leftover debug helper in a view: it dumps the object (or a console) into the page; remove it.',
    },
  ],
  c: C_CHECKS,
  objc: [
    {
      name: 'nslog',
      kind: 'output',
      pattern: /(?:^|[^\w.])NSLog\s*\(/,
      message: "Leftover NSLog: use os_log / Logger (or the app's logger), or remove it before merging.",
      onlyIf: notInMacro,
    },
    ...C_CHECKS,
  ],
  lua: [
    {
      name: 'print',
      kind: 'output',
      pattern: /(?:^|[^\w.:])print\s*\(/,
      message:
        "Leftover print(): use the host's logger (vim.notify, the game's log), or remove it before merging.",
    },
    {
      name: 'debugger',
      kind: 'halt',
      // `debug.debug()` opens Lua's console; `require("mobdebug").start()` / lldebugger attach a debugger.
      pattern:
        /(?:^|[^\w.:])(?:debug\s*\.\s*debug\s*\(\s*\)|require\s*\(?\s*["'][^"']{1,30}["']\s*\)?\s*[.:]\s*start\s*\()/,
      message: `Leftover debugger hook (debug.debug / mobdebug / lldebugger): it stops the program; ${HALT}`,
      onlyIf: (content) => /\bdebug\s*\.\s*debug\b|["'](?:mobdebug|lldebugger)["']/.test(content),
    },
  ],
  perl: [
    {
      // Perl's print is its output; a Data::Dumper dump printed or warned is debugging.
      name: 'dumper',
      kind: 'output',
      pattern: /(?:^|[^\w:>$@%])(?:print|warn|say)\b[^;]{0,80}?\bDumper\s*\(/,
      message:
        'Leftover print/warn of a Data::Dumper dump: remove it, or log what matters (Log::Any, Log::Log4perl).',
    },
    {
      name: 'db-single',
      kind: 'halt',
      pattern: /\$DB::single\s*=\s*[1-9]/,
      message: `Leftover $DB::single breakpoint: it stops the program under perl -d; ${HALT}`,
    },
  ],
  r: [
    {
      // R's print/cat are its output (analysis scripts, print methods): quiet. These only debug.
      name: 'browser',
      kind: 'halt',
      pattern: /(?:^|[^\w.$])(?:browser\s*\(\s*\)|debugonce\s*\()/,
      message: `Leftover browser() / debugonce(): it stops the program at the debugger prompt; ${HALT}`,
    },
  ],
  clojure: [
    {
      name: 'println',
      kind: 'output',
      // Ends where the arguments start (whitespace) or the form ends.
      pattern: /\(\s*(?:clojure\.core\/)?(?:println|prn|print|pr)(?:\s+|\))/,
      message:
        "Leftover println/prn: use clojure.tools.logging (or the app's logger), or remove it before merging.",
    },
    {
      name: 'pprint',
      kind: 'output',
      pattern: /\(\s*(?:clojure\.pprint\/|[\w.-]{1,30}\/)?pprint(?:\s+|\))/,
      message:
        "Leftover pprint: use clojure.tools.logging (or the app's logger), or remove it before merging.",
    },
    {
      name: 'debug-reader-tag',
      kind: 'halt',
      pattern: /(?:^|[\s([{])#(?:break|dbg)\b/,
      message: `Leftover #break / #dbg (CIDER): it stops evaluation in the debugger; ${HALT}`,
    },
  ],
};

/** For output checks whose arguments need a look (PHP's return flag). */
export function passesArgumentCheck(check: DebugCheck, code: string, matchEnd: number): boolean {
  if (check.name === 'print-r' || check.name === 'var-export') return phpPrintsDirectly(code, matchEnd - 1);
  return true;
}
