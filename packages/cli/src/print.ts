import type { DiffReviewOutput } from './review-diff';

/** The review as a reader wants it in a terminal: each comment at its place, then notes and failures. */
export function formatReview(caseId: string, review: DiffReviewOutput, withHeader: boolean): string {
  const lines: string[] = withHeader ? [`== ${caseId}`] : [];
  const posted = review.shaped.filter((s) => s.disposition === 'posted');
  for (const { candidate, path, line } of posted) {
    const at = line ?? candidate.endLine;
    const range = candidate.startLine < at ? `${candidate.startLine}-${at}` : `${at}`;
    const rule = candidate.ruleId === 'llm' ? '' : ` (${candidate.ruleId})`;
    lines.push(
      `${path ?? candidate.path}:${range} ${candidate.severity} ${candidate.category}${rule} [${candidate.source}]`,
    );
    lines.push(...candidate.message.split('\n').map((l) => `    ${l}`));
    if (candidate.fingerprint !== undefined) {
      lines.push(`    accepted risk? add ${candidate.fingerprint} to allow.fingerprints in .kodus.yml`);
    }
    if (candidate.improvedCode) {
      lines.push('    suggested:', ...candidate.improvedCode.split('\n').map((l) => `      ${l}`));
    }
  }
  lines.push(
    `${posted.length} comment(s); ${review.shaped.length - posted.length} candidate(s) dropped by the shared stage.`,
  );
  for (const failure of review.failures) lines.push(`FAILED ${failure}`);
  for (const note of review.notes) lines.push(`note: ${note}`);
  const u = review.usage;
  if (u.llmCalls > 0) {
    const cost = u.costUsd === null ? 'unknown cost' : `US$${u.costUsd.toFixed(4)}`;
    lines.push(
      `LLM: ${u.llmCalls} call(s), ${u.inputTokens} input / ${u.outputTokens} output tokens, ${cost}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
