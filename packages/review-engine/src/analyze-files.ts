import { setImmediate as nextTurn } from 'node:timers/promises';
import { applyAllowList } from './allow-list';
import type { Analyzer } from './analyzers/analyzer';
import { conflictMarkersAnalyzer } from './analyzers/conflict-markers';
import { debugLeftoversAnalyzer } from './analyzers/debug-leftovers';
import { SECRET_ANALYZERS } from './analyzers/secret-analyzers';
import { runUserRules, type UserRulesLimits } from './analyzers/user-rules';
import { withFingerprints } from './fingerprint';
import { dropRedundantSecretFindings, orderFindings } from './findings-order';
import { parsePatch } from './patch-parser';
import { isIgnored } from './path-ignore';
import type { ChangedFileInput, Finding, ParsedFile, ReviewSettings } from './types';

/** The analyzers run file by file; the repository's rules run after them (runUserRules), bounded in time. */
export const ANALYZERS: readonly Analyzer[] = [
  ...SECRET_ANALYZERS,
  conflictMarkersAnalyzer,
  debugLeftoversAnalyzer,
];

/** Files worth analysing: not ignored, not removed, with a patch that adds lines. */
export function reviewableFiles(files: readonly ChangedFileInput[], settings: ReviewSettings): ParsedFile[] {
  return files
    .filter((file) => file.status !== 'removed' && file.patch && !isIgnored(file.path, settings))
    .map(parsePatch)
    .filter((file) => file.addedLines.length > 0);
}

/** What the analyzers found, before de-duplication and the cap. */
export interface AnalyzerRun {
  /** Fingerprinted, without the password heuristic where secretlint named the secret, without accepted ones. */
  findings: Finding[];
  /** Findings `allow:` in `.kodus.yml` accepted (dropped). */
  accepted: number;
  /** Lines for the summary: the `.kodus.yml` rules stopped before checking every file, say. */
  notes: string[];
}

/**
 * The enabled analyzers over the added lines of each file (removed files and files that add nothing
 * skipped), then the repository's rules over them all (runUserRules: in slices of the event loop, within
 * a time budget — `rulesLimits` overrides USER_RULES_LIMITS — past which they stop with a note). Each
 * finding gets its fingerprint; the password heuristic is dropped where secretlint already named the
 * secret (before the allow-list, so accepting the one does not bring the other back); then the findings
 * the allow-list accepts are dropped and counted. Throws the signal's reason once it aborts.
 */
export async function runAnalyzers(
  files: readonly ParsedFile[],
  settings: ReviewSettings,
  signal?: AbortSignal,
  rulesLimits?: Partial<UserRulesLimits>,
): Promise<AnalyzerRun> {
  const analyzers = ANALYZERS.filter((analyzer) => analyzer.isEnabled(settings));
  const findings: Finding[] = [];
  const notes: string[] = [];
  const analysed: ParsedFile[] = [];
  let first = true;
  for (const file of files) {
    // One file per event-loop turn: network answers waiting meanwhile (other reviews' model calls and
    // provider reads) are handled between files instead of after the whole change.
    if (!first) await nextTurn();
    first = false;
    // A review past its deadline stops here, between files, rather than analysing on for nobody.
    signal?.throwIfAborted();
    if (file.status === 'removed' || file.addedLines.length === 0) continue;
    analysed.push(file);
    const found: Finding[] = [];
    for (const analyzer of analyzers) found.push(...(await analyzer.analyze(file, settings)));
    findings.push(...withFingerprints(file, found));
  }
  if (settings.rules.length > 0 && analysed.length > 0) {
    const rules = await runUserRules(analysed, settings, { signal, limits: rulesLimits });
    analysed.forEach((file, i) => findings.push(...withFingerprints(file, rules.findings[i] ?? [])));
    if (rules.note !== undefined) notes.push(rules.note);
  }
  const { kept, accepted } = applyAllowList(dropRedundantSecretFindings(findings), settings.allow);
  return { findings: kept, accepted, notes };
}

/**
 * Runs the enabled analyzers over the lines each file's patch adds. Every finding is on an added line of
 * the new file and carries its fingerprint; findings `settings.allow` accepts are left out (see
 * runAnalyzers); the result is de-duplicated (path+line+ruleId, and no password heuristic where
 * secretlint already named the secret), capped at `settings.maxComments` (most severe first) and sorted
 * by path, line and ruleId. Async because secretlint is. Throws the signal's reason once
 * `options.signal` aborts.
 */
export async function analyzeFiles(
  files: ChangedFileInput[],
  settings: ReviewSettings,
  options: { signal?: AbortSignal } = {},
): Promise<Finding[]> {
  const { findings } = await runAnalyzers(reviewableFiles(files, settings), settings, options.signal);
  return orderFindings(findings, settings.maxComments);
}
