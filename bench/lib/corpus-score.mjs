// The analyzers' labelled corpus (packages/review-engine/corpus/<set>/<case>/): loading, validation, the
// pull request the review engine sees, and scoring. Pure functions apart from reading the corpus from disk,
// shared by bench/analyzers-corpus.mjs and packages/review-engine/test/corpus.test.ts.
//
// A case is one pull request: `labels.yml` (description, findings, quiet) and `files/<repository path>`,
// every file added in full (a stored name `dot_env` is the repository's `.env`: see repositoryName). Scoring: a finding matches a label when path and line are equal and the family
// matches (ruleId `secrets/…` ↔ kind `secret/…`, `debug/…` ↔ `debug/…`, `conflict-markers…` ↔
// `conflict-marker`). Recall = matched labels / labels. Precision = TP / (TP + FP), where TP is the number
// of matched labels and FP the number of findings that match no label; extra findings on a label already
// matched (several rules on one line) count neither way.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const CORPUS_ROOT = join(import.meta.dirname, '..', '..', 'packages', 'review-engine', 'corpus');
export const SETS = Object.freeze(['dev', 'holdout', 'blind']);

export const KINDS = Object.freeze([
  'secret/token',
  'secret/private-key',
  'secret/jwt',
  'secret/connection-string',
  'secret/password',
  'debug/output',
  'debug/breakpoint',
  'conflict-marker',
]);

/** The family a label kind belongs to: `secret`, `debug` or `conflict`. */
export function kindFamily(kind) {
  if (kind.startsWith('secret/')) return 'secret';
  if (kind.startsWith('debug/')) return 'debug';
  if (kind === 'conflict-marker') return 'conflict';
  return 'unknown';
}

/** The family of a finding's ruleId; `other` (user rules, Kody Rules…) never matches a label. */
export function ruleFamily(ruleId) {
  if (ruleId.startsWith('secrets/')) return 'secret';
  if (ruleId.startsWith('debug/')) return 'debug';
  if (ruleId.startsWith('conflict-markers')) return 'conflict';
  return 'other';
}

export class CorpusError extends Error {
  constructor(problems) {
    super(`corpus is not well-formed (${problems.length} problem(s)):\n  - ${problems.join('\n  - ')}`);
    this.name = 'CorpusError';
    this.problems = problems;
  }
}

