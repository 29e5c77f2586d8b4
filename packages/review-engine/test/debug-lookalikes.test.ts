import { debugLeftoversAnalyzer } from '../src/analyzers/debug-leftovers';
import { DEFAULT_SETTINGS, parsePatch, type Finding } from '../src';
import { addedFile } from './fixtures';

function scan(path: string, lines: string[]): Array<[number, string]> {
  const found = debugLeftoversAnalyzer.analyze(
    parsePatch(addedFile(path, lines)),
    DEFAULT_SETTINGS,
  ) as Finding[];
  return found.map((f) => [f.line, f.ruleId]);
}

/**
 * Files whose printing is their job, each next to the same print in ordinary code (reported), so each
 * test fails if the look-alike class stops being recognised or the print stops being found.
 */
describe('debug leftovers: look-alikes whose output is their job', () => {
  it('examples, samples, demos and docs snippets', () => {
    const py = ['client = Client()', 'print(client.list_buckets())'];
    expect(scan('src/shop/client.py', py)).toEqual([[2, 'debug/print']]);
    for (const path of [
      'examples/list_buckets.py',
      'samples/list_buckets.py',
      'demo/list_buckets.py',
      'docs/snippets/list_buckets.py',
      'doc/quickstart.py',
    ]) {
      expect(scan(path, py)).toEqual([]);
    }
  });

  it('REPL and playground files: Swift playgrounds, Scala worksheets, .iex.exs, Clojure user.clj', () => {
    expect(scan('Sources/App/Tour.swift', ['print(total)'])).toEqual([[1, 'debug/print']]);
    expect(scan('Tour.playground/Contents.swift', ['print(total)'])).toEqual([]);
    expect(scan('Tour.playground/Pages/Intro.xcplaygroundpage/Contents.swift', ['print(total)'])).toEqual([]);
    expect(scan('src/main/scala/Tour.scala', ['println(total)'])).toEqual([[1, 'debug/println']]);
    expect(scan('notes/tour.worksheet.sc', ['println(total)'])).toEqual([]);
    expect(scan('lib/shop.ex', ['IO.puts(total)'])).toEqual([[1, 'debug/io-puts']]);
    expect(scan('.iex.exs', ['IO.puts("Loaded shop helpers")'])).toEqual([]);
    expect(scan('src/shop/core.clj', ['(prn cart)'])).toEqual([[1, 'debug/println']]);
    expect(scan('dev/user.clj', ['(prn cart)'])).toEqual([]);
  });

  it('Storybook stories and benchmarks, though stories are test-named', () => {
    const story = ['export const Primary = {', '  args: { onClick: (e) => console.log(e) },', '};'];
    expect(scan('src/Button.tsx', story)).toEqual([[2, 'debug/console-log']]);
    expect(scan('src/Button.stories.tsx', story)).toEqual([]);
    const bench = ['const t = performance.now();', 'console.log(performance.now() - t);'];
    expect(scan('src/parse.bench.ts', bench)).toEqual([]);
    expect(scan('bench/parse.mjs', bench)).toEqual([]);
    expect(scan('benches/parse.rs', ['println!("{:?}", elapsed);'])).toEqual([]);
  });

  it('migrations printing their progress', () => {
    const py = ['def forwards(apps, schema_editor):', '    print(f"backfilled {n} rows")'];
    expect(scan('clinic/models.py', py)).toEqual([[2, 'debug/print']]);
    expect(scan('clinic/migrations/0004_backfill.py', py)).toEqual([]);
    expect(scan('db/migrate/20240101_backfill.rb', ['puts "backfilled #{n} rows"'])).toEqual([]);
    expect(scan('src/migrations/1700000000-backfill.ts', ['console.log(`backfilled ${n}`);'])).toEqual([]);
    // Even there, text that says it is debugging is reported.
    expect(scan('clinic/migrations/0005_x.py', ['print("DEBUG", row)'])).toEqual([[1, 'debug/print']]);
  });

  it('Makefiles, shell scripts (echo, set -x), Gradle and Maven build files are not looked at', () => {
    expect(scan('Makefile', ['build:', '\t@echo "building $(VERSION)"'])).toEqual([]);
    expect(scan('scripts/release.sh', ['set -x', 'echo "$TOKEN"'])).toEqual([]);
    expect(scan('build.gradle', ['task hello { doLast { println "hello" } }'])).toEqual([]);
    expect(scan('pom.xml', ['<echo>building</echo>'])).toEqual([]);
    expect(scan('app/build.gradle.kts', ['tasks.register("hello") { doLast { println("hello") } }'])).toEqual(
      [],
    );
  });

  it('rake and mix tasks', () => {
    expect(
      scan('lib/tasks/backfill.rake', ['task backfill: :environment do', '  puts Order.count', 'end']),
    ).toEqual([]);
    expect(scan('lib/mix/tasks/shop.backfill.ex', ['def run(_), do: IO.puts(count())'])).toEqual([]);
  });

  it('a method named print is not the print function', () => {
    expect(scan('app/report.py', ['printer.print(doc)', 'self.print(doc)'])).toEqual([]);
    expect(scan('src/main/kotlin/Report.kt', ['printer.print(doc)', 'doc.println()'])).toEqual([]);
    expect(scan('lib/report.dart', ['printer.print(doc);'])).toEqual([]);
    expect(scan('src/report.ts', ['printer.console.log(doc);', 'this.print(doc);'])).toEqual([]);
    expect(scan('src/report.lua', ['printer:print(doc)', 'M.print(doc)'])).toEqual([]);
  });

  it('System.out in the main of a Java CLI, but not of a Spring server', () => {
    const cli = [
      'public class Tool {',
      '  public static void main(String[] args) {',
      '    System.out.println(convert(args[0]));',
      '  }',
      '}',
    ];
    expect(scan('src/main/java/shop/Convert.java', cli)).toEqual([]);
    const server = [
      '@SpringBootApplication',
      ...cli.slice(0, 2),
      '    SpringApplication.run(Tool.class, args);',
      ...cli.slice(2),
    ];
    expect(scan('src/main/java/shop/Convert.java', server)).toEqual([[5, 'debug/system-out']]);
  });

  it('Go: fmt.Fprint to os.Stderr is an error report; to os.Stdout it is a print', () => {
    const lib = [
      'package store',
      'func Load() {',
      '\tfmt.Fprintln(os.Stderr, "store: falling back to defaults:", err)',
      '\tfmt.Fprintf(os.Stdout, "%+v\\n", cfg)',
      '\tfmt.Fprintf(w, "%d rows\\n", n)',
      '}',
    ];
    expect(scan('internal/store/load.go', lib)).toEqual([[4, 'debug/fmt-print']]);
    const cli = [
      'package main',
      'import "flag"',
      'func main() {',
      '\tflag.Parse()',
      '\tfmt.Fprintf(os.Stdout, "%d\\n", n)',
      '}',
    ];
    expect(scan('main.go', cli)).toEqual([]);
  });

  it("logger wrappers in the newly covered languages: a C macro, an Objective-C macro, Clojure's comment block", () => {
    expect(scan('src/log.h', ['#define DLOG(fmt, ...) printf("DEBUG " fmt, __VA_ARGS__)'])).toEqual([]);
    expect(
      scan('Classes/Util.h', ['#define DLog(fmt, ...) NSLog((@"%s " fmt), __func__, ##__VA_ARGS__)']),
    ).toEqual([]);
    expect(
      scan('src/shop/cart.clj', [
        '(defn total [c] (reduce + c))',
        '',
        '(comment',
        '  (prn (total [1 2]))',
        '  )',
        '(prn :x)',
      ]),
    ).toEqual([[6, 'debug/println']]);
  });

  it('SwiftUI and Compose previews are demos, as stories are', () => {
    const swift = [
      '#Preview {',
      '    CartView(onPay: { print($0) })',
      '}',
      'func pay() {',
      '    print(total)',
      '}',
    ];
    expect(scan('Sources/App/CartView.swift', swift)).toEqual([[5, 'debug/print']]);
    const provider = [
      'struct CartView_Previews: PreviewProvider {',
      '    static var previews: some View { CartView(onPay: { print($0) }) }',
      '}',
    ];
    expect(scan('Sources/App/CartView.swift', provider)).toEqual([]);
    const compose = [
      '@Preview',
      '@Composable',
      'private fun CartPreview() {',
      '    Cart(onPay = { println(it) })',
      '}',
      'fun pay() {',
      '    println(total)',
      '}',
    ];
    expect(scan('app/src/main/java/shop/Cart.kt', compose)).toEqual([[7, 'debug/println']]);
  });

  it('task runners and load-test scripts: invoke, zx, k6', () => {
    expect(
      scan('tasks.py', [
        'from invoke import task',
        '@task',
        'def build(c):',
        '    print(c.run("make").stdout)',
      ]),
    ).toEqual([]);
    expect(
      scan('app/tasks.py', [
        'from celery import shared_task',
        '@shared_task',
        'def build():',
        '    print(result)',
      ]),
    ).toEqual([[4, 'debug/print']]);
    expect(scan('release.mjs', ["import 'zx/globals';", 'console.log(await $`git tag`);'])).toEqual([]);
    expect(scan('load/checkout.js', ["import http from 'k6/http';", 'console.log(res.status);'])).toEqual([]);
  });

  it("a logging method defined on one line, such as Cypress's log task", () => {
    expect(
      scan('cypress.config.ts', ["on('task', { log(message) { console.log(message); return null } });"]),
    ).toEqual([]);
    expect(scan('src/api.ts', ['fetch(url).then((r) => { console.log(r); });'])).toEqual([
      [1, 'debug/console-log'],
    ]);
  });
});

