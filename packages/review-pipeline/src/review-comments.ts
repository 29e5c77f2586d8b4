import { commentKey, type PostedComment } from '@kodus/git-providers';
import {
  type Candidate,
  FINGERPRINT_PATTERN,
  type PostedSuggestion,
  type Severity,
} from '@kodus/review-engine';

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
/** The line above the footer that tells how to accept an analyzer finding (comments posted before it have none). */
const ACCEPT_LINE =
  /\n*<sub>Accepted risk or false alarm\? Add `kf1:[0-9a-f]{16}` to [^\n]{0,200}<\/sub>\s*$/;

/** The label above a comment's fix (its fenced code block). */
const SUGGESTED_CHANGE = 'Suggested change:';

/** How a team accepts an analyzer finding for good: its fingerprint under `allow.fingerprints`. */
export function acceptLine(fingerprint: string): string {
  return `<sub>Accepted risk or false alarm? Add \`${fingerprint}\` to \`allow.fingerprints\` in \`.kodus.yml\` and it is not reported again.</sub>`;
}

export function inlineCommentBody(candidate: Candidate): string {
  const lines = [`**${SEVERITY_LABEL[candidate.severity]} · ${candidate.category}** — ${candidate.message}`];
  const fix = candidate.improvedCode;
  if (fix !== undefined && fix !== null && fix.trim() !== '') {
    // A fence longer than any backtick run in the code, so the code cannot close it (postedSuggestion relies on it).
    const fence = '`'.repeat(Math.max(3, ...[...fix.matchAll(/`+/g)].map((m) => m[0].length + 1)));
    lines.push('', SUGGESTED_CHANGE, '', fence, fix, fence);
  }
  // Not part of the hidden key (inlineCommentKey), so a comment posted before this line existed is still found.
  if (candidate.fingerprint !== undefined && FINGERPRINT_PATTERN.test(candidate.fingerprint)) {
    lines.push('', acceptLine(candidate.fingerprint.toLowerCase()));
  }
  lines.push('', `<sub>Kodus · \`${candidate.ruleId}\`</sub>`);
  return lines.join('\n');
}

/**
 * Removes the suggested-change block inlineCommentBody puts under the message (the text must end with it):
 * "Suggested change:", then the fix between two fences of the same 3+ backticks, a run the fix never holds.
 * Text without such a block (no fix, or a comment posted before fixes were shown) is returned as it is.
 */
function withoutSuggestedChange(text: string): string {
  const closing = /\n(`{3,})\s*$/.exec(text);
  const fence = closing?.[1];
  if (closing === null || fence === undefined) return text;
  const opening = text.lastIndexOf(`\n${SUGGESTED_CHANGE}\n\n${fence}\n`, closing.index);
  if (opening < 0) return text;
  const codeStart = opening + SUGGESTED_CHANGE.length + fence.length + 4;
  // The fix between the fences holds no run as long as the fence: otherwise this is not the block Kodus wrote.
  if (codeStart > closing.index + 1 || text.slice(codeStart, closing.index).includes(fence)) return text;
  return text.slice(0, opening).replace(/\n+$/, '');
}

/**
 * A posted inline comment as de-duplication compares it: its message and rule, markup (the header, the
 * suggested change, the accept line and the footer) removed, so it reads the same with or without a fix.
 */
export function postedSuggestion(comment: PostedComment): PostedSuggestion | undefined {
  if (comment.kind !== 'inline' || comment.path === undefined || comment.line === undefined) return undefined;
  const body = comment.body.replace(/\r\n?/g, '\n');
  const rule = FOOTER.exec(body)?.[1];
  const text = withoutSuggestedChange(body.replace(FOOTER, '').replace(ACCEPT_LINE, '')).replace(HEADER, '');
  return {
    key: comment.key,
    path: comment.path,
    line: comment.line,
    text,
    ...(rule === undefined ? {} : { ruleId: rule }),
  };
}
