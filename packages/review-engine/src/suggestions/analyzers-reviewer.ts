import { ANALYZERS } from '../analyze-files';
import { dropRedundantSecretFindings, orderFindings } from '../findings-order';
import type { Candidate, Reviewer, ReviewContext, ReviewerResult } from '../reviewer';
import type { Finding } from '../types';

/** A finding as a candidate: one line, no fix; a repository's regex rule is source `rule`. */
export function findingToCandidate(finding: Finding): Candidate {
  return {
    source: finding.category === 'rule' ? 'rule' : 'analyzer',
    reviewer: 'analyzers',
    path: finding.path,
    startLine: finding.line,
    endLine: finding.line,
    severity: finding.severity,
    category: finding.category,
    ruleId: finding.ruleId,
    message: finding.message,
  };
}

/**
 * The built-in offline analyzers (secrets, debug leftovers, conflict markers, the repository's regex
 * rules) as one Reviewer. No cap here: the shared stage caps all reviewers' candidates together.
 */
export class AnalyzersReviewer implements Reviewer {
  readonly name = 'analyzers';

  async review(context: ReviewContext): Promise<ReviewerResult> {
    const analyzers = ANALYZERS.filter((analyzer) => analyzer.isEnabled(context.settings));
    const findings: Finding[] = [];
    for (const file of context.files) {
      // A review past its deadline stops here, between files, rather than analysing on for nobody.
      context.signal.throwIfAborted();
      if (file.status === 'removed' || file.addedLines.length === 0) continue;
      for (const analyzer of analyzers) findings.push(...(await analyzer.analyze(file, context.settings)));
    }
    const ordered = orderFindings(dropRedundantSecretFindings(findings), Number.POSITIVE_INFINITY);
    return { candidates: ordered.map(findingToCandidate), notes: [] };
  }
}