describe('debug leftovers: logger wrappers in their usual shapes', () => {
  it('a multi-line arrow or function-expression logger in JavaScript, not any arrow function', () => {
    const js = [
      'const debug = (...args) => {', // 1
      "  console.log('[debug]', ...args);", // 2
      '};', // 3
      'const log = {', // 4
      '  info: function (m) {', // 5
      '    console.log(m);', // 6
      '  },', // 7
      '};', // 8
      'const total = (items) => {', // 9
      '  console.log(items);', // 10
      '};', // 11
    ];
    expect(scan('src/cart.ts', js)).toEqual([[10, 'debug/console-log']]);
  });

  it('printf-style and private names: debugf, logf, _log, _print_table', () => {
    const go = [
      'package cart',
      'func debugf(format string, args ...any) {',
      '\tfmt.Printf(format, args...)',
      '}',
      'func Add() {',
      '\tfmt.Println(x)',
      '}',
    ];
    expect(scan('internal/cart/cart.go', go)).toEqual([[6, 'debug/fmt-print']]);
    const py = ['def _print_table(rows):', '    print(rows)', 'def _infer(rows):', '    print(rows)'];
    expect(scan('app/report.py', py)).toEqual([[4, 'debug/print']]);
  });

  it('one-line definitions in Python, Kotlin and Scala', () => {
    expect(scan('app/cart.py', ['def _log(msg): print(msg)', 'def add(x): print(x)'])).toEqual([
      [2, 'debug/print'],
    ]);
    expect(
      scan('src/main/kotlin/Cart.kt', [
        'private fun log(msg: String) = println(msg)',
        'fun add(x: Int) = println(x)',
      ]),
    ).toEqual([[2, 'debug/println']]);
    expect(
      scan('src/main/scala/Cart.scala', [
        'def log(m: String): Unit = println(m)',
        'def add(x: Int): Unit = println(x)',
      ]),
    ).toEqual([[2, 'debug/println']]);
  });
});

