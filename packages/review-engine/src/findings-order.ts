import { severityRank } from './severity';
import type { Finding } from './types';

function byLocation(a: Finding, b: Finding): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return 0;
}

function bySeverityThenLocation(a: Finding, b: Finding): number {
  return severityRank(a.severity) - severityRank(b.severity) || byLocation(a, b);
}

const HEURISTIC_SECRET_RULE = 'secrets/hardcoded-password';

/** The password heuristic adds nothing on a line where secretlint already recognised the secret. */
export function dropRedundantSecretFindings(findings: readonly Finding[]): Finding[] {
  const recognised = new Set(
    findings
      .filter((f) => f.ruleId.startsWith('secrets/') && f.ruleId !== HEURISTIC_SECRET_RULE)
      .map((f) => `${f.path}\0${f.line}`),
  );
  return findings.filter(
    (f) => f.ruleId !== HEURISTIC_SECRET_RULE || !recognised.has(`${f.path}\0${f.line}`),
  );
}

/**
 * One finding per path+line+ruleId (the most severe), at most `max` of them (the most severe kept),
 * sorted by path, line and ruleId.
 */
export function orderFindings(findings: readonly Finding[], max: number): Finding[] {
  const seen = new Set<string>();
  const kept: Finding[] = [];
  for (const finding of [...findings].sort(bySeverityThenLocation)) {
    const key = `${finding.path}\0${finding.line}\0${finding.ruleId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(finding);
    if (kept.length >= max) break;
  }
  return kept.sort(byLocation);
}
