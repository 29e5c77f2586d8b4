import { sourceHunks } from '../src/analyzers/debug/source-lines';
import type { Language } from '../src/file-kind';
import { parsePatch } from '../src';
import { addedFile } from './fixtures';

function lex(language: Language, lines: string[]): Array<[string, boolean]> {
  const [hunk = []] = sourceHunks(parsePatch(addedFile('x', lines)), language);
  return hunk.map((l) => [l.code.trimEnd(), l.inString]);
}

describe('source lines: comments and strings blanked, multi-line strings tracked', () => {
  it('blanks string insides and comments, keeping indexes', () => {
    const [hunk = []] = sourceHunks(
      parsePatch(addedFile('a.ts', ['f("a // b"); // c', 'g() /* d */ h'])),
      'javascript',
    );
    expect(hunk.map((l) => l.code)).toEqual(['f("      ");     ', 'g()         h']);
    expect(hunk.every((l) => l.code.length === l.content.length)).toBe(true);
  });

  it('follows template literals through interpolations, nested templates included', () => {
    expect(lex('javascript', ['a = `x ${f(`y`)}', 'z ${ {k: 1}.k }', '` + b'])).toEqual([
      ['a = `  ${f(` `)}', false],
      ['  ${ {k: 1}.k }', true],
      ['` + b', true],
    ]);
  });

  it('reads JavaScript regular expression literals, whose quotes and backticks open nothing', () => {
    expect(
      lex('javascript', ['const esc = s.replace(/[`<>&]/g, f);', 'console.log(x);', 'a = b / c; d = e / f;']),
    ).toEqual([
      ['const esc = s.replace(/      /g, f);', false],
      ['console.log(x);', false],
      ['a = b / c; d = e / f;', false],
    ]);
  });

  it('knows each language’s multi-line strings and block comments', () => {
    expect(lex('python', ['s = """a', "b'", '"""; print(1)'])).toEqual([
      ['s = """', false],
      ['', true],
      ['"""; print(1)', true],
    ]);
    expect(lex('go', ['s := `a', 'b`', '/* c', 'd */ e'])).toEqual([
      ['s := `', false],
      [' `', true],
      ['', false],
      ['     e', false],
    ]);
    expect(lex('rust', ['let s = r#"a"', 'b"#;', "fn f<'a>(c: char) { c == '\"' }"])).toEqual([
      ['let s = r#"', false],
      [' "#;', true],
      ["fn f<'a>(c: char) { c == ' ' }", false],
    ]);
    expect(lex('csharp', ['var s = @"a ""q""', 'b";'])).toEqual([
      ['var s = @"', false],
      [' ";', true],
    ]);
    expect(lex('ruby', ['x = <<~SQL.strip', '  p 1', '  SQL', '=begin', 'p 2', '=end', 'p 3'])).toEqual([
      ['x = <<~SQL.strip', false],
      ['', true],
      ['', true],
      ['', false],
      ['', false],
      ['', false],
      ['p 3', false],
    ]);
    expect(lex('php', ['$a = <<<SQL', 'x', '  SQL;', '#[Attr] f();'])).toEqual([
      ['$a = <<<SQL', false],
      ['', true],
      ['', true],
      ['#[Attr] f();', false],
    ]);
  });

  it('does not take a shift for a heredoc, nor lex a conflict marker line', () => {
    expect(lex('ruby', ['a <<b', 'p 1'])).toEqual([
      ['a <<b', false],
      ['p 1', false],
    ]);
    expect(lex('php', ['<<<<<<< HEAD', 'f();'])).toEqual([
      ['<<<<<<< HEAD', false],
      ['f();', false],
    ]);
  });

  it('starts every hunk in code and stays linear on deep nesting', () => {
    const patch = ['@@ -1,1 +1,2 @@', '+a = `', ' b', '@@ -9,1 +10,1 @@', '+c()'].join('\n');
    const hunks = sourceHunks(parsePatch({ path: 'a.ts', status: 'modified', patch }), 'javascript');
    expect(hunks.map((h) => h.map((l) => l.inString))).toEqual([[false, true], [false]]);
    const deep = lex('javascript', ['`${`'.repeat(5_000)]);
    expect(deep).toHaveLength(1);
  });

  it('reads a hunk that starts inside a docstring or template literal opened above it', () => {
    const patch = [
      '@@ -10,4 +10,5 @@ def total(rows):',
      '     print(rows)',
      '+    breakpoint()',
      '     """',
      ' ',
      ' x = 1',
    ].join('\n');
    const [hunk = []] = sourceHunks(parsePatch({ path: 'a.py', status: 'modified', patch }), 'python');
    expect(hunk.map((l) => l.inString)).toEqual([true, true, true, false, false]);
    // A hunk that balances from code is read from code.
    const plain = ['@@ -10,2 +10,3 @@', ' a = "x"', '+b = `y`', ' c()'].join('\n');
    const [lines = []] = sourceHunks(
      parsePatch({ path: 'a.ts', status: 'modified', patch: plain }),
      'javascript',
    );
    expect(lines.map((l) => l.inString)).toEqual([false, false, false]);
  });

  it('keeps reading from code when the first delimiter opens a string that closes below the hunk', () => {
    const patch = [
      '@@ -10,2 +10,4 @@',
      ' def total(rows):',
      '+    """',
      '+    Sum rows.',
      '     print(rows) shows them',
    ].join('\n');
    const [hunk = []] = sourceHunks(parsePatch({ path: 'a.py', status: 'modified', patch }), 'python');
    expect(hunk.map((l) => l.inString)).toEqual([false, false, true, true]);
    const js = ['@@ -10,3 +10,4 @@', ' f();', '+console.log(x);', ' const q = `', ' select 1'].join('\n');
    const [lines = []] = sourceHunks(
      parsePatch({ path: 'a.ts', status: 'modified', patch: js }),
      'javascript',
    );
    expect(lines.map((l) => l.inString)).toEqual([false, false, false, true]);
  });
});
