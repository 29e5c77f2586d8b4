import {
  analyzeFiles,
  DEFAULT_SETTINGS,
  FINGERPRINT_PATTERN,
  fingerprintOf,
  parsePatch,
  withFingerprints,
} from '../src';
import { addedFile } from './fixtures';

describe('fingerprintOf', () => {
  const finding = { ruleId: 'debug/debugger', path: 'src/a.ts' };

  it('is kf1: and 16 hex digits, the same for the same rule, path and line text', () => {
    const id = fingerprintOf(finding, 'debugger;');
    expect(id).toMatch(/^kf1:[0-9a-f]{16}$/);
    expect(FINGERPRINT_PATTERN.test(id)).toBe(true);
    expect(fingerprintOf({ ...finding }, 'debugger;')).toBe(id);
  });

  it('ignores indentation and runs of whitespace, and a leading "./" or "/" in the path', () => {
    const id = fingerprintOf(finding, 'if (x) debugger;');
    expect(fingerprintOf(finding, '\t\t  if (x)   debugger;  ')).toBe(id);
    expect(fingerprintOf({ ...finding, path: './src/a.ts' }, 'if (x) debugger;')).toBe(id);
    expect(fingerprintOf({ ...finding, path: '/src/a.ts' }, 'if (x) debugger;')).toBe(id);
  });

  it('changes with the rule, the path and the line text (not only its whitespace)', () => {
    const id = fingerprintOf(finding, 'debugger;');
    const others = [
      fingerprintOf({ ...finding, ruleId: 'debug/console-log' }, 'debugger;'),
      fingerprintOf({ ...finding, path: 'src/b.ts' }, 'debugger;'),
      fingerprintOf({ ...finding, path: 'SRC/a.ts' }, 'debugger;'),
      fingerprintOf(finding, 'debugger ;'),
      fingerprintOf(finding, 'debugger;;'),
    ];
    expect(new Set([id, ...others]).size).toBe(others.length + 1);
  });

  it('cannot be forged by moving text between the parts', () => {
    expect(fingerprintOf({ ruleId: 'a', path: 'b c' }, 'd')).not.toBe(
      fingerprintOf({ ruleId: 'a b', path: 'c' }, 'd'),
    );
  });
});

describe('withFingerprints', () => {
  it('reads each finding’s line from the file’s added lines and leaves the analyzers’ objects alone', () => {
    const file = parsePatch(addedFile('src/a.ts', ['const a = 1;', '  debugger;']));
    const found = {
      path: 'src/a.ts',
      line: 2,
      severity: 'medium' as const,
      category: 'bug' as const,
      ruleId: 'debug/debugger',
      message: 'm',
    };
    const [withId] = withFingerprints(file, [found]);
    expect(withId).toEqual({ ...found, fingerprint: fingerprintOf(found, 'debugger;') });
    expect(found).not.toHaveProperty('fingerprint');
  });
});

describe('a finding’s fingerprint through analyzeFiles', () => {
  it('survives lines moving elsewhere in the file and re-indentation', async () => {
    const before = await analyzeFiles(
      [addedFile('src/a.ts', ['function f() {', '  debugger;', '}'])],
      DEFAULT_SETTINGS,
    );
    const after = await analyzeFiles(
      [
        addedFile('src/a.ts', [
          '// a comment',
          'import x from "x";',
          '',
          'function f() {',
          '      debugger;',
          '}',
        ]),
      ],
      DEFAULT_SETTINGS,
    );
    expect(before.map((f) => f.line)).toEqual([2]);
    expect(after.map((f) => f.line)).toEqual([5]);
    expect(after[0]?.fingerprint).toMatch(FINGERPRINT_PATTERN);
    expect(after[0]?.fingerprint).toBe(before[0]?.fingerprint);
  });

  it('is the same on a modified file’s hunk as on the whole new file', async () => {
    const whole = await analyzeFiles(
      [addedFile('src/a.ts', ['a();', 'b();', 'debugger;'])],
      DEFAULT_SETTINGS,
    );
    const hunk = await analyzeFiles(
      [{ path: 'src/a.ts', status: 'modified', patch: '@@ -1,2 +1,3 @@\n a();\n b();\n+debugger;' }],
      DEFAULT_SETTINGS,
    );
    expect(hunk.map((f) => f.fingerprint)).toEqual(whole.map((f) => f.fingerprint));
  });
});
