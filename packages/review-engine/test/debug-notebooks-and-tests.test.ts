import { debugLeftoversAnalyzer } from '../src/analyzers/debug-leftovers';
import { dumpsValue } from '../src/analyzers/debug/checks';
import { DEFAULT_SETTINGS, parsePatch, type Finding } from '../src';
import { addedFile } from './fixtures';

function scan(path: string, lines: string[]): Array<[number, string]> {
  const found = debugLeftoversAnalyzer.analyze(
    parsePatch(addedFile(path, lines)),
    DEFAULT_SETTINGS,
  ) as Finding[];
  return found.map((f) => [f.line, f.ruleId]);
}

/** `dumpsValue` on a line whose print call ends at the first "(". */
const dumps = (line: string): boolean => dumpsValue(line, line.indexOf('(') + 1);

describe('debug leftovers: notebooks kept as scripts print their results', () => {
  const cells = ['import pandas as pd', 'df = pd.read_csv("x.csv")', 'print(df.shape)', 'breakpoint()'];

  it('leaves print alone in jupytext, nbconvert, old IPython, Databricks and marimo notebooks', () => {
    expect(scan('notebooks/explore.py', ['# %% [markdown]', '# # Title', '', '# %%', ...cells])).toEqual([
      [8, 'debug/breakpoint'],
    ]);
    expect(scan('analysis/eda.py', ['#!/usr/bin/env python', '# In[3]:', ...cells])).toEqual([
      [6, 'debug/breakpoint'],
    ]);
    expect(scan('analysis/old.py', ['# <codecell>', ...cells])).toEqual([[5, 'debug/breakpoint']]);
    expect(
      scan('jobs/ingest.py', ['# Databricks notebook source', ...cells.slice(0, 3), '# COMMAND ----------']),
    ).toEqual([]);
    expect(scan('jobs/ingest.scala', ['// Databricks notebook source', 'println(df.count())'])).toEqual([]);
    expect(scan('apps/dash.py', ['import marimo', 'app = marimo.App(width="medium")', 'print(df)'])).toEqual(
      [],
    );
  });

  it('still reports print in a plain module, even one in a notebooks/ folder', () => {
    expect(scan('notebooks/helpers.py', cells)).toEqual([
      [3, 'debug/print'],
      [4, 'debug/breakpoint'],
    ]);
    // `%%` inside code or text is not a cell marker.
    expect(scan('app/fmt.py', ['x = "%%"  # %% of total', 'print(x)'])).toEqual([[2, 'debug/print']]);
  });

  it('does not read .ipynb JSON as code', () => {
    expect(scan('notebooks/eda.ipynb', ['{', '  "source": ["print(df)\\n", "breakpoint()"]', '}'])).toEqual(
      [],
    );
  });
});

describe('debug leftovers: output in tests', () => {
  it('takes a bare value, or a value under a label of at most two words, as a dump', () => {
    expect(dumps('print(dataset)')).toBe(true);
    expect(dumps('console.log(res.body)')).toBe(true);
    expect(dumps('console.log("got", res)')).toBe(true);
    expect(dumps('println!("{:?}", line)')).toBe(true);
    expect(dumps('print(f"{loss=}")')).toBe(true);
    expect(dumps('System.out.println("Response: " + body)')).toBe(true);
    expect(dumps('print("rows: %d" % len(rows))')).toBe(true);
    expect(dumps('IO.puts("booking: #{inspect(b)}")')).toBe(true);
    expect(dumps('print("value \\(total)")')).toBe(true);
    expect(dumps('println("user=$user")')).toBe(true);
  });

  it("takes a sentence, a short text without a value and an empty call as the test's own output", () => {
    expect(dumps('print("Seeding 40 users for the suite")')).toBe(false);
    expect(dumps('println!("running {} cases against the local broker", n)')).toBe(false);
    expect(dumps('console.log("done")')).toBe(false);
    expect(dumps('print(f"Using database {url}")')).toBe(false);
    expect(dumps('print("Final loss:", loss)')).toBe(true);
    expect(dumps('console.log("response data", data)')).toBe(true);
    expect(dumps('e.printStackTrace()')).toBe(false);
    expect(dumps('print()')).toBe(false);
  });

  it('reports a print of a value right before an assertion, in every test layout', () => {
    const py = ['def test_total():', '    rows = load()', '    print(rows)', '    assert len(rows) == 3'];
    expect(scan('tests/test_load.py', py)).toEqual([[3, 'debug/print']]);
    expect(scan('app/tests.py', py)).toEqual([[3, 'debug/print']]);
    expect(
      scan('src/cart.test.ts', ['const r = total(cart);', 'console.log(r);', 'expect(r).toBe(3);']),
    ).toEqual([[2, 'debug/console-log']]);
  });

  it("leaves Go's Example functions alone: their output is what `// Output:` checks", () => {
    const lines = [
      'package cart_test', // 1
      '', // 2
      'func ExampleTotal() {', // 3
      '\tfmt.Println(cart.Total(items))', // 4
      '\t// Output: 3', // 5
      '}', // 6
      '', // 7
      'func TestTotal(t *testing.T) {', // 8
      '\tfmt.Println(cart.Total(items))', // 9
      '}', // 10
    ];
    expect(scan('cart/example_test.go', lines)).toEqual([[9, 'debug/fmt-print']]);
  });

  it('in a test of a CLI, argv and main() do not make the test a CLI', () => {
    expect(
      scan('tests/test_cli.py', [
        'import sys',
        'def test_main():',
        '    sys.argv = ["x"]',
        '    print(main())',
      ]),
    ).toEqual([[4, 'debug/print']]);
  });
});

describe('debug leftovers: C# Debug.WriteLine and PHP dumps into the error log', () => {
  it('reports Debug.WriteLine / Debug.Print, but not Trace.WriteLine or inside #if DEBUG', () => {
    const lines = [
      'public void Reserve() {', // 1
      '    System.Diagnostics.Debug.WriteLine($"reserved {qty}");', // 2
      '    Debug.Print("x");', // 3
      '    Trace.WriteLine("reserved");', // 4: a tracing channel with configured listeners
      '    Debug.Assert(qty > 0);', // 5
      '#if DEBUG', // 6
      '    Debug.WriteLine(qty);', // 7
      '#endif', // 8
      '}', // 9
    ];
    expect(scan('src/Stock/StockService.cs', lines)).toEqual([
      [2, 'debug/debug-write'],
      [3, 'debug/debug-write'],
    ]);
  });

  it('reports error_log(print_r($x, true)), not a PSR-3 logger given the same dump', () => {
    const lines = [
      '<?php', // 1
      'error_log( print_r( $body, true ) );', // 2
      'error_log(var_export($payload, true));', // 3
      '$this->logger->debug(print_r($body, true));', // 4: leveled logging, chosen on purpose
      'error_log("sync failed: " . $e->getMessage());', // 5: an error report
      "throw new RuntimeException('bad body: ' . print_r($body, true));", // 6
    ];
    expect(scan('includes/class-client.php', lines)).toEqual([
      [2, 'debug/error-log-dump'],
      [3, 'debug/error-log-dump'],
    ]);
  });
});
