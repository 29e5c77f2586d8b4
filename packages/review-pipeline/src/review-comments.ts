import type { Finding, Severity } from '@kodus/review-engine';

const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const SEVERITY_LABEL: Record<Severity, string> = {
  critical: '🔴 Critical',
  high: '🟠 High',
  medium: '🟡 Medium',
  low: '🔵 Low',
  info: '⚪ Info',
};

/**
 * Hidden marker in the summary of every review Kodus posts, one per head commit: how a re-run finds
 * a review it already posted even when the database does not know about it (a crash after posting).
 */
export function reviewMarker(headSha: string): string {
  return `<!-- kodus-review head=${headSha} -->`;
}

export function inlineCommentBody(finding: Finding): string {
  return `**${SEVERITY_LABEL[finding.severity]} · ${finding.category}** — ${finding.message}\n\n<sub>Kodus · \`${finding.ruleId}\`</sub>`;
}

export interface SummaryInput {
  headSha: string;
  filesReviewed: number;
  filesIgnored: number;
  findings: readonly Finding[];
  notes: readonly string[];
}

/** The review's summary: counts by severity, what was skipped, and the idempotency marker. */
export function summaryBody(input: SummaryInput): string {
  const counts = SEVERITY_ORDER.map(
    (s) => [s, input.findings.filter((f) => f.severity === s).length] as const,
  ).filter(([, n]) => n > 0);
  const lines = ['### Kodus review', ''];
  if (input.findings.length === 0) {
    lines.push(
      `No issues found in ${input.filesReviewed} changed file${input.filesReviewed === 1 ? '' : 's'}.`,
    );
  } else {
    const files = new Set(input.findings.map((f) => f.path)).size;
    lines.push(
      `Found **${input.findings.length}** issue${input.findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}: ` +
        counts.map(([s, n]) => `${n} ${s}`).join(', ') +
        '.',
    );
  }
  if (input.filesIgnored > 0) {
    lines.push(
      '',
      `${input.filesIgnored} file${input.filesIgnored === 1 ? '' : 's'} skipped (ignored paths, binaries or removed files).`,
    );
  }
  for (const note of input.notes) lines.push('', `> ${note}`);
  lines.push(
    '',
    `<sub>Reviewed at ${input.headSha.slice(0, 12)} by Kodus built-in analyzers.</sub>`,
    reviewMarker(input.headSha),
  );
  return lines.join('\n');
}
