import { commentKey, type PostedComment } from '@kodus/git-providers';
import type { Candidate, PostedSuggestion, Severity } from '@kodus/review-engine';

const SEVERITY_LABEL: Record<Severity, string> = {
  critical: '🔴 Critical',
  high: '🟠 High',
  medium: '🟡 Medium',
  low: '🔵 Low',
  info: '⚪ Info',
};

/** The summary's hidden key: one summary per reviewed head, found again by a retry. */
export function summaryKey(headSha: string): string {
  return commentKey('summary', headSha);
}

/** An inline comment's hidden key: stable per head, path, line, rule and text, so a retry posts nothing twice. */
export function inlineCommentKey(
  headSha: string,
  at: { path: string; line: number },
  candidate: Pick<Candidate, 'ruleId' | 'message'>,
): string {
  return commentKey('inline', headSha, at.path, at.line, candidate.ruleId, candidate.message);
}

/** The footer naming the rule: how de-duplication reads a posted comment's rule back. */
const FOOTER = /\n*<sub>Kodus · `([^`\n]{1,200})`<\/sub>\s*$/;
const HEADER = /^\*\*[^*\n]{1,80}\*\* — /;

export function inlineCommentBody(candidate: Candidate): string {
  const lines = [`**${SEVERITY_LABEL[candidate.severity]} · ${candidate.category}** — ${candidate.message}`];
  const fix = candidate.improvedCode;
  if (fix !== undefined && fix !== null && fix.trim() !== '') {
    // A fence longer than any backtick run in the code, so the code cannot close it.
    const fence = '`'.repeat(Math.max(3, ...[...fix.matchAll(/`+/g)].map((m) => m[0].length + 1)));
    lines.push('', 'Suggested change:', '', fence, fix, fence);
  }
  lines.push('', `<sub>Kodus · \`${candidate.ruleId}\`</sub>`);
  return lines.join('\n');
}

/** A posted inline comment as de-duplication compares it: its message and rule, markup removed. */
export function postedSuggestion(comment: PostedComment): PostedSuggestion | undefined {
  if (comment.kind !== 'inline' || comment.path === undefined || comment.line === undefined) return undefined;
  const rule = FOOTER.exec(comment.body)?.[1];
  const text = comment.body.replace(FOOTER, '').replace(HEADER, '');
  return {
    key: comment.key,
    path: comment.path,
    line: comment.line,
    text,
    ...(rule === undefined ? {} : { ruleId: rule }),
  };
}