/** The lines of a file as the bench adds them: split on \n (a \r stays), no empty last line after a final \n. */
export function fileLines(content) {
  const lines = content.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const isNonEmptyString = (value) => typeof value === 'string' && value.trim() !== '';

/**
 * Checks a case's parsed labels.yml against its files. `files` maps a repository path to its line count.
 * Returns the problems found (empty when well-formed), each prefixed with `where`.
 */
export function validateLabels(labels, files, where = 'labels.yml') {
  const problems = [];
  const say = (message) => problems.push(`${where}: ${message}`);
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    say('must be a mapping with description, findings and quiet');
    return problems;
  }
  for (const key of Object.keys(labels)) {
    if (!['description', 'findings', 'quiet'].includes(key)) say(`unknown key "${key}"`);
  }
  if (!isNonEmptyString(labels.description)) say('missing description');
  const findings = labels.findings ?? [];
  const quiet = labels.quiet ?? [];
  if (!Array.isArray(findings)) say('findings must be a list');
  if (!Array.isArray(quiet)) say('quiet must be a list');
  const seen = new Set();
  const labelledPaths = new Set();
  (Array.isArray(findings) ? findings : []).forEach((label, index) => {
    const at = `findings[${index}]`;
    if (label === null || typeof label !== 'object') return say(`${at}: must be a mapping`);
    for (const key of Object.keys(label)) {
      if (!['path', 'line', 'kind', 'reason'].includes(key)) say(`${at}: unknown key "${key}"`);
    }
    const { path, line, kind, reason } = label;
    if (!isNonEmptyString(path)) say(`${at}: missing path`);
    else if (!files.has(path)) say(`${at}: path ${path} is not a file under files/`);
    if (!Number.isInteger(line)) say(`${at} (${path}): line must be an integer, got ${JSON.stringify(line)}`);
    else if (files.has(path) && (line < 1 || line > files.get(path))) {
      say(`${at} (${path}): line ${line} out of range 1..${files.get(path)}`);
    }
    if (!KINDS.includes(kind))
      say(`${at} (${path}:${line}): unknown kind ${JSON.stringify(kind)} (one of ${KINDS.join(', ')})`);
    if (!isNonEmptyString(reason)) say(`${at} (${path}:${line}): missing reason`);
    const key = `${path}:${line}:${kindFamily(String(kind))}`;
    if (seen.has(key))
      say(
        `${at}: duplicate label ${path}:${line} (${kind}: another ${kindFamily(String(kind))} label is on that line)`,
      );
    seen.add(key);
    if (isNonEmptyString(path)) labelledPaths.add(path);
  });
  const quietSeen = new Set();
  (Array.isArray(quiet) ? quiet : []).forEach((entry, index) => {
    const at = `quiet[${index}]`;
    if (entry === null || typeof entry !== 'object') return say(`${at}: must be a mapping`);
    for (const key of Object.keys(entry)) {
      if (!['path', 'reason'].includes(key)) say(`${at}: unknown key "${key}"`);
    }
    if (!isNonEmptyString(entry.path)) say(`${at}: missing path`);
    else if (!files.has(entry.path)) say(`${at}: path ${entry.path} is not a file under files/`);
    if (!isNonEmptyString(entry.reason)) say(`${at} (${entry.path}): missing reason`);
    if (quietSeen.has(entry.path)) say(`${at}: duplicate quiet path ${entry.path}`);
    quietSeen.add(entry.path);
    if (labelledPaths.has(entry.path)) say(`${at}: ${entry.path} is quiet but has labelled findings`);
  });
  return problems;
}

/**
 * A stored name `dot_<rest>` is the repository path's `.<rest>` (chezmoi's convention): a `.env` file is
 * what git's ignore rules and secret hygiene keep out of a repository, so the corpus stores it as `dot_env`.
 */
export function repositoryName(storedName) {
  return storedName.startsWith('dot_') ? `.${storedName.slice(4)}` : storedName;
}

/** The files under `dir`: where each is stored and the repository path it stands for. */
function listFiles(dir, prefix = '', storedPrefix = '') {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? posix.join(prefix, repositoryName(entry.name)) : repositoryName(entry.name);
    const stored = storedPrefix ? posix.join(storedPrefix, entry.name) : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(join(dir, entry.name), rel, stored));
    else if (entry.isFile()) out.push({ path: rel, stored });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Loads one case directory; throws CorpusError listing every problem. */
export function loadCase(caseDir, name = caseDir) {
  const problems = [];
  const labelsPath = join(caseDir, 'labels.yml');
  const filesDir = join(caseDir, 'files');
  if (!existsSync(labelsPath)) throw new CorpusError([`${name}: no labels.yml`]);
  if (!existsSync(filesDir) || !statSync(filesDir).isDirectory())
    throw new CorpusError([`${name}: no files/ directory`]);
  let labels;
  try {
    labels = parseYaml(readFileSync(labelsPath, 'utf8'));
  } catch (error) {
    throw new CorpusError([`${name}/labels.yml: not valid YAML: ${error.message}`]);
  }
  const files = listFiles(filesDir).map(({ path, stored }) => {
    const content = readFileSync(join(filesDir, stored), 'utf8');
    const lines = fileLines(content);
    if (lines.length === 0) problems.push(`${name}: files/${path} is empty`);
    return { path, content, lines };
  });
  problems.push(
    ...validateLabels(labels, new Map(files.map((f) => [f.path, f.lines.length])), `${name}/labels.yml`),
  );
  if (problems.length > 0) throw new CorpusError(problems);
  return {
    name,
    description: labels.description,
    files,
    findings: labels.findings ?? [],
    quiet: labels.quiet ?? [],
  };
}

