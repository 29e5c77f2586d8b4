#!/usr/bin/env node
// What reading a repository's `.kodus.yml` costs each review: parsing it (YAML, the schema, rule and glob
// compilation) and checking five paths against its ignore list, every time (before the cache), against the
// pipeline's ParsedSettings (one parse per text, shared by every review against the same base). CPU time
// per review, in the same run.
//
//   npx turbo run build --filter=@kodus/review-pipeline && node bench/settings-parse.mjs [--reviews 300]
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { parseSettingsFile, isIgnored } = require('@kodus/review-engine');
const { ParsedSettings } = require('../packages/review-pipeline/dist/stages/load-settings.js');
const { values } = parseArgs({ options: { reviews: { type: 'string', default: '300' } } });
const REVIEWS = Number(values.reviews);

// The README's example .kodus.yml, with a second rule and the LLM keys.
const text = `reviewDrafts: false
maxComments: 50
ignore: ['docs/**', '*.snap']
analyzers: { secrets: true, debugLeftovers: true, conflictMarkers: true }
rules:
  - id: no-todo
    paths: ['src/**']
    pattern: 'TODO'
    message: Resolve TODOs before merging
    severity: low
  - id: no-console
    paths: ['src/**/*.ts', 'lib/**']
    pattern: 'console\\.(log|debug)\\('
    message: No console output
    severity: low
allow:
  paths:
    - 'docs/examples/**'
llm:
  enabled: true
  categories: [bug, security, performance]
kodyRules:
  - id: no-any
    title: No any without a reason
    rule: Do not use any without a comment saying why.
    paths: ['**/*.ts']
    severityMin: medium
`;
const paths = Array.from({ length: 5 }, (_, i) => `src/module-${i}.ts`);

function cpuMsPerReview(parse) {
  const start = process.cpuUsage();
  for (let i = 0; i < REVIEWS; i++) {
    const settings = parse(text);
    for (const path of paths) isIgnored(path, settings);
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / REVIEWS;
}

const cached = new ParsedSettings();
for (let round = 1; round <= 3; round++) {
  const every = cpuMsPerReview(parseSettingsFile);
  const shared = cpuMsPerReview((t) => cached.parse(t));
  console.log(
    `round ${round}: parsed every review ${every.toFixed(2)} ms CPU, ParsedSettings ${shared.toFixed(3)} ms CPU (${(every / shared).toFixed(0)}× less), ${REVIEWS} reviews`,
  );
}
