import { performance } from 'node:perf_hooks';
import { secretlintAnalyzer } from '../src/analyzers/secretlint-secrets';
import { DEFAULT_SETTINGS, parsePatch } from '../src';
import { addedFile } from './fixtures';

describe('secretlint in a long-running process', () => {
  it('leaves no performance marks behind (its profiler is off)', async () => {
    performance.clearMarks();
    const file = parsePatch(addedFile('src/a.ts', ['const a = 1;', 'const b = "two";']));
    for (let i = 0; i < 5; i++) await secretlintAnalyzer.analyze(file, DEFAULT_SETTINGS);
    expect(performance.getEntriesByType('mark')).toEqual([]);
  });
});
