// Azure DevOps patches: the per-file cost of building a file's patch from its two contents (Azure has no
// diff endpoint), minimal diff (jsdiff) against the linear-time region patch the client falls back to.
// Run after `npm run build`: node bench/azure-patches.mjs [--rounds 3]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildPatch, DiffBudget } from '../packages/git-providers/dist/azure-devops/diff.js';
import { regionPatch } from '../packages/git-providers/dist/azure-devops/region-patch.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const lines = (n, tag = '') =>
  Array.from({ length: n }, (_, i) => `  const value${i} = compute(${i}, "${tag}");`);
const text = (list) => `${list.join('\n')}\n`;
const edited = (n, every) => text(lines(n).map((l, i) => (i % every === 0 ? `${l} // edited` : l)));

const CASES = [
  ['3,000 lines, 1 in 100 edited', text(lines(3000)), edited(3000, 100)],
  ['3,000 lines, 1 in 10 edited', text(lines(3000)), edited(3000, 10)],
  ['3,000 lines rewritten throughout', text(lines(3000, 'old')), text(lines(3000, 'new'))],
  ['20,000 lines (~0.8 MiB), 1 in 100 edited', text(lines(20000)), edited(20000, 100)],
  ['20,000 lines rewritten throughout', text(lines(20000, 'old')), text(lines(20000, 'new'))],
];

for (let round = 1; round <= Number(values.rounds); round += 1) {
  console.log(`round ${round}`);
  for (const [label, before, after] of CASES) {
    let started = performance.now();
    const built = buildPatch(before, after, new DiffBudget());
    const buildMs = performance.now() - started;
    started = performance.now();
    regionPatch(before, after);
    const regionMs = performance.now() - started;
    console.log(
      `  ${label.padEnd(42)} buildPatch ${buildMs.toFixed(1).padStart(7)} ms (+${built.additions}/-${built.deletions})  region ${regionMs.toFixed(1).padStart(6)} ms`,
    );
  }
}
