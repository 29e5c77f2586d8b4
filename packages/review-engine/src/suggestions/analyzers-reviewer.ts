import { runAnalyzers } from '../analyze-files';
import { loadSecretlint } from '../analyzers/secretlint-loader';
import { orderFindings } from '../findings-order';
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
    ...(finding.fingerprint === undefined ? {} : { fingerprint: finding.fingerprint }),
  };
}

/** The summary's line for the findings `allow:` in `.kodus.yml` accepted. */
export function acceptedNote(accepted: number): string {
  return `${accepted} ${accepted === 1 ? 'finding' : 'findings'} accepted by the allow-list in .kodus.yml (allow.paths, allow.fingerprints): not posted.`;
}

/**
 * The built-in offline analyzers (secrets, debug leftovers, conflict markers, the repository's regex
 * rules) as one Reviewer. No cap here: the shared stage caps all reviewers' candidates together.
 */
export class AnalyzersReviewer implements Reviewer {
  readonly name = 'analyzers';

  /**
   * Loads what the first review would (secretlint's ES modules, ~170 ms of module loading): the worker calls
   * it before it takes jobs, so the first WORKER_CONCURRENCY reviews do not all wait it out together.
   */
  async warmUp(): Promise<void> {
    await loadSecretlint();
  }

  async review(context: ReviewContext): Promise<ReviewerResult> {
    const { findings, accepted } = await runAnalyzers(context.files, context.settings, context.signal);
    const ordered = orderFindings(findings, Number.POSITIVE_INFINITY);
    return {
      candidates: ordered.map(findingToCandidate),
      notes: accepted > 0 ? [acceptedNote(accepted)] : [],
    };
  }
}
