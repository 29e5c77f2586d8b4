import type { ChangedFileInput } from '@kodus/review-engine';
import { planBatches } from '../src/batching';
import { renderFile, type RenderedFile } from '../src/render-file';
import { tokenCounterFor, type TokenCounter } from '../src/tokens';

/** A file whose patch has `hunks` hunks of `linesPerHunk` added lines each. */
function file(path: string, hunks: number, linesPerHunk: number): ChangedFileInput {
  const parts: string[] = [];
  for (let h = 0; h < hunks; h++) {
    const start = h * 100 + 1;
    parts.push(`@@ -${start},0 +${start},${linesPerHunk} @@`);
    for (let i = 0; i < linesPerHunk; i++) parts.push(`+const value${h}_${i} = compute(${i}, "${path}");`);
  }
  return { path, status: 'modified', patch: parts.join('\n') };
}

function render(files: ChangedFileInput[]): RenderedFile[] {
  return files.map((f) => {
    const r = renderFile(f);
    if (!r) throw new Error(`no added lines in ${f.path}`);
    return r;
  });
}

describe('planBatches', () => {
  let counter: TokenCounter;
  beforeAll(async () => {
    counter = await tokenCounterFor('openai', 'gpt-4o-mini');
  });

  const files = () =>
    render([
      file('a.ts', 1, 10),
      file('b.ts', 1, 20),
      file('c.ts', 1, 30),
      file('d.ts', 1, 5),
      file('e.ts', 3, 20),
    ]);
  const paths = (batches: { file: RenderedFile; hunkCount: number }[][]) =>
    batches.map((batch) => batch.map((item) => `${item.file.path}:${item.hunkCount}`));

  // Token counts (o200k_base, with the 2-token separator): a 196, b 356, c 516, d 107, e 1018 in three hunks
  // of about 340 each. Budget 700: e is clipped to its first hunk (about 376), then first-fit decreasing
  // places c, e, b, a, d.
  test('golden: largest first, each file into the first batch with room, an oversized file clipped', () => {
    const plan = planBatches(files(), counter, { filesBudget: 700, oversized: 'clip', maxBatches: 10 });

    expect(paths(plan.batches)).toEqual([['c.ts:1', 'd.ts:1'], ['e.ts:1', 'a.ts:1'], ['b.ts:1']]);
    expect(plan.clipped).toEqual([{ path: 'e.ts', droppedHunks: 2 }]);
    expect(plan.unreviewed).toEqual([]);
    for (const batch of plan.batches) {
      expect(batch.reduce((sum, item) => sum + item.tokens, 0)).toBeLessThanOrEqual(700);
    }
    const clipped = plan.batches[1]?.[0];
    expect(clipped?.block).toContain('(2 later hunks of this file left out: over the size budget)');
    expect(clipped?.block).not.toContain('value1_0');
  });

  test('golden: an oversized file skipped by policy, and batches past the cap left unreviewed', () => {
    const skip = planBatches(files(), counter, { filesBudget: 700, oversized: 'skip', maxBatches: 10 });
    expect(paths(skip.batches)).toEqual([
      ['c.ts:1', 'd.ts:1'],
      ['b.ts:1', 'a.ts:1'],
    ]);
    expect(skip.unreviewed).toEqual([
      { path: 'e.ts', reason: 'skipped: 1018 tokens, over the per-call budget of 700' },
    ]);

    const capped = planBatches(files(), counter, { filesBudget: 700, oversized: 'clip', maxBatches: 2 });
    expect(paths(capped.batches)).toEqual([
      ['c.ts:1', 'd.ts:1'],
      ['e.ts:1', 'a.ts:1'],
    ]);
    expect(capped.unreviewed).toEqual([
      { path: 'b.ts', reason: "not sent: the review's cap of 2 calls was reached" },
    ]);
  });

  test('a file whose first hunk alone is over the budget is skipped even when clipping', () => {
    const plan = planBatches(render([file('huge.ts', 1, 30), file('d.ts', 1, 5)]), counter, {
      filesBudget: 300,
      oversized: 'clip',
      maxBatches: 10,
    });
    expect(paths(plan.batches)).toEqual([['d.ts:1']]);
    expect(plan.unreviewed).toEqual([
      {
        path: 'huge.ts',
        reason: 'skipped: 547 tokens, over the per-call budget of 300, even its first hunk alone',
      },
    ]);
  });

  test('files of equal size are ordered by path, so a plan is reproducible', () => {
    const plan = planBatches(render([file('z.ts', 1, 5), file('m.ts', 1, 5), file('b.ts', 1, 5)]), counter, {
      filesBudget: 250,
      oversized: 'clip',
      maxBatches: 10,
    });
    expect(paths(plan.batches)).toEqual([['b.ts:1', 'm.ts:1'], ['z.ts:1']]);
  });
});
