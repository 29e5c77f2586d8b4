import { SettingsError } from '@kodus/review-engine';
import { ParsedSettings } from '../src/stages/load-settings';

const file = (maxComments: number) => `maxComments: ${maxComments}\nignore: ['docs/**']\n`;

describe('ParsedSettings', () => {
  it('parses a text once and hands every review the same settings', () => {
    const parsed = new ParsedSettings();
    const first = parsed.parse(file(7));
    expect(first.maxComments).toBe(7);
    expect(parsed.parse(file(7))).toBe(first);
    const other = parsed.parse(file(8));
    expect(other.maxComments).toBe(8);
    expect(other).not.toBe(first);
  });

  it('keeps at most maxEntries texts, the least recently used going first, and no long text', () => {
    const parsed = new ParsedSettings(2, 100);
    const one = parsed.parse(file(1));
    parsed.parse(file(2));
    expect(parsed.parse(file(1))).toBe(one); // now the most recently used
    parsed.parse(file(3)); // evicts file(2)
    expect(parsed.size).toBe(2);
    expect(parsed.parse(file(1))).toBe(one);
    const long = `${file(4)}# ${'x'.repeat(200)}\n`;
    expect(parsed.parse(long)).not.toBe(parsed.parse(long));
  });

  it('a file that does not parse fails every time (its note reaches every summary)', () => {
    const parsed = new ParsedSettings();
    expect(() => parsed.parse('maxComments: many\n')).toThrow(SettingsError);
    expect(() => parsed.parse('maxComments: many\n')).toThrow(SettingsError);
    expect(parsed.size).toBe(0);
  });
});
