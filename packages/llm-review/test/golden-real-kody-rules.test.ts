import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kodyRulesFor, kodyRulesForFile, loadKodyRules, parseUnifiedDiff } from '@kodus/review-engine';
import { rulesFor } from '../src/prompt';
import { ruleIdFor } from '../src/rule-id';
import type { LlmCandidate } from '../src/types';

/**
 * Kody Rules matched against the file paths of real diffs (fixtures/real, SOURCES.md): axios 1.10.0 →
 * 1.11.0 (lib/) and chalk 4.1.2 → 5.0.0 (source/: a rename and a deletion). The rules are `.kody/rules`
 * files as a repository would hold them; which rule applies to which file was worked out from the globs.
 */
const REAL = join(__dirname, 'fixtures', 'real');
const filesOf = (name: string) => parseUnifiedDiff(readFileSync(join(REAL, name), 'utf8'));
/** The files a review reads (a deleted file is not reviewed). */
const reviewedPaths = (name: string) =>
  filesOf(name)
    .filter((f) => f.status !== 'removed')
    .map((f) => f.path);

const rule = (front: string[], body: string) => ['---', ...front, '---', body, ''].join('\n');
const ruleFiles = [
  {
    path: '.kody/rules/version-file.md',
    text: rule(
      ['title: The version file is generated', 'path: data.js', 'severity_min: high'],
      'lib/env/data.js is written by the release script: never edit it by hand.',
    ),
  },
  {
    path: '.kody/rules/no-apply.md',
    text: rule(
      ['title: Spread instead of Function.prototype.apply', 'path:', '  - lib/**/*.js', '  - "!lib/env/**"'],
      'Bad: `fn.apply(null, args)`. Good: `fn(...args)`.',
    ),
  },
  {
    path: '.kody/rules/helpers/pure-helpers.md',
    text: rule(
      ['title: Helpers are pure', 'path: lib/helpers/**'],
      'A helper takes what it needs as arguments and touches no module state.',
    ),
  },
  {
    path: '.kody/rules/esm/lib-modules.md',
    text: rule(
      ['title: ES modules only', 'path: [lib/*.js, source/*.js]'],
      'Top-level modules use `export`, never `module.exports`.',
    ),
  },
  {
    path: '.kody/rules/changelog.md',
    text: rule(
      ['title: A release updates the changelog', 'scope: pull-request', 'path: lib/env/data.js'],
      'When the version changes, CHANGELOG.md has an entry for it.',
    ),
  },
  {
    path: '.kody/rules/disabled.md',
    text: rule(['title: Retired', 'enabled: false'], 'No longer applied.'),
  },
  {
    path: '.kody/rules/broken.md',
    text: rule(['title: Broken', 'severity_min: urgent'], 'Its severity is not one Kodus knows.'),
  },
];

const loaded = loadKodyRules(ruleFiles);
const ids = (rules: readonly { id: string }[]) => rules.map((r) => r.id);
const axios = reviewedPaths('axios-1.10.0-to-1.11.0.diff');
const chalk = reviewedPaths('chalk-4.1.2-to-5.0.0.diff');

describe('golden (real diffs): Kody Rules matched against real file paths', () => {
  test('the rule files load in path order; a disabled one is left out, a broken one reported', () => {
    expect(ids(loaded.rules)).toEqual([
      'changelog',
      'esm/lib-modules',
      'helpers/pure-helpers',
      'no-apply',
      'version-file',
    ]);
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toMatch(/^\.kody\/rules\/broken\.md: severity_min /);
  });

  test('file rules per file: folders, a name at any depth, single-star depth, an excluded folder', () => {
    expect(chalk).toEqual(['source/index.js', 'source/utilities.js']);
    const perFile = Object.fromEntries(
      [...axios, ...chalk].map((path) => [path, ids(kodyRulesForFile(loaded.rules, path))]),
    );
    expect(perFile).toEqual({
      // lib/*.js does not reach into lib/core; lib/**/*.js does.
      'lib/core/Axios.js': ['no-apply'],
      'lib/core/mergeConfig.js': ['no-apply'],
      // "data.js" has no slash: the name at any depth. "!lib/env/**" takes it out of no-apply.
      'lib/env/data.js': ['version-file'],
      'lib/helpers/throttle.js': ['helpers/pure-helpers', 'no-apply'],
      'lib/helpers/toURLEncodedForm.js': ['helpers/pure-helpers', 'no-apply'],
      'lib/utils.js': ['esm/lib-modules', 'no-apply'],
      'source/index.js': ['esm/lib-modules'],
      // The renamed file is matched by its new path.
      'source/utilities.js': ['esm/lib-modules'],
    });
  });

  test('a pull-request rule applies when one of the pull request’s files matches it', () => {
    // axios 1.11.0 changes lib/env/data.js: the changelog rule comes with every batch.
    expect(ids(kodyRulesFor(loaded.rules, ['lib/core/Axios.js'], axios))).toEqual(['changelog', 'no-apply']);
    expect(ids(kodyRulesFor(loaded.rules, axios))).toEqual(ids(loaded.rules));
    // chalk 5.0.0 has no version file: only its ES-module rule.
    expect(ids(kodyRulesFor(loaded.rules, chalk))).toEqual(['esm/lib-modules']);
  });

  test('the rules the prompt sends with a batch of real files', () => {
    const llmRules = loaded.rules.map((r) => ({ ...r }));
    expect(ids(rulesFor(llmRules, ['lib/utils.js'], axios))).toEqual([
      'changelog',
      'esm/lib-modules',
      'no-apply',
    ]);
    expect(
      ids(rulesFor(llmRules, ['lib/core/Axios.js', 'lib/helpers/throttle.js', 'lib/env/data.js'], axios)),
    ).toEqual(['changelog', 'helpers/pure-helpers', 'no-apply', 'version-file']);
    expect(ids(rulesFor(llmRules, chalk))).toEqual(['esm/lib-modules']);
  });

  const kodyFinding = (path: string, message: string): LlmCandidate => ({
    path,
    startLine: 1,
    endLine: 1,
    label: 'kody_rules',
    severity: 'low',
    message,
    summary: '',
    existingCode: null,
    improvedCode: null,
    model: 'stand-in',
  });

  test('a kody_rules finding names its rule by id, or is left generic when two rules could apply', () => {
    expect(
      ruleIdFor(
        kodyFinding('lib/helpers/throttle.js', '[helpers/pure-helpers] reads a timer'),
        loaded.rules,
        axios,
      )?.id,
    ).toBe('helpers/pure-helpers');
    // lib/env/data.js: version-file and the pull-request rule changelog both apply.
    expect(ruleIdFor(kodyFinding('lib/env/data.js', 'edited by hand'), loaded.rules, axios)).toBeUndefined();
  });

  // A pull-request rule counts only when its globs match a file of this pull request: on chalk 5.0.0 the
  // only rule for source/utilities.js (and the only rule sent) is esm/lib-modules; `changelog` (scope
  // pull-request, path lib/env/data.js) matches no file here. Failed before ruleIdFor knew the PR's paths.
  test('an unnamed finding goes to the only rule that applies to its file in this pull request', () => {
    expect(
      ruleIdFor(kodyFinding('source/utilities.js', 'a CommonJS-style export'), loaded.rules, chalk)?.id,
    ).toBe('esm/lib-modules');
  });
});
