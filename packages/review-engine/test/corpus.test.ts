// The analyzers' labelled corpus (corpus/<set>/<case>/) is input too: every set must load with valid labels
// (known kind, line in range, path under files/, no duplicate, a reason), every quiet path must exist, and no
// file may sit where the default settings ignore it. Also the scoring the bench uses (bench/lib/corpus-score.mjs).
// Recall and precision thresholds are not checked here.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, isIgnored, parsePatch, type Finding } from '../src';
import { type CorpusCase, type CorpusModule, loadCorpusModule } from './corpus-module';

let corpus: CorpusModule;

beforeAll(async () => {
  corpus = await loadCorpusModule();
});

const finding = (path: string, line: number, ruleId: string): Finding => ({
  path,
  line,
  ruleId,
  severity: 'high',
  category: 'security',
  message: 'test',
});

describe('the corpus sets', () => {
  it.each(['dev', 'holdout', 'blind'])(
    '%s loads: labels valid, quiet paths exist, enough cases, files and labels',
    (set) => {
      const loaded = corpus.loadSet(set);
      const files = loaded.cases.flatMap((c) => c.files);
      const labels = loaded.cases.flatMap((c) => c.findings);
      const quiet = loaded.cases.flatMap((c) => c.quiet);
      expect(loaded.cases.length).toBeGreaterThanOrEqual(8);
      expect(files.length).toBeGreaterThanOrEqual(100);
      expect(labels.length).toBeGreaterThanOrEqual(70);
      expect(quiet.length).toBeGreaterThanOrEqual(40);
      for (const corpusCase of loaded.cases) {
        const paths = new Set(corpusCase.files.map((f) => f.path));
        for (const q of corpusCase.quiet) expect(paths.has(q.path)).toBe(true);
        expect(corpusCase.description.length).toBeGreaterThan(10);
      }
    },
  );

  it.each(['dev', 'holdout', 'blind'])('%s: no file is where the default settings ignore it', (set) => {
    const ignored = corpus
      .loadSet(set)
      .cases.flatMap((c) =>
        c.files
          .map((f) => `${c.name}/${f.path}`)
          .filter((_, i) => isIgnored(c.files[i]!.path, DEFAULT_SETTINGS)),
      );
    expect(ignored).toEqual([]);
  });

  it('every set the scorer knows has a directory', () => {
    for (const set of corpus.SETS) expect(existsSync(join(corpus.CORPUS_ROOT, set))).toBe(true);
  });
});

describe('validateLabels', () => {
  const files = new Map([
    ['src/app.ts', 10],
    ['docs/setup.md', 5],
  ]);
  const valid = {
    description: 'a pull request',
    findings: [{ path: 'src/app.ts', line: 3, kind: 'secret/token', reason: 'a live token' }],
    quiet: [{ path: 'docs/setup.md', reason: 'placeholders' }],
  };
  const problemsOf = (labels: unknown) => corpus.validateLabels(labels, files, 'case');

  it('accepts a well-formed labels.yml', () => {
    expect(problemsOf(valid)).toEqual([]);
  });

  it.each([
    ['an unknown kind', { kind: 'secret/api-key' }, /unknown kind "secret\/api-key"/],
    ['a line past the end', { line: 11 }, /line 11 out of range 1..10/],
    ['line 0', { line: 0 }, /line 0 out of range/],
    ['a non-integer line', { line: '3' }, /line must be an integer/],
    ['a path not under files/', { path: 'src/missing.ts' }, /src\/missing.ts is not a file under files\//],
    ['a missing reason', { reason: '' }, /missing reason/],
    ['an unknown key', { severity: 'high' }, /unknown key "severity"/],
  ])('rejects %s', (_name, change, message) => {
    const problems = problemsOf({ ...valid, findings: [{ ...valid.findings[0], ...change }] });
    expect(problems.join('\n')).toMatch(message);
  });

  it('rejects a duplicate label', () => {
    expect(
      problemsOf({ ...valid, findings: [valid.findings[0], { ...valid.findings[0] }] }).join('\n'),
    ).toMatch(/duplicate label src\/app.ts:3/);
  });

  it('rejects two labels of one family on a line (scoring matches by family), accepts two families', () => {
    const debug = { path: 'src/app.ts', line: 4, kind: 'debug/output', reason: 'r' };
    expect(
      problemsOf({ ...valid, findings: [debug, { ...debug, kind: 'debug/breakpoint' }] }).join('\n'),
    ).toMatch(/duplicate label src\/app.ts:4 \(debug\/breakpoint: another debug label is on that line\)/);
    expect(problemsOf({ ...valid, findings: [debug, { ...debug, kind: 'secret/token' }] })).toEqual([]);
  });

  it('rejects a quiet path that does not exist, one without reason, and one with labelled findings', () => {
    const problems = problemsOf({
      ...valid,
      quiet: [
        { path: 'docs/other.md', reason: 'x' },
        { path: 'docs/setup.md', reason: '' },
        { path: 'src/app.ts', reason: 'x' },
      ],
    }).join('\n');
    expect(problems).toMatch(/docs\/other.md is not a file under files\//);
    expect(problems).toMatch(/docs\/setup.md\): missing reason/);
    expect(problems).toMatch(/src\/app.ts is quiet but has labelled findings/);
  });

  it('rejects a missing description', () => {
    expect(problemsOf({ ...valid, description: undefined }).join('\n')).toMatch(/missing description/);
  });
});

describe('the pull request the bench builds and its score', () => {
  const corpusCase: CorpusCase = {
    name: 'test/case',
    description: 'synthetic case',
    files: [
      { path: 'src/a.ts', content: 'one\ntwo\nthree\n', lines: ['one', 'two', 'three'] },
      { path: 'docs/b.md', content: 'x\n', lines: ['x'] },
    ],
    findings: [
      { path: 'src/a.ts', line: 1, kind: 'secret/token', reason: 'r' },
      { path: 'src/a.ts', line: 2, kind: 'debug/output', reason: 'r' },
      { path: 'src/a.ts', line: 3, kind: 'conflict-marker', reason: 'r' },
    ],
    quiet: [{ path: 'docs/b.md', reason: 'r' }],
  };

  it('adds every line of every file', () => {
    const parsed = corpus.changedFiles(corpusCase).map(parsePatch);
    expect(parsed.map((f) => [f.path, f.status])).toEqual([
      ['src/a.ts', 'added'],
      ['docs/b.md', 'added'],
    ]);
    expect(parsed[0]!.addedLines).toEqual([
      { line: 1, content: 'one' },
      { line: 2, content: 'two' },
      { line: 3, content: 'three' },
    ]);
  });

  it('matches on path, line and family; a second finding on a matched label counts neither way', () => {
    const score = corpus.scoreCase(corpusCase, [
      finding('src/a.ts', 1, 'secrets/github'),
      finding('src/a.ts', 1, 'secrets/hardcoded-password'),
      finding('src/a.ts', 2, 'secrets/aws'),
      finding('src/a.ts', 3, 'conflict-markers'),
      finding('docs/b.md', 1, 'secrets/slack'),
    ]);
    expect(score.tp).toBe(2);
    expect(score.duplicates).toBe(1);
    expect(score.fp.map((fp) => [fp.finding.path, fp.finding.line, fp.quietFile])).toEqual([
      ['src/a.ts', 2, false],
      ['docs/b.md', 1, true],
    ]);
    expect(score.fn.map((label) => label.kind)).toEqual(['debug/output']);
    const total = corpus.summarize([score]);
    expect(total.recall).toBeCloseTo(2 / 3);
    expect(total.precision).toBeCloseTo(2 / 4);
  });
});
