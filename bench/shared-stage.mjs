// Cost of the shared suggestion stage (parse, anchor, filter, de-duplicate, cap) on a very large pull request,
// without any provider or model. Run after `npx turbo run build --filter=@kodus/review-engine`:
//   node bench/shared-stage.mjs [files] [linesPerFile] [candidatesPerFile] [postedPerFile]
import { performance } from 'node:perf_hooks';
import { parsePatch, shapeSuggestions } from '../packages/review-engine/dist/index.js';

const files = Number(process.argv[2] ?? 3000);
const lines = Number(process.argv[3] ?? 62);
const perFile = Number(process.argv[4] ?? 4);
const postedPerFile = Number(process.argv[5] ?? 2);
const words = ['null', 'check', 'loop', 'index', 'cache', 'retry', 'timeout', 'order', 'user', 'token'];
const say = (f, i) =>
  `The ${words[(f + i) % 10]} ${words[(f * 3 + i) % 10]} here may fail for ${words[i % 10]} input ${i}`;

const changed = Array.from({ length: files }, (_, f) => ({
  path: `src/module-${f}/service.ts`,
  status: 'modified',
  // Context every 5th line, so some candidates land off the added lines.
  patch: [
    `@@ -1,${lines} +1,${lines + Math.floor(lines * 0.8)} @@`,
    ...Array.from({ length: lines }, (_, i) =>
      i % 5 === 0 ? ` ctx ${i}` : `+  const v${i} = load(${f}, ${i});`,
    ),
  ].join('\n'),
}));
const candidates = changed.flatMap((file, f) =>
  Array.from({ length: perFile }, (_, i) => ({
    source: i % 2 === 0 ? 'llm' : 'analyzer',
    reviewer: i % 2 === 0 ? 'llm' : 'analyzers',
    path: file.path,
    startLine: 1 + ((i * 7) % lines),
    endLine: 1 + ((i * 7 + 2) % lines),
    severity: ['critical', 'high', 'medium', 'low'][i % 4],
    category: 'bug',
    ruleId: i % 2 === 0 ? 'llm' : `debug/rule-${i % 3}`,
    // Every third candidate repeats the previous one's text: a duplicate within the review.
    message: say(f, i % 3 === 2 ? i - 1 : i),
  })),
);
const posted = changed.flatMap((file, f) =>
  Array.from({ length: postedPerFile }, (_, i) => ({
    key: `c-${f}-${i}`,
    path: file.path,
    line: 2 + i * 19,
    text: say(f, i),
  })),
);

for (let round = 1; round <= 3; round++) {
  const before = process.memoryUsage().heapUsed;
  const start = performance.now();
  const parsed = changed.map(parsePatch);
  const parseMs = performance.now() - start;
  const shaped = shapeSuggestions(candidates, {
    files: parsed,
    posted,
    policy: { maxComments: 50, bySource: { llm: { max: 20 } } },
    keyOf: (c, at) => `${at.path}:${at.line}:${c.ruleId}:${c.message}`,
  });
  const ms = performance.now() - start;
  const counts = {};
  for (const s of shaped) counts[s.disposition] = (counts[s.disposition] ?? 0) + 1;
  console.log(
    JSON.stringify({
      round,
      files,
      addedLines: parsed.reduce((n, f) => n + f.addedLines.length, 0),
      candidates: candidates.length,
      posted: posted.length,
      parseMs: Math.round(parseMs),
      totalMs: Math.round(ms),
      heapDeltaMiB: +((process.memoryUsage().heapUsed - before) / 2 ** 20).toFixed(1),
      rssMiB: +(process.memoryUsage().rss / 2 ** 20).toFixed(1),
      counts,
    }),
  );
}
