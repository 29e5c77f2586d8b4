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

/** The better of two secret findings on one line: the more severe, then a named format over the heuristic. */
function betterSecret(a: Finding, b: Finding): Finding {
  const bySeverity = severityRank(a.severity) - severityRank(b.severity);
  if (bySeverity !== 0) return bySeverity < 0 ? a : b;
  if (a.ruleId === HEURISTIC_SECRET_RULE && b.ruleId !== HEURISTIC_SECRET_RULE) return b;
  return a;
}

/**
 * One secret finding per line: secretlint, the format rules and the password heuristic may all recognise
 * one credential (a connection string is both basic auth and a database URL); a reviewer needs one comment.
 * The most severe is kept, a named format before the heuristic, the first reported on a tie. Findings of
 * other analyzers pass through in their order.
 */
export function dropRedundantSecretFindings(findings: readonly Finding[]): Finding[] {
  const best = new Map<string, Finding>();
  for (const finding of findings) {
    if (!finding.ruleId.startsWith('secrets/')) continue;
    const key = `${finding.path}\0${finding.line}`;
    const current = best.get(key);
    best.set(key, current ? betterSecret(current, finding) : finding);
  }
  return findings.filter((f) => !f.ruleId.startsWith('secrets/') || best.get(`${f.path}\0${f.line}`) === f);
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
