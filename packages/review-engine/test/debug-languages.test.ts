import { debugLeftoversAnalyzer } from '../src/analyzers/debug-leftovers';
import { DEFAULT_SETTINGS, parsePatch, type Finding } from '../src';
import { addedFile } from './fixtures';

function findings(path: string, lines: string[]): Finding[] {
  return debugLeftoversAnalyzer.analyze(parsePatch(addedFile(path, lines)), DEFAULT_SETTINGS) as Finding[];
}

function scan(path: string, lines: string[]): Array<[number, string, string]> {
  return findings(path, lines).map((f) => [f.line, f.ruleId, f.severity]);
}

describe('debug leftovers in languages beyond JavaScript, Python, Ruby and PHP', () => {
  it('reports System.out/err prints and printStackTrace() in Java, naming SLF4J', () => {
    const lines = [
      'class OrderService {', // 1
      '  void place(Order o) {', // 2
      '    System.out.println("order " + o);', // 3
      '    System.err.printf("%s%n", o);', // 4
      '    try { save(o); } catch (IOException e) { e.printStackTrace(); }', // 5
      '    e.printStackTrace(writer);', // 6: printing to a writer it was given
      '    log.info("placed {}", o.id());', // 7
      '    // System.out.println(o);', // 8
      '    String s = "System.out.println(x)";', // 9
      '  }', // 10
      '}', // 11
    ];
    expect(scan('src/main/java/shop/OrderService.java', lines)).toEqual([
      [3, 'debug/system-out', 'low'],
      [4, 'debug/system-out', 'low'],
      [5, 'debug/print-stack-trace', 'low'],
    ]);
    expect(findings('src/main/java/shop/OrderService.java', lines)[0]?.message).toContain('SLF4J');
  });

  it('reports println in Kotlin, naming Log.d, but not in a main function file or a Gradle script', () => {
    expect(
      scan('app/src/main/kotlin/Cart.kt', ['fun total(): Int {', '    println("total $t")', '}']),
    ).toEqual([[2, 'debug/println', 'low']]);
    expect(findings('app/src/main/kotlin/Cart.kt', ['println(x)'])[0]?.message).toContain('Log.d');
    expect(
      scan('src/Main.kt', ['fun main(args: Array<String>) {', '    println("usage: tool <file>")', '}']),
    ).toEqual([]);
    expect(scan('build.gradle.kts', ['tasks.register("hello") {', '    println("hello")', '}'])).toEqual([]);
  });

  it('reports fmt.Print in a Go library package, the println builtin always, and runtime.Breakpoint', () => {
    const lines = [
      'package billing', // 1
      '', // 2
      'func Charge(a Account) error {', // 3
      '\tfmt.Println("charging", a.ID)', // 4
      '\tfmt.Printf("%+v\\n", a)', // 5
      '\tfmt.Fprintf(w, "charged %d\\n", a.ID)', // 6: writes to a given io.Writer
      '\tprintln("here")', // 7
      '\truntime.Breakpoint()', // 8
      '\tlog.Printf("charged %s", a.ID)', // 9
      '\ts := fmt.Sprintf("%d", a.ID)', // 10
      '\treturn nil', // 11
      '}', // 12
    ];
    expect(scan('internal/billing/charge.go', lines)).toEqual([
      [4, 'debug/fmt-print', 'low'],
      [5, 'debug/fmt-print', 'low'],
      [7, 'debug/println', 'low'],
      [8, 'debug/breakpoint', 'medium'],
    ]);
    expect(findings('internal/billing/charge.go', lines)[0]?.message).toMatch(/log\.Printf|slog/);
  });

  it("takes a Go CLI's fmt.Print as its output: cmd/, a package main reading flags/os.Args, cobra users", () => {
    const cli = [
      'package main',
      '',
      'func main() {',
      '\tif len(os.Args) < 2 {',
      '\t\tfmt.Println("usage: tool <file>")',
      '\t}',
      '}',
    ];
    expect(scan('main.go', cli)).toEqual([]);
    // main.go alone does not make a CLI: a server's main prints are leftovers.
    expect(
      scan('main.go', [
        'package main',
        'func main() {',
        '\tfmt.Println(cfg)',
        '\thttp.ListenAndServe(a, h)',
        '}',
      ]),
    ).toEqual([[3, 'debug/fmt-print', 'low']]);
    expect(
      scan('cmd/tool/run.go', ['package run', 'func Run() {', '\tfmt.Printf("%d files\\n", n)', '}']),
    ).toEqual([]);
    const flagged = [
      'package main',
      'import "flag"',
      'func run() {',
      '\tflag.Parse()',
      '\tfmt.Println(n)',
      '}',
    ];
    expect(scan('tool.go', flagged)).toEqual([]);
    const cobra = [
      'package commands',
      'var root = &cobra.Command{',
      '\tRun: func() { fmt.Println("ok") },',
      '}',
    ];
    expect(scan('internal/commands/root.go', cobra)).toEqual([]);
    // A package main without an argument parser outside main.go is not taken as a CLI.
    expect(scan('server.go', ['package main', 'func serve() {', '\tfmt.Println(cfg)', '}'])).toEqual([
      [3, 'debug/fmt-print', 'low'],
    ]);
    // Even in a CLI, the builtin println and a print that says DEBUG are leftovers.
    expect(
      scan('cmd/tool/main.go', [
        'package main',
        'func main() {',
        '\tprintln(x)',
        '\tfmt.Println("DEBUG", x)',
        '}',
      ]),
    ).toEqual([
      [3, 'debug/println', 'low'],
      [4, 'debug/fmt-print', 'low'],
    ]);
  });

  it('reports dbg! everywhere and println!/eprintln! outside binaries, examples and build.rs', () => {
    const lines = [
      'pub fn parse(input: &str) -> Config {', // 1
      '    let cfg = dbg!(build(input));', // 2
      '    println!("cfg = {:?}", cfg);', // 3
      '    eprintln!("{cfg:#?}");', // 4
      '    println!("parsed {} entries", cfg.len());', // 5: a library prints nothing of its own
      '    tracing::debug!(?cfg, "parsed");', // 6
      '    cfg', // 7
      '}', // 8
    ];
    expect(scan('src/config.rs', lines)).toEqual([
      [2, 'debug/dbg', 'low'],
      [3, 'debug/println', 'low'],
      [4, 'debug/println', 'low'],
      [5, 'debug/println', 'low'],
    ]);
    expect(findings('src/config.rs', lines)[0]?.message).toContain('tracing');
    expect(scan('src/main.rs', ['fn main() {', '    println!("{:?}", args);', '    dbg!(x);', '}'])).toEqual([
      [3, 'debug/dbg', 'low'],
    ]);
    expect(scan('build.rs', ['fn main() {', '    println!("cargo:rerun-if-changed={:?}", p);', '}'])).toEqual(
      [],
    );
  });

  it('reports Console.WriteLine, Debug.WriteLine (compiled out of release builds: never in the logs) and Debugger.Break in C#', () => {
    const lines = [
      'public class Cart {', // 1
      '    public void Add(Item i) {', // 2
      '        Console.WriteLine($"adding {i}");', // 3
      '        System.Console.Write(i);', // 4
      '        Debug.WriteLine("added");', // 5
      '        Debugger.Break();', // 6
      '        _logger.LogInformation("added {Item}", i);', // 7
      '    }', // 8
      '}', // 9
    ];
    expect(scan('src/Shop/Cart.cs', lines)).toEqual([
      [3, 'debug/console-write', 'low'],
      [4, 'debug/console-write', 'low'],
      [5, 'debug/debug-write', 'low'],
      [6, 'debug/debugger-break', 'medium'],
    ]);
    expect(findings('src/Shop/Cart.cs', lines)[0]?.message).toContain('ILogger');
    expect(scan('src/Tool/Program.cs', ['Console.WriteLine("Usage: tool <path>");'])).toEqual([]);
    expect(
      scan('src/Tool/Runner.cs', ['static int Main(string[] args) {', '    Console.WriteLine("done");', '}']),
    ).toEqual([]);
  });

  it('reports bare puts, p and pp statements in Ruby but not look-alikes', () => {
    const lines = [
      'def total', // 1
      '  puts "total: #{t}"', // 2
      '  p order', // 3
      '  pp(order.items)', // 4
      '  p = compute', // 5
      '  p.save', // 6
      '  print "x"', // 7
      '  Rails.logger.debug("total")', // 8
      '  @p = 1', // 9
      '  puts', // 10: a blank line on stdout, not a debug print of a value
      '  p if ready', // 11: a local p, evaluated
      'end', // 12
    ];
    expect(scan('app/models/order.rb', lines)).toEqual([
      [2, 'debug/puts', 'low'],
      [3, 'debug/p', 'low'],
      [4, 'debug/p', 'low'],
      [7, 'debug/puts', 'low'],
    ]);
    expect(findings('app/models/order.rb', lines)[0]?.message).toContain('Rails.logger');
  });

  it('reports binding.pry, binding.break, byebug and debugger in Ruby, specs included', () => {
    const lines = [
      'it "works" do',
      '  binding.pry',
      '  binding.break',
      '  debugger',
      '  puts result', // 5: a value dumped in a spec
      '  puts "Stubbing the payment gateway for this example"', // 6: the spec's own words
      'end',
    ];
    expect(scan('spec/models/order_spec.rb', lines)).toEqual([
      [2, 'debug/binding-pry', 'medium'],
      [3, 'debug/binding-pry', 'medium'],
      [4, 'debug/debugger', 'medium'],
      [5, 'debug/puts', 'low'],
    ]);
  });

  it('reports print_r/var_export only when they print, dump() and dd() in PHP, dd() in tests too', () => {
    const lines = [
      '<?php', // 1
      'print_r($order);', // 2
      '$text = print_r($order, true);', // 3: returns the text
      'var_export($config);', // 4
      'error_log(var_export($config, true));', // 5: a whole value dumped into the error log
      'dump($request);', // 6
      'ddd($x);', // 7
      '$this->dump($x);', // 8
      'function dump($x) {}', // 9
      'print_r(["a", "b"], false);', // 10: prints
      'xdebug_break();', // 11
    ];
    expect(scan('app/Http/Controllers/OrderController.php', lines)).toEqual([
      [2, 'debug/print-r', 'low'],
      [4, 'debug/var-export', 'low'],
      [5, 'debug/error-log-dump', 'low'],
      [6, 'debug/dump', 'low'],
      [7, 'debug/dd', 'medium'],
      [10, 'debug/print-r', 'low'],
      [11, 'debug/xdebug-break', 'medium'],
    ]);
    expect(findings('app/Order.php', ['var_dump($o);'])[0]?.message).toMatch(/error_log|Monolog/);
    // var_dump of a value in a test is a dump, as anywhere.
    expect(scan('tests/Feature/OrderTest.php', ['<?php', 'dd($response);', 'var_dump($x);'])).toEqual([
      [2, 'debug/dd', 'medium'],
      [3, 'debug/var-dump', 'low'],
    ]);
  });

  it('reports console.table and console.dir; console.error/warn/info stay quiet', () => {
    expect(
      scan('src/report.ts', [
        'console.table(rows);',
        'console.dir(obj, { depth: 3 });',
        'console.warn("slow");',
      ]),
    ).toEqual([
      [1, 'debug/console-table', 'low'],
      [2, 'debug/console-dir', 'low'],
    ]);
  });

  it('reports print/debugPrint/dump in Swift and print in Dart, with debugger() from dart:developer', () => {
    expect(
      scan('Sources/App/Cart.swift', ['func add() {', '    print(item)', '    debugPrint(cart)', '}']),
    ).toEqual([
      [2, 'debug/print', 'low'],
      [3, 'debug/debug-print', 'low'],
    ]);
    expect(findings('Sources/App/Cart.swift', ['print(x)'])[0]?.message).toContain('Logger');
    expect(scan('Sources/Tool/main.swift', ['print("usage: tool")'])).toEqual([]);
    expect(
      scan('lib/cart.dart', ['void add() {', '  print(item);', '  debugPrint("ok");', '  debugger();', '}']),
    ).toEqual([
      [2, 'debug/print', 'low'],
      [4, 'debug/debugger', 'medium'],
    ]);
    expect(scan('bin/tool.dart', ['void main(List<String> args) {', '  print("usage");', '}'])).toEqual([]);
  });

  it('reports breakpoints in every language’s test files, and there the output that dumps a value', () => {
    expect(
      scan('tests/test_cart.py', [
        'def test_total():',
        '    import pdb; pdb.set_trace()',
        '    print(t)', // 3: a value printed before the assertion
        '    print("Using the sandbox gateway for this run")', // 4: the test's own words
        '    assert t == 3',
      ]),
    ).toEqual([
      [2, 'debug/pdb', 'medium'],
      [3, 'debug/print', 'low'],
    ]);
    expect(
      scan('cart_test.go', ['func TestX(t *testing.T) {', '\tfmt.Println(x)', '\truntime.Breakpoint()', '}']),
    ).toEqual([
      [2, 'debug/fmt-print', 'low'],
      [3, 'debug/breakpoint', 'medium'],
    ]);
    // printStackTrace() prints no value of its own; a message and a value under it is a dump.
    expect(
      scan('src/test/java/shop/CartTest.java', [
        'System.out.println(cart);',
        'e.printStackTrace();',
        'System.out.println("Response: " + body);',
      ]),
    ).toEqual([
      [1, 'debug/system-out', 'low'],
      [3, 'debug/system-out', 'low'],
    ]);
    expect(scan('Shop.Tests/CartTests.cs', ['Console.WriteLine(x);', 'Debugger.Break();'])).toEqual([
      [1, 'debug/console-write', 'low'],
      [2, 'debug/debugger-break', 'medium'],
    ]);
    // dbg! is never intended output; println! of a Debug-formatted value in a test is a dump too.
    expect(
      scan('tests/parse.rs', [
        'dbg!(x);',
        'println!("{:?}", x);',
        'println!("running against the local broker");',
      ]),
    ).toEqual([
      [1, 'debug/dbg', 'low'],
      [2, 'debug/println', 'low'],
    ]);
  });

  it('keeps every pattern linear on hostile lines and skips very long ones', () => {
    const hostile = [
      `${'('.repeat(900)}console.log(x)`,
      `print_r(${'['.repeat(900)}`,
      `fmt.Println(${'"'.repeat(900)}`,
      `${' '.repeat(5_000)}console.log(x)`,
    ];
    expect(scan('src/a.ts', hostile).map(([line]) => line)).toEqual([1]);
    expect(scan('src/a.php', ['<?php', ...hostile]).map(([line]) => line)).toEqual([3]);
    expect(scan('src/a.go', hostile).map(([line]) => line)).toEqual([3]);
  });

  it("reports test frameworks' debugging aids in tests: screen.debug, .only, page.pause, ->dd(), save_and_open_page", () => {
    const js = [
      "it.only('renders', () => {", // 1
      '  render(<Users />);', // 2
      '  screen.debug();', // 3
      '});', // 4
      "fdescribe('x', () => {});", // 5
      'await page.pause();', // 6
      'const fit = (a) => a;', // 7
    ];
    expect(scan('src/__tests__/Users.test.jsx', js)).toEqual([
      [1, 'debug/focused-test', 'medium'],
      [3, 'debug/screen-debug', 'low'],
      [5, 'debug/focused-test', 'medium'],
      [6, 'debug/test-pause', 'medium'],
    ]);
    // Outside tests `fit(...)` is anybody's function; a pause still halts a script.
    expect(scan('src/ml/train.ts', ['fit(model, rows);', 'await page.pause();'])).toEqual([
      [2, 'debug/test-pause', 'medium'],
    ]);
    // ->dump() with no arguments prints the response: debugging, as ->dd() is (without ending the test).
    expect(
      scan('tests/Feature/UserTest.php', [
        '<?php',
        '$response->dd();',
        '$response->dump();',
        '$yaml->dump($data);',
      ]),
    ).toEqual([
      [2, 'debug/dd', 'medium'],
      [3, 'debug/dump', 'low'],
    ]);
    expect(scan('spec/features/checkout_spec.rb', ['visit cart_path', 'save_and_open_page'])).toEqual([
      [2, 'debug/save-and-open', 'low'],
    ]);
  });

  it("treats Rust's #[cfg(test)] module as test code", () => {
    const lines = [
      'pub fn f() -> u8 { println!("x"); 1 }',
      '#[cfg(test)]',
      'mod tests {',
      '    fn t() { println!("{}", super::f()); }',
      '}',
    ];
    // The test module's println! of a value is a dump, as in any test.
    expect(scan('src/lib.rs', lines)).toEqual([
      [1, 'debug/println', 'low'],
      [4, 'debug/println', 'low'],
    ]);
    const sentence = [
      ...lines.slice(0, 3),
      '    fn t() { println!("checking the default sample rate"); }',
      '}',
    ];
    expect(scan('src/lib.rs', sentence)).toEqual([[1, 'debug/println', 'low']]);
  });

  it('leaves print(..., file=handle) alone and reports console.log passed as a callback', () => {
    expect(
      scan('app/export.py', ['print(row, file=out)', 'print(row, file=sys.stdout)', 'print(row, end="")']),
    ).toEqual([
      [2, 'debug/print', 'low'],
      [3, 'debug/print', 'low'],
    ]);
    expect(scan('src/api.ts', ['fetchUsers().then(console.log);', 'console.log = noop;'])).toEqual([
      [1, 'debug/console-log', 'low'],
    ]);
  });

  it('finds print calls that do not start their line: one-liners, lambdas, blocks', () => {
    expect(
      scan('app/sync.py', [
        'if rows: print(rows)',
        'f = lambda r: print(r)',
        'def print(self): pass',
        'pprint.pprint(cfg)',
      ]),
    ).toEqual([
      [1, 'debug/print', 'low'],
      [2, 'debug/print', 'low'],
      [4, 'debug/print', 'low'],
    ]);
    expect(scan('src/main/kotlin/Sync.kt', ['items.also { println(it) }', 'fun print(x: Int) = x'])).toEqual([
      [1, 'debug/println', 'low'],
    ]);
    expect(scan('app/models/sync.rb', ['rows.each { |r| puts r }', 'rows.each do |r| puts r end'])).toEqual([
      [1, 'debug/puts', 'low'],
      [2, 'debug/puts', 'low'],
    ]);
    expect(scan('Sources/App/Sync.swift', ['items.forEach { print($0) }', 'printer.print(doc)'])).toEqual([
      [1, 'debug/print', 'low'],
    ]);
  });
});
