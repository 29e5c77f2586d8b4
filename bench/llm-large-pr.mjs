#!/usr/bin/env node
// A very large pull request through everything the LLM review does besides the model, in one process:
// the LLM reviewer's preparation (render each file, count tokens with the real tokenizer, pack batches under
// the per-call budget with the per-review call cap, so the files past the cap are left unreviewed and listed)
// and the shared stage (parse the patches, anchor, filter, de-duplicate and cap the candidates). Prints the
// time per round, the budget check, the unreviewed files' summary line and the process's peak RSS (VmHWM).
// Run after `npx turbo run build --filter=@kodus/llm-review --filter=@kodus/review-engine`:
//   node bench/llm-large-pr.mjs [files 3000] [addedLinesPerFile 50] [filesBudget 55000] [maxCalls 20] [rounds 3]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { planBatches } from '../packages/llm-review/dist/batching.js';
import { listNote } from '../packages/llm-review/dist/notes.js';
import { renderFile } from '../packages/llm-review/dist/render-file.js';
import { tokenCounterFor } from '../packages/llm-review/dist/tokens.js';
import { parsePatch, shapeSuggestions } from '../packages/review-engine/dist/index.js';

const files = Number(process.argv[2] ?? 3000);
const added = Number(process.argv[3] ?? 50);
const filesBudget = Number(process.argv[4] ?? 55_000);
const maxBatches = Number(process.argv[5] ?? 20);
const rounds = Number(process.argv[6] ?? 3);
const mib = (kib) => +(kib / 1024).toFixed(0);
const statusKiB = (field) =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))[1]);

// Modified files: a context line every 5 lines, the rest added; file sizes vary so batching has work to do.
const changed = Array.from({ length: files }, (_, f) => {
  const n = added + ((f * 37) % 21) - 10;
  const body = [];
  let newLine = 0;
  let oldLine = 0;
  for (let i = 0; body.filter((l) => l.startsWith('+')).length < n; i++) {
    if (i % 5 === 0) {
      body.push(` const ctx${i} = previous(${i});`);
      oldLine++;
    } else body.push(`+  const item${i} = await repository.load(${f}, '${'x'.repeat(i % 40)}');`);
    newLine++;
  }
  return {
    path: `src/module-${f}/service.ts`,
    status: 'modified',
    patch: [`@@ -1,${oldLine} +1,${newLine} @@`, ...body].join('\n'),
  };
});
const addedLines = changed.reduce(
  (sum, f) => sum + f.patch.split('\n').filter((l) => l.startsWith('+')).length,
  0,
);
console.log(
  `${files} files, ${addedLines} added lines, ${(changed.reduce((s, f) => s + f.patch.length, 0) / 2 ** 20).toFixed(1)} MiB of patches; budget ${filesBudget} tokens per call, at most ${maxBatches} calls; node ${process.version}`,
);

let loadMs = performance.now();
const counter = await tokenCounterFor('openai', 'gpt-4o-mini');
loadMs = performance.now() - loadMs;
console.log(`tokenizer (o200k_base) loaded in ${Math.round(loadMs)} ms, once per process`);
console.log(
  '| round | render + count + batch ms | anchoring (shared stage) ms | total ms | calls | largest call tokens | files reviewed | unreviewed | candidates | posted |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
let note = '';
for (let round = 1; round <= rounds; round++) {
  const start = performance.now();
  const rendered = changed.map(renderFile).filter(Boolean);
  const plan = planBatches(rendered, counter, { filesBudget, oversized: 'clip', maxBatches });
  const planned = performance.now();
  const sizes = plan.batches.map((batch) => batch.reduce((sum, item) => sum + item.tokens, 0));
  if (sizes.some((tokens) => tokens > filesBudget)) throw new Error('a batch is over the budget');
  if (plan.batches.length > maxBatches) throw new Error('more calls than the cap');
  const reviewed = plan.batches.flat().map((item) => item.file.path);
  if (reviewed.length + plan.unreviewed.length !== files)
    throw new Error('a file is neither reviewed nor listed');
  note = listNote(
    'Not reviewed by the model (the per-review call cap)',
    plan.unreviewed.map((u) => u.path),
  );

  // Three model findings per reviewed file (one off the changed lines, one repeated) and two analyzer
  // findings on every file: all anchored, filtered, de-duplicated and capped by the shared stage.
  const reviewedSet = new Set(reviewed);
  const candidates = changed.flatMap((file, f) => [
    ...(reviewedSet.has(file.path)
      ? [2, 6, 6].map((line, i) => ({
          source: 'llm',
          reviewer: 'llm',
          path: file.path,
          startLine: line + (i === 0 ? -1 : 0), // line 1 is context: snapped or dropped
          endLine: line,
          severity: 'high',
          category: 'bug',
          ruleId: 'llm',
          message: `load(${f}) may reject here and nothing handles it`,
        }))
      : []),
    ...[3, 8].map((line) => ({
      source: 'analyzer',
      reviewer: 'analyzers',
      path: file.path,
      startLine: line,
      endLine: line,
      severity: 'medium',
      category: 'maintainability',
      ruleId: 'debug/leftover',
      message: `Leftover at line ${line}`,
    })),
  ]);
  const parsed = changed.map(parsePatch);
  const shaped = shapeSuggestions(candidates, {
    files: parsed,
    posted: [],
    policy: { maxComments: 50, bySource: { llm: { max: 20 } } },
    keyOf: (c, at) => `${at.path}:${at.line}:${c.ruleId}:${c.message}`,
  });
  const end = performance.now();
  console.log(
    `| ${round} | ${Math.round(planned - start)} | ${Math.round(end - planned)} | ${Math.round(end - start)} | ${plan.batches.length} | ${Math.max(...sizes)} | ${reviewed.length} | ${plan.unreviewed.length} | ${candidates.length} | ${shaped.filter((s) => s.disposition === 'posted').length} |`,
  );
}
console.log(`summary line: ${note}`);
console.log(`peak RSS (VmHWM, whole process, input included): ${mib(statusKiB('VmHWM'))} MiB`);
