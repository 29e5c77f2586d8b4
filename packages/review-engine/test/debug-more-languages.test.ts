import { debugLeftoversAnalyzer } from '../src/analyzers/debug-leftovers';
import { DEFAULT_SETTINGS, parsePatch, type Finding } from '../src';
import { addedFile } from './fixtures';

function findings(path: string, lines: string[]): Finding[] {
  return debugLeftoversAnalyzer.analyze(parsePatch(addedFile(path, lines)), DEFAULT_SETTINGS) as Finding[];
}

function scan(path: string, lines: string[]): Array<[number, string, string]> {
  return findings(path, lines).map((f) => [f.line, f.ruleId, f.severity]);
}

describe('debug leftovers in C/C++, Objective-C, Lua, Perl, R and Clojure', () => {
  it('C and C++: printf/cout only when the text says debugging; debugger traps always', () => {
    const lines = [
      'int parse(const char *s) {', // 1
      '  printf("DEBUG: len=%zu\\n", strlen(s));', // 2
      '  printf("%d items\\n", n);', // 3: the program's output
      '  fprintf(stderr, "here\\n");', // 4
      '  fprintf(stderr, "parse: bad input\\n");', // 5: an error report
      '  std::cout << "debug: " << n << std::endl;', // 6
      '  std::cout << n << std::endl;', // 7
      '  __debugbreak();', // 8
      '  raise(SIGTRAP);', // 9
      '  // printf("DEBUG %d", n);', // 10
      '  __builtin_trap();', // 11: a deliberate abort on an impossible state
      '}', // 12
    ];
    expect(scan('src/parse.cpp', lines)).toEqual([
      [2, 'debug/printf', 'low'],
      [4, 'debug/printf', 'low'],
      [6, 'debug/printf', 'low'],
      [8, 'debug/debug-break', 'medium'],
      [9, 'debug/debug-break', 'medium'],
    ]);
    // Inside #ifdef DEBUG the trap is still a trap; a plain debug print there is deliberate.
    expect(scan('src/parse.c', ['#ifdef DEBUG', '  printf("%d\\n", n);', '#endif'])).toEqual([]);
  });

  it('Objective-C: NSLog is reported outside a logging macro and #if DEBUG', () => {
    const lines = [
      '- (void)load {', // 1
      '    NSLog(@"%@", self.items);', // 2
      '    os_log_info(log, "loaded");', // 3
      '#if DEBUG', // 4
      '    NSLog(@"loaded %lu", n);', // 5
      '#endif', // 6
      '}', // 7
    ];
    expect(scan('Classes/Cart.m', lines)).toEqual([[2, 'debug/nslog', 'low']]);
    expect(findings('Classes/Cart.m', ['NSLog(@"x");'])[0]?.message).toContain('os_log');
  });

  it('Lua: print outside a script, debugger hooks everywhere; block comments and long strings skipped', () => {
    const lines = [
      'local M = {}', // 1
      'function M.setup(opts)', // 2
      '  print(vim.inspect(opts))', // 3
      '  --[[', // 4
      '  print(opts)', // 5: commented out
      '  ]]', // 6
      '  local s = [[', // 7
      'print(x)', // 8: inside a long string
      ']]', // 9
      '  require("mobdebug").start()', // 10
      '  require("server").start()', // 11
      'end', // 12
    ];
    expect(scan('lua/cart/init.lua', lines)).toEqual([
      [3, 'debug/print', 'low'],
      [10, 'debug/debugger', 'medium'],
    ]);
    expect(scan('bin/convert.lua', ['print(arg[1])'])).toEqual([]);
    expect(scan('tools/convert', ['#!/usr/bin/env lua', 'for _, a in ipairs(arg) do print(a) end'])).toEqual(
      [],
    );
  });

  it('Perl: print is output, a Data::Dumper dump and $DB::single are debugging', () => {
    const lines = [
      'sub load {', // 1
      '  print STDERR Dumper($config);', // 2
      '  warn Dumper(\\%opts);', // 3
      '  print "loaded $n rows\\n";', // 4
      '  $DB::single = 1;', // 5
      '  # print Dumper($x);', // 6
      '}', // 7
    ];
    expect(scan('lib/Shop/Loader.pm', lines)).toEqual([
      [2, 'debug/dumper', 'low'],
      [3, 'debug/dumper', 'low'],
      [5, 'debug/db-single', 'medium'],
    ]);
    // In a Perl test (`t/*.t`) a dump is still a dump.
    expect(scan('t/loader.t', ['print Dumper($got);', 'is($got, 3);'])).toEqual([[1, 'debug/dumper', 'low']]);
  });

  it('R: print and cat are its output; browser() and debugonce() are breakpoints', () => {
    const lines = ['fit <- lm(y ~ x, data = df)', 'print(summary(fit))', 'browser()', 'debugonce(fit_model)'];
    expect(scan('R/model.R', lines)).toEqual([
      [3, 'debug/browser', 'medium'],
      [4, 'debug/browser', 'medium'],
    ]);
  });

  it('Clojure: println/prn/pprint outside -main and REPL blocks, #break / #dbg always', () => {
    const lines = [
      '(ns shop.cart)', // 1
      '(defn total [items]', // 2
      '  "Sums the items; (println x) in a docstring is text', // 3
      '  (prn items) too"', // 4
      '  (prn items)', // 5
      '  (clojure.pprint/pprint items)', // 6
      '  #break (reduce + items))', // 7
      '; (println "old")', // 8
      '(defn printer [x] x)', // 9
    ];
    expect(scan('src/shop/cart.clj', lines)).toEqual([
      [5, 'debug/println', 'low'],
      [6, 'debug/pprint', 'low'],
      [7, 'debug/debug-reader-tag', 'medium'],
    ]);
    expect(scan('src/shop/main.clj', ['(defn -main [& args]', '  (println (total args)))'])).toEqual([]);
    // A function named for output, in a namespace that is not a CLI.
    expect(
      scan('src/shop/report.clj', [
        '(defn print-usage [] (println "usage: shop <cmd>"))',
        '(defn log [m]',
        '  (println m))',
        '(defn total [xs] (prn xs) (reduce + xs))',
      ]),
    ).toEqual([[4, 'debug/println', 'low']]);
    expect(
      scan('test/shop/cart_test.clj', ['(deftest t', '  (prn (total [1]))', '  (is (= 1 (total [1]))))']),
    ).toEqual([[2, 'debug/println', 'low']]);
  });

  it('keeps the new patterns linear on hostile lines', () => {
    const hostile = [
      `print ${'x'.repeat(5_000)}Dumper(`,
      `(${' '.repeat(900)}prn x)`,
      `require(${'"'.repeat(900)}`,
      `printf(${'"'.repeat(900)}`,
    ];
    expect(scan('lib/a.pm', hostile)).toEqual([]);
    expect(scan('src/a.clj', hostile).map(([line]) => line)).toEqual([2]);
    expect(scan('src/a.lua', hostile)).toEqual([]);
    expect(scan('src/a.c', hostile)).toEqual([]);
  });

  it("Python's icecream ic() and pprint.pp, Scala's pprint.pprintln: debugging dumps", () => {
    expect(scan('app/sync.py', ['ic(rows)', 'pprint.pp(cfg)', 'topic(rows)', 'self.ic(x)'])).toEqual([
      [1, 'debug/icecream', 'low'],
      [2, 'debug/print', 'low'],
    ]);
    // ic() is debugging in tests too.
    expect(scan('tests/test_sync.py', ['ic(rows)'])).toEqual([[1, 'debug/icecream', 'low']]);
    expect(scan('src/main/scala/Sync.scala', ['pprint.pprintln(rows)', 'pprint.log(cfg)'])).toEqual([
      [1, 'debug/pprint', 'low'],
      [2, 'debug/pprint', 'low'],
    ]);
  });

  it('PHP: print_r / var_export dumps written to the error log or a file, wherever they sit in the call', () => {
    const lines = [
      '<?php',
      "error_log('body: ' . print_r($body, true));",
      "file_put_contents('/tmp/debug.log', var_export($order, true), FILE_APPEND);",
      'file_put_contents($path, json_encode($order));',
    ];
    expect(scan('includes/class-sync.php', lines)).toEqual([
      [2, 'debug/error-log-dump', 'low'],
      [3, 'debug/error-log-dump', 'low'],
    ]);
  });
});

