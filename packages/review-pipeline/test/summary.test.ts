import { MAX_SUMMARY_CHARS, summaryBody } from '../src/summary';

const base = {
  headSha: 'a'.repeat(40),
  scope: { kind: 'full' as const },
  filesReviewed: 3,
  unreviewed: [],
  filesIgnored: 0,
  posted: [],
  alreadyPosted: 0,
  reviewers: ['analyzers', 'llm'],
  failures: [],
};

describe('summaryBody', () => {
  it('keeps each note and the whole summary within bounds, the footer always last', () => {
    const notes = Array.from({ length: 100 }, (_, i) => `note ${i}: ${'x'.repeat(5000)}`);
    const body = summaryBody({ ...base, notes });
    expect(body.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
    expect(body).toContain(
      `the rest of this summary is left out: it was over ${MAX_SUMMARY_CHARS} characters`,
    );
    expect(body.split('\n').every((line) => line.length <= 2000)).toBe(true);
    expect(body.endsWith(`<sub>Reviewed at \`${'a'.repeat(12)}\` by Kodus (analyzers, llm).</sub>`)).toBe(
      true,
    );
  });

  it('leaves a summary of ordinary size as it is', () => {
    const body = summaryBody({ ...base, notes: ['a short note'] });
    expect(body).toBe(
      [
        '### Kodus review',
        '',
        'No new issues found in 3 reviewed files.',
        '',
        '> a short note',
        '',
        `<sub>Reviewed at \`${'a'.repeat(12)}\` by Kodus (analyzers, llm).</sub>`,
      ].join('\n'),
    );
  });
});
