// The offline analyzers (secrets, debug leftovers, conflict markers) against the labelled corpus in
// packages/review-engine/corpus/: recall, precision, and the misses (FN) and noise (FP) by kind.
// Build first: npx turbo run build --filter=@kodus/review-engine
// Run: node bench/analyzers-corpus.mjs [--set dev|holdout|all] [--json] [--verbose] [--engine path/to/dist/index.js]
// (--engine: measure another build of the engine, e.g. one compiled from a given commit.)
// Prints per set: cases, files, labels, findings, TP/FP/FN, recall, precision, misses (FN) by kind, noise (FP)
// by ruleId, the analysis time (cold first pass and warm second pass over the set); --verbose lists each
// miss and each noise line; --json prints the same as JSON.
//
// Each case is a pull request whose files are all added in full; the engine runs with DEFAULT_SETTINGS,
// except maxComments (unlimited here, so the per-review cap never hides a finding from the count).
// Scoring (bench/lib/corpus-score.mjs): a finding matches a label on equal path and line and the same
// family (secrets/… ↔ secret/…, debug/… ↔ debug/…, conflict-markers ↔ conflict-marker); recall = matched
// labels / labels; precision = TP / (TP + FP); a second finding on an already matched label counts neither way.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  CORPUS_ROOT,
  SETS,
  CorpusError,
  changedFiles,
  countBy,
  loadSet,
  ruleFamily,
  scoreCase,
  setStats,
  summarize,
} from './lib/corpus-score.mjs';

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: 'dev' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    engine: { type: 'string' },
  },
});
if (![...SETS, 'all'].includes(values.set)) {
  console.error(`--set must be one of ${[...SETS, 'all'].join(', ')}`);
  process.exit(2);
}
const engineEntry = values.engine
  ? resolve(values.engine)
  : join(import.meta.dirname, '..', 'packages', 'review-engine', 'dist', 'index.js');
if (!existsSync(engineEntry)) {
  console.error(`${engineEntry} is missing: npx turbo run build --filter=@kodus/review-engine`);
  process.exit(2);
}
const { analyzeFiles, DEFAULT_SETTINGS } = await import(pathToFileURL(engineEntry).href);
const settings = { ...DEFAULT_SETTINGS, maxComments: Number.MAX_SAFE_INTEGER };

const sets = values.set === 'all' ? SETS.filter((s) => existsSync(join(CORPUS_ROOT, s))) : [values.set];
const results = [];
for (const set of sets) {
  let loaded;
  try {
    loaded = loadSet(set);
  } catch (error) {
    if (error instanceof CorpusError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // The set is analysed twice: the first pass (cold: module loading, rule compilation, JIT) is scored and
  // timed; the second is timed only, the steady-state figure.
  const scores = [];
  let coldMs = 0;
  for (const corpusCase of loaded.cases) {
    const started = process.hrtime.bigint();
    const findings = await analyzeFiles(changedFiles(corpusCase), settings);
    coldMs += Number(process.hrtime.bigint() - started) / 1e6;
    const score = scoreCase(corpusCase, findings);
    score.fn = score.fn.map((label) => ({ ...label, case: corpusCase.name }));
    score.fp = score.fp.map((fp) => ({ ...fp, case: corpusCase.name }));
    scores.push(score);
  }
  let warmMs = 0;
  for (const corpusCase of loaded.cases) {
    const started = process.hrtime.bigint();
    await analyzeFiles(changedFiles(corpusCase), settings);
    warmMs += Number(process.hrtime.bigint() - started) / 1e6;
  }
  const stats = setStats(loaded);
  const total = summarize(scores);
  results.push({ set, stats, total, coldMs, warmMs });
}

const fmt = (x) => x.toFixed(3);
const table = (title, rows) => {
  if (rows.length === 0) return `${title}: none`;
  const width = Math.max(...rows.map(([k]) => k.length), 4);
  return [`${title}:`, ...rows.map(([k, n]) => `  ${k.padEnd(width)}  ${String(n).padStart(4)}`)].join('\n');
};

if (values.json) {
  console.log(
    JSON.stringify(
      results.map(({ set, stats, total, coldMs, warmMs }) => ({
        set,
        cases: stats.cases,
        files: stats.files,
        labels: total.labels,
        findings: total.findings,
        tp: total.tp,
        fp: total.fp.length,
        fn: total.fn.length,
        recall: total.recall,
        precision: total.precision,
        analysisMs: { cold: Math.round(coldMs), warm: Math.round(warmMs) },
        missesByKind: Object.fromEntries(countBy(total.fn, (l) => l.kind)),
        noiseByRule: Object.fromEntries(countBy(total.fp, (f) => f.finding.ruleId)),
        labelsByKind: stats.labelsByKind,
        quietFiles: stats.quietFiles,
        fileTypes: stats.fileTypes,
        ...(values.verbose
          ? {
              misses: total.fn.map((l) => ({
                case: l.case,
                path: l.path,
                line: l.line,
                kind: l.kind,
                reason: l.reason,
              })),
              noise: total.fp.map(({ finding, quietFile, case: c }) => ({
                case: c,
                path: finding.path,
                line: finding.line,
                ruleId: finding.ruleId,
                quietFile,
                message: finding.message,
              })),
            }
          : {}),
      })),
      null,
      2,
    ),
  );
} else {
  for (const { set, stats, total, coldMs, warmMs } of results) {
    console.log(`== corpus set: ${set}`);
    console.log(
      `cases ${stats.cases}  files ${stats.files}  labels ${total.labels}  quiet files ${stats.quietFiles}  findings ${total.findings}`,
    );
    console.log(
      `TP ${total.tp}  FP ${total.fp.length}  FN ${total.fn.length}  (extra findings on matched labels: ${total.duplicates})`,
    );
    console.log(`recall ${fmt(total.recall)}  precision ${fmt(total.precision)}`);
    console.log(
      `analysis time for the set (${stats.files} files, ${stats.lines} lines): ${coldMs.toFixed(0)} ms cold, ${warmMs.toFixed(0)} ms warm`,
    );
    const labelCounts = new Map(Object.entries(stats.labelsByKind));
    console.log(
      table(
        'misses (FN) by kind',
        countBy(total.fn, (l) => l.kind).map(([k, n]) => [k, `${n}/${labelCounts.get(k)}`]),
      ),
    );
    console.log(
      table(
        'noise (FP) by rule',
        countBy(total.fp, (f) => f.finding.ruleId),
      ),
    );
    if (values.verbose) {
      if (total.fn.length > 0) console.log('misses:');
      for (const l of total.fn) console.log(`  FN ${l.case}  ${l.path}:${l.line}  ${l.kind}  ${l.reason}`);
      if (total.fp.length > 0) console.log('noise:');
      for (const { finding, quietFile, case: c } of total.fp) {
        const where = quietFile
          ? 'quiet file'
          : ruleFamily(finding.ruleId) === 'other'
            ? 'other rule'
            : 'unlabelled line';
        console.log(
          `  FP ${c}  ${finding.path}:${finding.line}  ${finding.ruleId}  (${where}) ${finding.message.split('\n')[0].slice(0, 100)}`,
        );
      }
    }
    console.log('');
  }
}