describe('debug leftovers in Rails views (ERB, HAML, Slim)', () => {
  it('reports breakpoints and the debug / console helpers, not markup that looks alike', () => {
    const erb = [
      '<h1><%= @order.number %></h1>', // 1
      '<% binding.pry %>', // 2
      '<%= debug @order %>', // 3
      "<p>Don't debug here: #{x}</p>", // 4: text
      '<%# binding.pry %>', // 5: an ERB comment
      '<% console %>', // 6
      '<%- byebug -%>', // 7
      '<%= render "debug" %>', // 8
      '<!-- <% binding.pry %> -->', // 9: ERB still runs it inside an HTML comment
    ];
    expect(scan('app/views/orders/show.html.erb', erb)).toEqual([
      [2, 'debug/binding-pry', 'medium'],
      [3, 'debug/debug-helper', 'low'],
      [6, 'debug/debug-helper', 'low'],
      [7, 'debug/byebug', 'medium'],
      [9, 'debug/binding-pry', 'medium'],
    ]);
    expect(
      scan('app/views/orders/show.html.haml', [
        '%h1= @order.number',
        '- binding.pry',
        '= debug(@order)',
        '-# binding.pry',
      ]),
    ).toEqual([
      [2, 'debug/binding-pry', 'medium'],
      [3, 'debug/debug-helper', 'low'],
    ]);
    expect(
      scan('app/views/orders/show.html.slim', ['h1 = @order.number', '- debugger', 'p debug output is off']),
    ).toEqual([[2, 'debug/byebug', 'medium']]);
  });
});

