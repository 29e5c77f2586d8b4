// Repository rules: the linear-time engine (re2js) against V8's RegExp on ordinary rules and lines, and on
// a catastrophic pattern. Run after `npm run build`: node bench/user-rules.mjs [--lines 20000]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

// The engine the review engine uses, resolved from its workspace.
const require = createRequire(join(import.meta.dirname, '..', 'packages', 'review-engine', 'package.json'));
const { RE2JS } = require('re2js');
const { values } = parseArgs({ options: { lines: { type: 'string', default: '20000' } } });
const count = Number(values.lines);

const RULES = ['\\bTODO\\b', 'http://', 'console\\.(log|debug)\\(', '(?i)password\\s*[:=]', '\\bFIXME\\b'];
const lines = Array.from({ length: count }, (_, i) =>
  i % 50 === 0
    ? `  // TODO: item ${i} http://example.com`
    : `  const value${i} = compute(${i}, "some string literal", options.${i % 7}); // note`,
);

function time(label, test) {
  const started = process.hrtime.bigint();
  let matches = 0;
  for (const line of lines) for (const t of test) if (t(line)) matches += 1;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    `${label.padEnd(28)} ${ms.toFixed(1).padStart(8)} ms  ${((count / ms) * 1000).toFixed(0).padStart(9)} lines/s  matches ${matches}`,
  );
}

const v8 = RULES.map((p) => new RegExp(p.replace('(?i)', ''), p.startsWith('(?i)') ? 'i' : ''));
const re2 = RULES.map((p) => RE2JS.compile(p));
for (let round = 1; round <= 3; round += 1) {
  time(
    `V8 RegExp (round ${round})`,
    v8.map((r) => (l) => r.test(l)),
  );
  time(
    `re2js (round ${round})`,
    re2.map((r) => (l) => r.test(l)),
  );
}

// The worst a file can bring: 1 MB of 4000-character lines (the analyzer tests at most 4000 per line).
const longLine = 'const value = compute(42, "some literal", options.x); // note '.repeat(70).slice(0, 4000);
const started = process.hrtime.bigint();
for (let i = 0; i < 250; i += 1) for (const r of re2) r.test(longLine);
const perRule = Number(process.hrtime.bigint() - started) / 1e6 / re2.length;
console.log(`re2js, 1 MB of 4000-char lines: ${perRule.toFixed(1)} ms per rule`);

const catastrophic = RE2JS.compile('^(a+)+$');
for (const n of [40, 4000]) {
  const started = process.hrtime.bigint();
  catastrophic.test('a'.repeat(n) + '!');
  console.log(
    `re2js ^(a+)+$ on ${n} chars + "!": ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(2)} ms`,
  );
}
console.log('V8 RegExp ^(a+)+$ on 40 chars + "!": not run (about 2^40 steps: hours)');
