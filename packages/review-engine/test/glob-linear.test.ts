import { createPathMatcher } from '../src/glob-matcher';
import { parseSettingsFile, SettingsError } from '../src';

describe('repository globs run in linear time', () => {
  it('answers a glob with many stars in one segment against a long file name at once', () => {
    // picomatch's backtracking RegExp takes seconds at 6 stars and 60 characters, hours at 9.
    const match = createPathMatcher(['*a*a*a*a*a*a*a*a*a*b']);
    expect(match(`src/${'a'.repeat(200)}`)).toBe(false);
    expect(match(`src/${'a'.repeat(20)}b`)).toBe(true);
  });

  it('keeps gitignore-like matching: braces, classes, ** and folders', () => {
    const match = createPathMatcher([
      '*.{png,jpg}',
      'docs/**',
      'dist/',
      '**/[abc]?.js',
      '/root.txt',
      '@(x|y).md',
    ]);
    for (const yes of [
      'a/b/c.png',
      'x.jpg',
      'docs/a/b.md',
      'pkg/dist/x.js',
      'src/a1.js',
      'root.txt',
      'y.md',
    ]) {
      expect([yes, match(yes)]).toEqual([yes, true]);
    }
    for (const no of ['a/b/c.gif', 'doc/a.md', 'distant/x.js', 'src/d1.js', 'sub/root.txt', 'z.md']) {
      expect([no, match(no)]).toEqual([no, false]);
    }
    expect(createPathMatcher(['*.PNG'], { nocase: true })('a/B.png')).toBe(true);
  });

  it('refuses, as a settings problem, a negated extglob the linear-time engine cannot run', () => {
    let error: unknown;
    try {
      parseSettingsFile('ignore: ["!(keep).js"]');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).problems).toEqual([
      expect.stringMatching(/^ignore\[0\]: is not a valid glob: .*linear time/),
    ]);
  });
});
