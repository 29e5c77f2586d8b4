import { debugLeftoversAnalyzer } from '../src/analyzers/debug-leftovers';
import { DEFAULT_SETTINGS, parsePatch, type Finding } from '../src';
import { addedFile } from './fixtures';

function scan(path: string, lines: string[]): Array<[number, string, string]> {
  const findings = debugLeftoversAnalyzer.analyze(
    parsePatch(addedFile(path, lines)),
    DEFAULT_SETTINGS,
  ) as Finding[];
  for (const f of findings) expect(f).toMatchObject({ path, category: 'maintainability' });
  return findings.map((f) => [f.line, f.ruleId, f.severity]);
}

describe('debug leftovers analyzer', () => {
  it('reports console calls and debugger statements in JavaScript and TypeScript', () => {
    const lines = [
      'console.log("total", total);', // 1
      '  debugger;', // 2
      'if (x) { console.debug(x) }', // 3
      'console.trace();', // 4
      'console.error("failed");', // 5: a real error report, not a leftover
      '// console.log("commented out");', // 6
      'doThing(); // console.log(x)', // 7
      'const url = "http://x/console.log";', // 8
      'logger.console.log("x")', // 9: someone else's console property
      ' * console.log(x) shows the total', // 10: inside a block comment
    ];
    expect(scan('src/cart.tsx', lines)).toEqual([
      [1, 'debug/console-log', 'low'],
      [2, 'debug/debugger', 'medium'],
      [3, 'debug/console-debug', 'low'],
      [4, 'debug/console-trace', 'low'],
    ]);
  });

  it('reports print, pdb and breakpoint in Python', () => {
    const lines = [
      'print("debug", value)', // 1
      'import pdb; pdb.set_trace()', // 2
      '    breakpoint()', // 3
      '# print("old")', // 4
      'pprint(value)', // 5: pretty-printing to stdout, as much a leftover as print
      'self.print(value)', // 6
      'import ipdb; ipdb.set_trace()', // 7
    ];
    expect(scan('app/views.py', lines)).toEqual([
      [1, 'debug/print', 'low'],
      [2, 'debug/pdb', 'medium'],
      [3, 'debug/breakpoint', 'medium'],
      [5, 'debug/print', 'low'],
      [7, 'debug/pdb', 'medium'],
    ]);
  });

  it('reports binding.pry and byebug in Ruby, var_dump and dd in PHP', () => {
    expect(
      scan('app/models/user.rb', ['binding.pry', '  byebug', '# binding.pry', 'byebug_enabled = true']),
    ).toEqual([
      [1, 'debug/binding-pry', 'medium'],
      [2, 'debug/byebug', 'medium'],
    ]);
    expect(
      scan('src/Controller.php', ['var_dump($user);', 'dd($request);', '$this->add($x);', '// dd($x);']),
    ).toEqual([
      [1, 'debug/var-dump', 'low'],
      [2, 'debug/dd', 'medium'],
    ]);
  });

  it('in test files reports breakpoints and value dumps, not the tests’ own words; skips unknown languages', () => {
    const js = [
      'console.log(x);',
      'debugger;',
      'console.log("Starting the mock SMTP server for the suite");',
    ];
    const found: Array<[number, string, string]> = [
      [1, 'debug/console-log', 'low'],
      [2, 'debug/debugger', 'medium'],
    ];
    expect(scan('src/cart.test.ts', js)).toEqual(found);
    expect(scan('src/cart.spec.js', js)).toEqual(found);
    expect(scan('test/helpers.ts', js)).toEqual(found);
    expect(scan('src/__tests__/cart.ts', js)).toEqual(found);
    expect(scan('tests/test_views.py', ['print(x)', 'breakpoint()'])).toEqual([
      [1, 'debug/print', 'low'],
      [2, 'debug/breakpoint', 'medium'],
    ]);
    expect(scan('notes.md', js)).toEqual([]);
    expect(scan('deploy.sh', ['echo "debug"', 'set -x'])).toEqual([]);
  });

  it('allows output in scripts but not breakpoints', () => {
    expect(scan('scripts/migrate.ts', ['console.log("done");', 'debugger;'])).toEqual([
      [2, 'debug/debugger', 'medium'],
    ]);
  });
});