describe('debug leftovers: the context patterns stay linear', () => {
  it('reads hostile near-limit lines without blowing up and still finds the print after them', () => {
    const hostile = [
      `x = (${'a '.repeat(490)}) => {`,
      `def log${' '.repeat(900)}(`,
      `print("${'{'.repeat(300)}${'%'.repeat(300)}", x)`,
      `# %${' %'.repeat(490)}`,
      `log(${')'.repeat(900)}{`,
      `a: ${'a = '.repeat(240)}{`,
      `struct A: ${'b '.repeat(400)}{`,
    ];
    expect(scan('app/cart.py', [...hostile, 'print(total)']).map(([line]) => line)).toEqual([3, 8]);
    expect(scan('src/cart.ts', [...hostile, 'console.log(total);']).map(([line]) => line)).toEqual([8]);
  });
});

describe("debug leftovers: a server's announcement that it listens", () => {
  it('leaves the listen callback alone, on its line or in its block, and reports other prints', () => {
    const js = [
      'app.listen(PORT, () => console.log(`listening on ${PORT}`));', // 1
      'server.listen(port, function () {', // 2
      '  console.log(`api ready on :${port}`);', // 3
      '});', // 4
      'app.get("/x", (req, res) => { console.log(req.body); res.end(); });', // 5
    ];
    expect(scan('src/server.ts', js)).toEqual([[5, 'debug/console-log']]);
  });
});

describe('debug leftovers: output behind a debug switch, whatever its text says', () => {
  it('leaves a debug-switch block alone even when its text says DEBUG, and reports the same text outside', () => {
    expect(
      scan('src/cart.ts', [
        'if (debug) {',
        '  console.log("DEBUG", cart);',
        '}',
        'console.log("DEBUG", cart);',
      ]),
    ).toEqual([[4, 'debug/console-log']]);
    expect(
      scan('app/cart.py', ['if settings.DEBUG:', '    print("DEBUG", cart)', 'print("DEBUG", cart)']),
    ).toEqual([[3, 'debug/print']]);
    expect(
      scan('src/parse.c', [
        '#ifdef DEBUG',
        '  fprintf(stderr, "DEBUG: n=%d\\n", n);',
        '#endif',
        'printf("DEBUG: n=%d\\n", n);',
      ]),
    ).toEqual([[4, 'debug/printf']]);
    // In a CLI, where only debug text is reported, a verbose block is still the switch's purpose.
    expect(
      scan('bin/sync.py', [
        'import argparse',
        'if args.verbose:',
        '    print("DEBUG", rows)',
        'print("DEBUG", rows)',
      ]),
    ).toEqual([[4, 'debug/print']]);
  });
});
