import { commentKey, readHiddenKey, stripHiddenKey, withHiddenKey } from '../../src';

describe('hidden keys', () => {
  it('are stable for the same parts and differ for different ones', () => {
    expect(commentKey('inline', 'abc', 'src/a.ts', 3, 'rule')).toBe(
      commentKey('inline', 'abc', 'src/a.ts', 3, 'rule'),
    );
    expect(commentKey('inline', 'abc', 'src/a.ts', 3)).not.toBe(commentKey('inline', 'abc', 'src/a.ts', 4));
    expect(commentKey('summary', 'abc')).not.toBe(commentKey('inline', 'abc'));
    // Parts are not concatenated: ('a', 'b/c') and ('a/b', 'c') differ.
    expect(commentKey('inline', 'a', 'b/c')).not.toBe(commentKey('inline', 'a/b', 'c'));
  });

  it('round-trip through a body, hidden and replaced rather than repeated', () => {
    const key = commentKey('summary', 'head');
    const body = withHiddenKey('**Kodus review**', key);
    expect(body).toBe(`**Kodus review**\n\n<!-- kodus:key=${key} -->`);
    expect(readHiddenKey(body)).toBe(key);
    expect(stripHiddenKey(body)).toBe('**Kodus review**');
    const rekeyed = withHiddenKey(body, 'other');
    expect(readHiddenKey(rekeyed)).toBe('other');
    expect(rekeyed.match(/kodus:key/g)).toHaveLength(1);
  });

  it('are absent from bodies Kodus did not mark, and refused when they could break out of the comment', () => {
    expect(readHiddenKey('a human comment')).toBeUndefined();
    expect(readHiddenKey(null)).toBeUndefined();
    expect(() => withHiddenKey('x', 'a --> <script>')).toThrow(/invalid key/);
  });
});
