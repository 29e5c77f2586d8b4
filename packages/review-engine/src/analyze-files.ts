import type { Analyzer } from './analyzers/analyzer';
import { conflictMarkersAnalyzer } from './analyzers/conflict-markers';
import { debugLeftoversAnalyzer } from './analyzers/debug-leftovers';
import { SECRET_ANALYZERS } from './analyzers/secret-analyzers';
import { userRulesAnalyzer } from './analyzers/user-rules';
import { dropRedundantSecretFindings, orderFindings } from './findings-order';
import { parsePatch } from './patch-parser';
import { isIgnored } from './path-ignore';
import type { ChangedFileInput, Finding, ParsedFile, ReviewSettings } from './types';

export const ANALYZERS: readonly Analyzer[] = [
  ...SECRET_ANALYZERS,
  conflictMarkersAnalyzer,
  debugLeftoversAnalyzer,
  userRulesAnalyzer,
];

/** Files worth analysing: not ignored, not removed, with a patch that adds lines. */
export function reviewableFiles(files: readonly ChangedFileInput[], settings: ReviewSettings): ParsedFile[] {
  return files
    .filter((file) => file.status !== 'removed' && file.patch && !isIgnored(file.path, settings))
    .map(parsePatch)
    .filter((file) => file.addedLines.length > 0);
}

/**
 * Runs the enabled analyzers over the lines each file's patch adds. Every finding is on an added line of
 * the new file; the result is de-duplicated (path+line+ruleId, and no password heuristic where
 * secretlint already named the secret), capped at `settings.maxComments` (most
 * severe first) and sorted by path, line and ruleId. Async because secretlint is. Throws the signal's
 * reason once `options.signal` aborts.
 */
export async function analyzeFiles(
  files: ChangedFileInput[],
  settings: ReviewSettings,
  options: { signal?: AbortSignal } = {},
): Promise<Finding[]> {
  const analyzers = ANALYZERS.filter((analyzer) => analyzer.isEnabled(settings));
  const findings: Finding[] = [];
  for (const file of reviewableFiles(files, settings)) {
    // A review past its deadline stops here, between files, rather than analysing on for nobody.
    options.signal?.throwIfAborted();
    for (const analyzer of analyzers) {
      findings.push(...(await analyzer.analyze(file, settings)));
    }
  }
  return orderFindings(dropRedundantSecretFindings(findings), settings.maxComments);
}
