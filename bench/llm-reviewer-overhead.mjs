// Overhead of one LLM review besides model time, for a 20-file pull request: LlmCodeReviewer (settings,
// Kody Rules, file limits, rendering, token counting, batching, parsing, candidates) against the LLM
// stand-in answering at once; the calls' own latency (HTTP on loopback included) is subtracted.
// Run after `npx turbo run build --filter=@kodus/llm-review --filter=@kodus/test-helpers`:
//   node bench/llm-reviewer-overhead.mjs [reviews] [files] [linesPerFile]
import { performance } from 'node:perf_hooks';
import { LlmCodeReviewer, LlmReviewer } from '../packages/llm-review/dist/index.js';
import { DEFAULT_SETTINGS, parsePatch } from '../packages/review-engine/dist/index.js';
import { LlmStandIn } from '../packages/test-helpers/dist/index.js';

const reviews = Number(process.argv[2] ?? 200);
const fileCount = Number(process.argv[3] ?? 20);
const lines = Number(process.argv[4] ?? 40);
const KEY = 'sk-bench-0123456789abcdefghijkl';

const files = Array.from({ length: fileCount }, (_, f) => {
  const body = Array.from(
    { length: lines },
    (_, i) => `+  const item${i} = await repository.load(${f}, ${i});`,
  );
  return parsePatch({
    path: `src/module-${f}/service.ts`,
    status: 'added',
    patch: [`@@ -0,0 +1,${lines} @@`, ...body].join('\n'),
  });
});
const standIn = await new LlmStandIn({ apiKey: KEY }).start();
standIn.script({
  reply: {
    json: {
      suggestions: [
        {
          relevantFile: 'src/module-3/service.ts',
          relevantLinesStart: 5,
          relevantLinesEnd: 5,
          label: 'bug',
          severity: 'high',
          suggestionContent: 'Unchecked load.',
          oneSentenceSummary: 'Unchecked load.',
          existingCode: null,
          improvedCode: null,
        },
      ],
    },
  },
});
const silent = { debug() {}, info() {}, warn() {} };
const llm = new LlmReviewer({
  provider: 'openai',
  model: 'gpt-4o-mini',
  apiKey: KEY,
  baseUrl: standIn.url,
  logger: silent,
});
const context = {
  pullRequest: { title: 'Bench', description: 'A 20-file change.' },
  files,
  settings: DEFAULT_SETTINGS,
  signal: new globalThis.AbortController().signal,
};

const overheads = [];
const wall = [];
for (let i = 0; i < reviews + 10; i += 1) {
  const calls = [];
  const r = new LlmCodeReviewer({ llm, onCalls: async (record) => void calls.push(...record.calls) });
  const start = performance.now();
  await r.review(context);
  const ms = performance.now() - start;
  const modelMs = calls.reduce((max, c) => Math.max(max, c.latencyMs), 0); // calls run at once: the longest
  if (i >= 10) {
    overheads.push(ms - modelMs);
    wall.push(ms);
  }
}
await standIn.stop();
const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
console.log(
  JSON.stringify({
    reviews,
    files: fileCount,
    addedLines: fileCount * lines,
    calls: standIn.requests.length / (reviews + 10),
    overheadMs: { p50: +pct(overheads, 50).toFixed(1), p95: +pct(overheads, 95).toFixed(1) },
    wallMs: { p50: +pct(wall, 50).toFixed(1), p95: +pct(wall, 95).toFixed(1) },
  }),
);
