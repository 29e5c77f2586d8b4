import { debugLeftoversAnalyzer } from '../src/analyzers/debug-leftovers';
import { DEFAULT_SETTINGS, parsePatch, type ChangedFileInput, type Finding } from '../src';
import { addedFile } from './fixtures';

function scanFile(file: ChangedFileInput): Array<[number, string]> {
  const found = debugLeftoversAnalyzer.analyze(parsePatch(file), DEFAULT_SETTINGS) as Finding[];
  return found.map((f) => [f.line, f.ruleId]);
}

const scan = (path: string, lines: string[]): Array<[number, string]> => scanFile(addedFile(path, lines));

describe('debug leftovers: output that is the program’s job stays quiet', () => {
  it("leaves a logger's own implementation alone, by file name or by the class it declares", () => {
    const js = ['export function info(msg: string) {', '  console.log(`[info] ${msg}`);', '}'];
    expect(scan('src/logger.ts', js)).toEqual([]);
    expect(scan('src/utils/request-logger.js', js)).toEqual([]);
    expect(scan('src/logging/format.ts', js)).toEqual([]);
    expect(scan('app/log.py', ['def info(msg):', '    print(f"[info] {msg}")'])).toEqual([]);
    expect(
      scan('src/util/sinks.ts', [
        'export class ConsoleTransport implements Transport {',
        '  write(entry: Entry) {',
        '    console.log(format(entry));',
        '  }',
        '}',
      ]),
    ).toEqual([]);
    expect(
      scan('app/handlers.py', [
        'class StdoutHandler(logging.Handler):',
        '    def emit(self, record):',
        '        print(self.format(record))',
      ]),
    ).toEqual([]);
    expect(scan('src/main/java/shop/AuditLogger.java', ['System.out.println(line);'])).toEqual([]);
    expect(scan('internal/logx/sink.go', ['package logx', 'func emit(l string) { fmt.Println(l) }'])).toEqual(
      [],
    );
    expect(scan('packages/logger-core/src/index.ts', js)).toEqual([]);
    expect(scan('src/otel.ts', ['class StdoutExporter {', '  export(s) { console.log(s); }', '}'])).toEqual(
      [],
    );
    const audit = [
      'object ConsoleAudit {',
      '    fun record(a: String) {',
      '        println("audit $a")',
      '    }',
      '}',
    ];
    expect(scan('src/main/kotlin/shop/util/Audit.kt', audit)).toEqual([]);
    expect(scan('app/stdout_sink.py', ['def emit(line):', '    print(line)'])).toEqual([]);
    const goWriter = [
      'package render',
      'type consoleWriter struct{}',
      'func (c consoleWriter) Write(p []byte) (int, error) { fmt.Print(string(p)); return len(p), nil }',
    ];
    expect(scan('internal/render/writer.go', goWriter)).toEqual([]);
    // Names that merely end in "log" are not loggers.
    expect(scan('src/catalog.ts', ['console.log(items);'])).toEqual([[1, 'debug/console-log']]);
    expect(scan('src/Dialog.tsx', ['console.log(props);'])).toEqual([[1, 'debug/console-log']]);
  });

  it("leaves a CLI's prints alone: Python click/typer/argparse, __main__.py, cli.py and the __main__ block", () => {
    const click = [
      'import click',
      '',
      '@click.command()',
      "@click.option('--n')",
      'def run(n):',
      '    print(f"processed {n} rows")',
    ];
    expect(scan('etl/commands.py', click)).toEqual([]);
    expect(
      scan('etl/app.py', ['app = typer.Typer()', '@app.command()', 'def sync():', '    print("synced")']),
    ).toEqual([]);
    expect(scan('etl/__main__.py', ['print("usage: etl <file>")'])).toEqual([]);
    const hydra = [
      '@hydra.main(config_path="conf")',
      'def train(cfg):',
      '    print(f"epoch {e} loss {l:.4f}")',
    ];
    expect(scan('ml/train.py', hydra)).toEqual([]);
    expect(scan('etl/cli.py', ['print("usage: etl <file>")'])).toEqual([]);
    const guarded = [
      'def total(rows):', // 1
      '    print(rows)', // 2: a leftover in library code
      '    return sum(rows)', // 3
      '', // 4
      'if __name__ == "__main__":', // 5
      '    print(total([1, 2]))', // 6
    ];
    expect(scan('etl/sums.py', guarded)).toEqual([[2, 'debug/print']]);
    const mainFunction = ['def main():', '    print("done")', '', 'def helper():', '    print(x)'];
    expect(scan('etl/job.py', mainFunction)).toEqual([[5, 'debug/print']]);
  });

  it('leaves commander/yargs programs, shebang scripts and bin/ files alone, but not their breakpoints', () => {
    const commander = [
      "import { Command } from 'commander';",
      'const program = new Command();',
      "program.command('sync').action(() => {",
      "  console.log('synced');",
      '  debugger;',
      '});',
    ];
    expect(scan('src/tool.ts', commander)).toEqual([[5, 'debug/debugger']]);
    expect(scan('src/run.js', ['#!/usr/bin/env node', 'console.log(process.argv[2]);'])).toEqual([]);
    expect(scan('bin/release', ['#!/usr/bin/env node', 'console.log("released");', 'debugger;'])).toEqual([
      [3, 'debug/debugger'],
    ]);
    expect(scan('bin/release.py', ['print("released")', 'breakpoint()'])).toEqual([[2, 'debug/breakpoint']]);
  });

  it('uses the context lines a modified file shows, not only the added ones', () => {
    const patch = [
      '@@ -1,6 +1,7 @@',
      ' import click',
      ' ',
      ' @click.command()',
      ' def run():',
      '     rows = load()',
      '+    print(f"loaded {len(rows)} rows")',
      '     save(rows)',
    ].join('\n');
    expect(scanFile({ path: 'etl/run.py', status: 'modified', patch })).toEqual([]);
    const library = patch.replace(' import click', ' import json').replace(' @click.command()', ' @cache');
    expect(scanFile({ path: 'etl/run.py', status: 'modified', patch: library })).toEqual([
      [6, 'debug/print'],
    ]);
  });

  it('leaves functions whose job is printing alone: printUsage, show_help, dump_stats', () => {
    const go = [
      'package server', // 1
      'func printUsage() {', // 2
      '\tfmt.Println("usage: server [flags]")', // 3
      '}', // 4
      'func handle() {', // 5
      '\tfmt.Println(req)', // 6
      '}', // 7
    ];
    expect(scan('internal/server/help.go', go)).toEqual([[6, 'debug/fmt-print']]);
    expect(
      scan('app/stats.py', ['def show_help():', '    print("usage")', 'def f():', '    print(1)']),
    ).toEqual([[4, 'debug/print']]);
    expect(
      scan('src/Report.java', [
        'private void printReport(List<Row> rows) {',
        '  System.out.println(rows);',
        '}',
      ]),
    ).toEqual([]);
  });

  it('still reports a print in a CLI whose text says it is debugging', () => {
    expect(
      scan('etl/cli.py', ['print("DEBUG rows", rows)', 'print("debug:", x)', 'print("rows", rows)']),
    ).toEqual([
      [1, 'debug/print'],
      [2, 'debug/print'],
    ]);
    expect(scan('scripts/seed.ts', ['console.log("here", user);', 'console.log("seeded");'])).toEqual([
      [1, 'debug/console-log'],
    ]);
  });

  it('takes Ruby rake tasks, Thor and OptionParser programs, and exe/ as CLIs', () => {
    expect(scan('lib/tasks/seed.rake', ['task :seed do', '  puts "seeded"', 'end'])).toEqual([]);
    expect(
      scan('lib/cli.rb', ['class CLI < Thor', '  def build', '    puts "built"', '  end', 'end']),
    ).toEqual([]);
    expect(scan('exe/storefront', ['#!/usr/bin/env ruby', 'puts "ok"', 'binding.pry'])).toEqual([
      [3, 'debug/binding-pry'],
    ]);
  });

  it('ignores debug calls in string literals, including multi-line ones, and in comments', () => {
    const lines = [
      'const snippet = `', // 1
      '  console.log(x);', // 2
      '  debugger;', // 3
      '`;', // 4
      'const s = "debugger;"; /* console.log(y) */', // 5
      'const t = `${console.log(z)}`;', // 6: code inside an interpolation
    ];
    expect(scan('src/generator.ts', lines)).toEqual([[6, 'debug/console-log']]);
    const py = ['HELP = """', 'print(x)', 'breakpoint()', '"""', 'print(HELP)'];
    expect(scan('app/help.py', py)).toEqual([[5, 'debug/print']]);
    const rb = ['SQL = <<~SQL', '  p x', '  binding.pry', 'SQL', 'p SQL'];
    expect(scan('app/models/query.rb', rb)).toEqual([[5, 'debug/p']]);
  });

  it("takes a main function's prints as a program's output, unless the program is a server", () => {
    const cli = [
      'public class Tool {',
      '  public static void main(String[] args) {',
      '    System.out.println(args[0]);',
      '  }',
      '}',
    ];
    expect(scan('src/main/java/tool/Tool.java', cli)).toEqual([]);
    const server = [
      '@SpringBootApplication',
      'public class Api {',
      '  public static void main(String[] args) {',
      '    System.out.println("starting");',
      '    SpringApplication.run(Api.class, args);',
      '  }',
      '}',
    ];
    expect(scan('src/main/java/shop/Api.java', server)).toEqual([[4, 'debug/system-out']]);
    const ktor = [
      'fun main() {',
      '    println("port $port")',
      '    embeddedServer(Netty, port) {}.start(wait = true)',
      '}',
    ];
    expect(scan('src/main/kotlin/Application.kt', ktor)).toEqual([[2, 'debug/println']]);
    const aspnet = ['var builder = WebApplication.CreateBuilder(args);', 'Console.WriteLine("hi");'];
    expect(scan('src/Api/Program.cs', aspnet)).toEqual([[2, 'debug/console-write']]);
  });

  it("does not take a CLI's ordinary words for debugging text", () => {
    const lines = [
      'print("Here are the results:")',
      'print("Debug mode is on")',
      'print("Temp files removed")',
      'print("=== Summary ===")',
      'print("here")',
      'print(f"debug: {rows}")',
      'print("XXX", rows)',
    ];
    expect(scan('etl/cli.py', lines)).toEqual([
      [5, 'debug/print'],
      [6, 'debug/print'],
      [7, 'debug/print'],
    ]);
  });

  it('leaves output behind a debug or verbose switch alone', () => {
    const js = [
      'if (options.verbose) console.log(rows);', // 1
      'debug && console.log(rows);', // 2
      'if (process.env.NODE_ENV !== "production") {', // 3
      '  console.log(state);', // 4
      '}', // 5
      'console.log(state);', // 6
      'if (ready) console.log("debug", x);', // 7: the word is text, not a switch
    ];
    expect(scan('src/store.ts', js)).toEqual([
      [6, 'debug/console-log'],
      [7, 'debug/console-log'],
    ]);
    expect(scan('app/sync.py', ['if settings.DEBUG:', '    print(payload)', 'print(other)'])).toEqual([
      [3, 'debug/print'],
    ]);
    expect(scan('app/models/sync.rb', ['puts payload if verbose', 'puts other'])).toEqual([
      [2, 'debug/puts'],
    ]);
    expect(
      scan('src/Sync.cs', ['#if DEBUG', 'Console.WriteLine(payload);', '#endif', 'Console.WriteLine(x);']),
    ).toEqual([[4, 'debug/console-write']]);
    expect(scan('lib/sync.dart', ['if (kDebugMode) {', '  print(payload);', '}'])).toEqual([]);
  });

  it('leaves logging helpers alone: debugLog(), info: (...a) => console.log(...a)', () => {
    const js = [
      'export function debugLog(...args: unknown[]) {', // 1
      "  console.log('[debug]', ...args);", // 2
      '}', // 3
      'const log = { info: (...a) => console.log(...a), warn: (m) => console.warn(m) };', // 4
      'const debugger_ = 1;', // 5
      'items.map((x) => console.log(x));', // 6: a leftover in a callback
      'function debugger2() {}', // 7
      'export function logoutUser() {', // 8
      '  console.log(user);', // 9: "logout" is not "log"
      '}', // 10
    ];
    expect(scan('src/utils/helpers.ts', js)).toEqual([
      [6, 'debug/console-log'],
      [9, 'debug/console-log'],
    ]);
  });
});
