import { KODY_RULE_LIMITS, loadKodyRules } from '@kodus/review-engine';
import { MAX_RULE_PATHS_CHARS, requestHeader, rulesFor } from '../src/prompt';
import { ruleIdFor } from '../src/rule-id';
import type { LlmCandidate, LlmRule } from '../src/types';
import { rateLimitRequest } from './helpers';

/**
 * Kody Rules with as many and as long globs as a rule may hold, loaded once and matched for every batch
 * (rulesFor) and every kody_rules finding (ruleIdFor): each rule keeps its compiled globs.
 */
const rule = (i: number, scope: 'file' | 'pull-request' = 'file') => {
  const globs = [`services/s${i}/**/*.ts`, `!services/s${i}/**/*.spec.ts`];
  for (let j = 0; globs.join('').length < KODY_RULE_LIMITS.globChars - 60; j++) {
    globs.push(`generated/g${i}-${j}/${'*q'.repeat(8)}/**`);
  }
  return {
    path: `.kody/rules/r${String(i).padStart(3, '0')}.md`,
    text: [
      '---',
      `title: Rule ${i}`,
      `scope: ${scope}`,
      'path:',
      ...globs.map((g) => `  - "${g}"`),
      '---',
      'Body.',
    ].join('\n'),
  };
};
const loaded = loadKodyRules([...Array.from({ length: 199 }, (_, i) => rule(i)), rule(199, 'pull-request')]);
// As the code reviewer hands them to the LLM reviewer: new objects sharing `paths`.
const llmRules: LlmRule[] = loaded.rules.map((r) => ({
  id: r.id,
  title: r.title,
  body: r.body,
  paths: r.paths,
  scope: r.scope,
}));
const idOf = (i: number) => `r${String(i).padStart(3, '0')}`;

describe('Kody Rule globs in the LLM review', () => {
  test('the rules load without problems, each with globs near the limit', () => {
    expect(loaded.problems).toEqual([]);
    expect(loaded.rules).toHaveLength(200);
    expect(loaded.rules[0]?.paths.join('').length).toBeGreaterThan(KODY_RULE_LIMITS.globChars - 100);
  });

  test('21 batches of 30 files each get exactly their rules', () => {
    const pullRequest = Array.from({ length: 630 }, (_, f) => `services/s${f % 199}/src/f${f}.ts`);
    for (let batch = 0; batch < 21; batch++) {
      const paths = pullRequest.slice(batch * 30, batch * 30 + 30);
      const expected = [...new Set(paths.map((p) => Number(/s(\d+)\//.exec(p)?.[1])))]
        .sort((a, b) => a - b)
        .map(idOf);
      // r199 is a pull-request rule whose globs match none of these files.
      expect(rulesFor(llmRules, paths, pullRequest).map((r) => r.id)).toEqual(expected);
    }
    expect(rulesFor(llmRules, ['services/s3/a.spec.ts'], ['services/s199/x.ts']).map((r) => r.id)).toEqual([
      'r199',
    ]);
  });

  test('an unnamed kody_rules finding goes to the one rule matching its file', () => {
    const finding = (path: string): LlmCandidate => ({
      path,
      startLine: 1,
      endLine: 1,
      label: 'kody_rules',
      severity: 'low',
      message: 'breaks a rule',
      summary: '',
      existingCode: null,
      improvedCode: null,
      model: 'stand-in',
    });
    const reviewed = Array.from({ length: 100 }, (_, f) => `services/s${f}/src/a.ts`);
    for (let f = 0; f < 100; f += 7) {
      expect(ruleIdFor(finding(`services/s${f}/src/a.ts`), loaded.rules, reviewed)?.id).toBe(idOf(f));
    }
    expect(ruleIdFor(finding('services/s5/src/a.spec.ts'), loaded.rules, reviewed)).toBeUndefined();
  });

  test('a rule over the glob limits that reaches the reviewer anyway is never sent', () => {
    const many: LlmRule = {
      id: 'many',
      title: 'Many',
      body: 'x',
      paths: Array.from({ length: 60 }, (_, j) => `src/${j}/**`),
    };
    const long: LlmRule = {
      id: 'long',
      title: 'Long',
      body: 'x',
      paths: [`src/${'a'.repeat(1_000)}/**`, 'src/**'],
    };
    expect(
      rulesFor([many, long, ...llmRules.slice(0, 1)], ['src/1/a.ts', 'services/s0/a.ts']).map((r) => r.id),
    ).toEqual(['r000']);
  });

  test("the prompt names a rule's globs up to a bound, saying how many there are", () => {
    const header = requestHeader(rateLimitRequest(), llmRules.slice(0, 2));
    const lines = header.split('\n').filter((l) => l.startsWith('- [r00'));
    expect(lines).toHaveLength(2);
    const globs = llmRules[0]?.paths ?? [];
    expect(lines[0]).toContain(`(files: services/s0/**/*.ts, !services/s0/**/*.spec.ts, generated/g0-0/`);
    expect(lines[0]).toContain(`... [${globs.length} globs in all]`);
    expect(lines[0]?.length).toBeLessThan(MAX_RULE_PATHS_CHARS + 100);
    // Short globs are named in full.
    const short = requestHeader(rateLimitRequest(), rateLimitRequest().rules);
    expect(short).toContain('- [no-console] No console logging in services (files: src/**): ');
  });
});