describe('debug leftovers: more breakpoints and focus markers in the covered languages', () => {
  it('Python: one-line __import__ breakpoints, pytest/rdb/wdb/pudb, pydevd, debugpy, IPython embed()', () => {
    const lines = [
      "__import__('pdb').set_trace()", // 1
      "__import__('ipdb').set_trace()", // 2
      'pytest.set_trace()', // 3
      'from celery.contrib import rdb; rdb.set_trace()', // 4
      'import pudb; pu.db', // 5
      "pydevd.settrace('localhost', port=5678)", // 6
      'debugpy.wait_for_client()', // 7
      'embed()', // 8
      'vectors = model.embed(texts)', // 9
      'menu.db = load()', // 10
    ];
    expect(scan('app/worker.py', lines).map(([line, rule]) => [line, rule])).toEqual([
      [1, 'debug/pdb'],
      [2, 'debug/pdb'],
      [3, 'debug/pdb'],
      [4, 'debug/pdb'],
      [5, 'debug/pdb'],
      [6, 'debug/pdb'],
      [7, 'debug/pdb'],
      [8, 'debug/pdb'],
    ]);
  });

  it('Ruby: raise x.inspect, and RSpec focus (fit, fdescribe, :focus) in specs only', () => {
    expect(
      scan('app/controllers/orders_controller.rb', ['raise @order.inspect', 'raise NotFound, msg']),
    ).toEqual([[1, 'debug/raise-inspect', 'low']]);
    const spec = [
      'fdescribe Order do', // 1
      '  fit "totals" do', // 2
      '  it "rounds", :focus do', // 3
      '  context "empty", focus: true do', // 4
      '  it "is fine" do', // 5
      'end', // 6
    ];
    expect(scan('spec/models/order_spec.rb', spec)).toEqual([
      [1, 'debug/focused-test', 'medium'],
      [2, 'debug/focused-test', 'medium'],
      [3, 'debug/focused-test', 'medium'],
      [4, 'debug/focused-test', 'medium'],
    ]);
    expect(scan('app/models/fit.rb', ['fit "x"'])).toEqual([]);
  });

  it("JavaScript: Playwright's test.describe.only and Testing Library's bare debug() in tests", () => {
    const lines = [
      "test.describe.only('cart', () => {", // 1
      "test.describe.serial.only('pay', () => {", // 2
      '  const { debug } = render(<Cart />);', // 3
      '  debug();', // 4
      "  debug('x');", // 5: the debug package's logger
    ];
    expect(scan('e2e/cart.spec.ts', lines)).toEqual([
      [1, 'debug/focused-test', 'medium'],
      [2, 'debug/focused-test', 'medium'],
      [4, 'debug/screen-debug', 'low'],
    ]);
    expect(scan('src/cart.ts', ['debug();'])).toEqual([]);
  });
});
