import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseUnifiedDiff } from '@kodus/review-engine';
import { type BatchFile, planBatches } from '../src/batching';
import { renderFile, type RenderedFile } from '../src/render-file';
import { tokenCounterFor, type TokenCounter } from '../src/tokens';

/**
 * Batching golden tests on real diffs between published versions of public packages (fixtures/real,
 * SOURCES.md): axios 1.10.0 → 1.11.0 (lib/, six files) and chalk 4.1.2 → 5.0.0 (a six-hunk file, a
 * rename, a deletion). The plans below were worked out by hand, first-fit decreasing, from the token count
 * of each file's block (o200k_base, with the 2-token separator), listed per test.
 */
const REAL = join(__dirname, 'fixtures', 'real');
const parsed = (name: string) => parseUnifiedDiff(readFileSync(join(REAL, name), 'utf8'));

function rendered(name: string): RenderedFile[] {
  return parsed(name).flatMap((file) => {
    const r = renderFile(file);
    return r ? [r] : [];
  });
}

const paths = (batches: BatchFile[][]) =>
  batches.map((batch) => batch.map((item) => `${item.file.path}:${item.hunkCount}`));

describe('golden (real diffs): planBatches under a small budget', () => {
  let counter: TokenCounter;
  beforeAll(async () => {
    counter = await tokenCounterFor('openai', 'gpt-4o-mini');
  });

  // axios, whole files: lib/utils.js 590 in five hunks (its first one, two, three hunks with the "left out"
  // note: 301, 399, 473), toURLEncodedForm.js 196, mergeConfig.js 172, Axios.js 118, throttle.js 77,
  // env/data.js 55.
  test('axios at 420 tokens: lib/utils.js clipped to its first two hunks, the rest packed largest first', () => {
    const plan = planBatches(rendered('axios-1.10.0-to-1.11.0.diff'), counter, {
      filesBudget: 420,
      oversized: 'clip',
      maxBatches: 10,
    });
    // 399 opens batch 1 (21 left); 196 opens batch 2 (224 left), 172 joins it (52 left); 118 opens batch 3
    // (302 left), 77 joins it (225 left); 55 fits neither 21 nor 52, so it joins batch 3.
    expect(paths(plan.batches)).toEqual([
      ['lib/utils.js:2'],
      ['lib/helpers/toURLEncodedForm.js:2', 'lib/core/mergeConfig.js:1'],
      ['lib/core/Axios.js:1', 'lib/helpers/throttle.js:1', 'lib/env/data.js:1'],
    ]);
    expect(plan.clipped).toEqual([{ path: 'lib/utils.js', droppedHunks: 3 }]);
    expect(plan.unreviewed).toEqual([]);
    for (const batch of plan.batches) {
      expect(batch.reduce((sum, item) => sum + item.tokens, 0)).toBeLessThanOrEqual(420);
    }

    const utils = plan.batches[0]?.[0]?.block ?? '';
    expect(utils).toContain('282 +     // Buffer check'); // hunk 2 (@@ -258,6 +279,11 @@), kept
    expect(utils).not.toContain('300 +   if (isBuffer(obj)){'); // hunk 3 (findKey), left out
    expect(utils).toContain('(3 later hunks of this file left out: over the size budget)');

    // One line, no newline at the end on either side: the markers are not in the block.
    const data = plan.batches[2]?.[2]?.block ?? '';
    expect(data.split('\n')).toEqual([
      '<file path="lib/env/data.js" status="modified">',
      '@@ -1,1 +1,1 @@',
      '  - export const VERSION = "1.10.0";',
      '1 + export const VERSION = "1.11.0";',
      '</file>',
    ]);
  });

  test('axios at 450 tokens: a smaller file goes back into an earlier call that has room', () => {
    const plan = planBatches(rendered('axios-1.10.0-to-1.11.0.diff'), counter, {
      filesBudget: 450,
      oversized: 'clip',
      maxBatches: 10,
    });
    // 399 (51 left); 196 + 172 (82 left); 118 opens batch 3 (332 left); 77 fits batch 2's 82 (5 left);
    // 55 fits neither 51 nor 5: batch 3.
    expect(paths(plan.batches)).toEqual([
      ['lib/utils.js:2'],
      ['lib/helpers/toURLEncodedForm.js:2', 'lib/core/mergeConfig.js:1', 'lib/helpers/throttle.js:1'],
      ['lib/core/Axios.js:1', 'lib/env/data.js:1'],
    ]);
  });

  test('axios at 420 tokens: skipped by policy, and the third call over a cap of two', () => {
    const files = rendered('axios-1.10.0-to-1.11.0.diff');
    const skip = planBatches(files, counter, { filesBudget: 420, oversized: 'skip', maxBatches: 10 });
    // Without lib/utils.js: 196 + 172 (52 left); 118 + 77 + 55.
    expect(paths(skip.batches)).toEqual([
      ['lib/helpers/toURLEncodedForm.js:2', 'lib/core/mergeConfig.js:1'],
      ['lib/core/Axios.js:1', 'lib/helpers/throttle.js:1', 'lib/env/data.js:1'],
    ]);
    expect(skip.unreviewed).toEqual([
      { path: 'lib/utils.js', reason: 'skipped: 590 tokens, over the per-call budget of 420' },
    ]);

    const capped = planBatches(files, counter, { filesBudget: 420, oversized: 'clip', maxBatches: 2 });
    expect(paths(capped.batches)).toEqual([
      ['lib/utils.js:2'],
      ['lib/helpers/toURLEncodedForm.js:2', 'lib/core/mergeConfig.js:1'],
    ]);
    const cap = "not sent: the review's cap of 2 calls was reached";
    expect(capped.unreviewed).toEqual([
      { path: 'lib/core/Axios.js', reason: cap },
      { path: 'lib/helpers/throttle.js', reason: cap },
      { path: 'lib/env/data.js', reason: cap },
    ]);
  });

  // chalk: source/index.js 2655 in six hunks (first one, two, three: 319, 389, 1504); source/utilities.js
  // 361 in three (first one, two: 138, 275); source/templates.js deleted, nothing to review.
  test('chalk: the deleted file is not rendered, the renamed one keeps its previous path', () => {
    const [index, templates] = parsed('chalk-4.1.2-to-5.0.0.diff');
    expect(templates?.status).toBe('removed');
    expect(templates && renderFile(templates)).toBeUndefined();
    expect(index && renderFile(index)?.hunks).toHaveLength(6);

    const plan = planBatches(rendered('chalk-4.1.2-to-5.0.0.diff'), counter, {
      filesBudget: 420,
      oversized: 'clip',
      maxBatches: 10,
    });
    // index.js clipped to 389 (21 left): utilities.js (361) needs a second call.
    expect(paths(plan.batches)).toEqual([['source/index.js:2'], ['source/utilities.js:3']]);
    expect(plan.clipped).toEqual([{ path: 'source/index.js', droppedHunks: 4 }]);
    const block = plan.batches[1]?.[0]?.block ?? '';
    expect(block.split('\n').slice(0, 4)).toEqual([
      '<file path="source/utilities.js" status="renamed" previous="source/util.js">',
      '@@ -1,6 +1,5 @@',
      "  - 'use strict';",
      '  - ',
    ]);
    expect(block).toContain('1 + // TODO: When targeting Node.js 16, use `String.prototype.replaceAll`.');
    expect(block).toContain('33 + }'); // the hunk at the file's end
  });

  test('chalk at 300 tokens: index.js skipped even clipped, utilities.js without its end-of-file hunk', () => {
    const plan = planBatches(rendered('chalk-4.1.2-to-5.0.0.diff'), counter, {
      filesBudget: 300,
      oversized: 'clip',
      maxBatches: 10,
    });
    expect(paths(plan.batches)).toEqual([['source/utilities.js:2']]);
    expect(plan.clipped).toEqual([{ path: 'source/utilities.js', droppedHunks: 1 }]);
    expect(plan.unreviewed).toEqual([
      {
        path: 'source/index.js',
        reason: 'skipped: 2655 tokens, over the per-call budget of 300, even its first hunk alone',
      },
    ]);
    expect(plan.batches[0]?.[0]?.block).not.toContain('33 + }');
  });
});