/** Loads every case of a set (`dev`, `holdout`); throws CorpusError listing every problem of every case. */
export function loadSet(set, root = CORPUS_ROOT) {
  const setDir = join(root, set);
  if (!existsSync(setDir)) throw new CorpusError([`no corpus set ${set} at ${setDir}`]);
  const cases = [];
  const problems = [];
  for (const entry of readdirSync(setDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))) {
    try {
      cases.push(loadCase(join(setDir, entry.name), `${set}/${entry.name}`));
    } catch (error) {
      if (error instanceof CorpusError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new CorpusError(problems);
  return { set, cases };
}

/** A unified patch adding every line of a file: `@@ -0,0 +1,N @@` then `+line` for each. */
export function addedPatch(lines) {
  return [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`)].join('\n');
}

/** The pull request the review engine sees for a case: every file added in full (ChangedFileInput[]). */
export function changedFiles(corpusCase) {
  return corpusCase.files.map((file) => ({
    path: file.path,
    status: 'added',
    patch: addedPatch(file.lines),
  }));
}

/**
 * Scores one case's findings (path, line, ruleId, …) against its labels.
 * Returns { labels, findings, tp, fp: [{finding, quietFile}], fn: [label], duplicates }.
 */
export function scoreCase(corpusCase, findings) {
  const labelKey = (path, line, family) => `${path}\u0000${line}\u0000${family}`;
  const labels = new Map(
    corpusCase.findings.map((label) => [labelKey(label.path, label.line, kindFamily(label.kind)), label]),
  );
  const quietPaths = new Set(corpusCase.quiet.map((q) => q.path));
  const matched = new Set();
  const fp = [];
  let duplicates = 0;
  for (const finding of findings) {
    const key = labelKey(finding.path, finding.line, ruleFamily(finding.ruleId));
    if (!labels.has(key)) fp.push({ finding, quietFile: quietPaths.has(finding.path) });
    else if (matched.has(key)) duplicates += 1;
    else matched.add(key);
  }
  const fn = [...labels.entries()].filter(([key]) => !matched.has(key)).map(([, label]) => label);
  return { labels: labels.size, findings: findings.length, tp: matched.size, fp, fn, duplicates };
}

/** Sums case scores; recall and precision are 1 when their denominator is 0. */
export function summarize(scores) {
  const total = { cases: scores.length, labels: 0, findings: 0, tp: 0, fp: [], fn: [], duplicates: 0 };
  for (const score of scores) {
    total.labels += score.labels;
    total.findings += score.findings;
    total.tp += score.tp;
    total.fp.push(...score.fp);
    total.fn.push(...score.fn);
    total.duplicates += score.duplicates;
  }
  const recall = total.labels === 0 ? 1 : total.tp / total.labels;
  const precision = total.tp + total.fp.length === 0 ? 1 : total.tp / (total.tp + total.fp.length);
  return { ...total, recall, precision };
}

/** Counts by key, sorted by count descending then key. */
export function countBy(items, keyOf) {
  const counts = new Map();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Statistics of a loaded set: cases, files, labels by kind, quiet files, file types. */
export function setStats(loaded) {
  const files = loaded.cases.flatMap((c) => c.files);
  const labels = loaded.cases.flatMap((c) => c.findings);
  return {
    cases: loaded.cases.length,
    files: files.length,
    lines: files.reduce((n, f) => n + f.lines.length, 0),
    labels: labels.length,
    labelsByKind: Object.fromEntries(countBy(labels, (l) => l.kind)),
    quietFiles: loaded.cases.reduce((n, c) => n + c.quiet.length, 0),
    fileTypes: Object.fromEntries(countBy(files, (f) => fileType(f.path))),
  };
}

/** A file's type for the statistics: its extension, or its name when it has none (Dockerfile, .env). */
export function fileType(path) {
  const base = posix.basename(path);
  if (base.startsWith('.env')) return '.env';
  if (base === 'Dockerfile' || base.startsWith('Dockerfile.')) return 'Dockerfile';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1) : base;
}
