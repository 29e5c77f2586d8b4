// Cost of preparing an LLM review before any call: rendering patches, counting tokens with the real
// tokenizer and packing batches, for a large pull request. Run after `npx turbo run build --filter=@kodus/llm-review`:
//   node bench/llm-batching.mjs [files] [linesPerFile]
import { performance } from 'node:perf_hooks';
import { renderFile } from '../packages/llm-review/dist/render-file.js';
import { planBatches } from '../packages/llm-review/dist/batching.js';
import { tokenCounterFor } from '../packages/llm-review/dist/tokens.js';

const files = Number(process.argv[2] ?? 300);
const lines = Number(process.argv[3] ?? 200);
const changed = Array.from({ length: files }, (_, f) => {
  const body = Array.from(
    { length: lines },
    (_, i) => `+  const item${i} = await repository.load(${f}, '${'x'.repeat(i % 40)}');`,
  );
  return {
    path: `src/module-${f}/service.ts`,
    status: 'added',
    patch: [`@@ -0,0 +1,${lines} @@`, ...body].join('\n'),
  };
});
const bytes = changed.reduce((sum, f) => sum + f.patch.length, 0);

for (const [provider, model] of [
  ['openai', 'gpt-4o-mini'],
  ['anthropic', 'claude-sonnet-4-5'],
]) {
  const counter = await tokenCounterFor(provider, model);
  const start = performance.now();
  const rendered = changed.map(renderFile).filter(Boolean);
  const plan = planBatches(rendered, counter, { filesBudget: 55_000, oversized: 'clip', maxBatches: 1_000 });
  const ms = performance.now() - start;
  const tokens = plan.batches.flat().reduce((sum, item) => sum + item.tokens, 0);
  console.log(
    JSON.stringify({
      provider,
      model,
      files,
      patchMiB: +(bytes / 2 ** 20).toFixed(2),
      tokens,
      batches: plan.batches.length,
      ms: Math.round(ms),
    }),
  );
}
