import { type Candidate, SEVERITIES } from '@kodus/review-engine';

/** How much of the pull request this review looked at. */
export type ReviewScope =
  | { kind: 'full' }
  | { kind: 'incremental'; since: string }
  /** The last reviewed head is no ancestor of this one (a force-push): everything reviewed again. */
  | { kind: 'force-push'; since: string };

export interface SummaryInput {
  headSha: string;
  scope: ReviewScope;
  filesReviewed: number;
  /** Files the reviewers could not read (binary, or too large for the provider's diff). */
  unreviewed: readonly string[];
  filesIgnored: number;
  /** What is posted with this summary. */
  posted: readonly Candidate[];
  /** How many candidates matched a comment already on the pull request. */
  alreadyPosted: number;
  reviewers: readonly string[];
  failures: readonly { reviewer: string; reason: string }[];
  notes: readonly string[];
}

const MAX_NAMED_FILES = 20;
/** One note or failure line of the summary at most. */
const MAX_NOTE_CHARS = 2000;
/**
 * The whole summary at most: under every provider's comment limit (GitHub refuses a body over 65,536
 * characters, and a refused summary fails the review), with room for the provider's hidden key.
 */
export const MAX_SUMMARY_CHARS = 30_000;
const clipped = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const sha = (value: string) => `\`${value.slice(0, 12)}\``;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The review's summary: counts by severity, what it reviewed and did not, which reviewers failed and why. */
export function summaryBody(input: SummaryInput): string {
  const lines = ['### Kodus review', ''];
  if (input.posted.length === 0) {
    lines.push(`No new issues found in ${plural(input.filesReviewed, 'reviewed file')}.`);
  } else {
    const counts = SEVERITIES.map((s) => [s, input.posted.filter((c) => c.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`);
    const files = new Set(input.posted.map((c) => c.path)).size;
    lines.push(
      `Found **${plural(input.posted.length, 'issue')}** in ${plural(files, 'file')}: ${counts.join(', ')}.`,
    );
  }
  if (input.alreadyPosted > 0) {
    lines.push(
      '',
      `${plural(input.alreadyPosted, 'finding')} already commented on this pull request not repeated.`,
    );
  }
  if (input.unreviewed.length > 0) {
    const named = input.unreviewed.slice(0, MAX_NAMED_FILES).map((p) => `\`${p}\``);
    const more = input.unreviewed.length - named.length;
    lines.push(
      '',
      `Not reviewed (binary, or too large for a diff): ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`,
    );
  }
  if (input.filesIgnored > 0)
    lines.push('', `${plural(input.filesIgnored, 'file')} skipped (ignored paths or removed).`);
  for (const failure of input.failures) {
    lines.push('', clipped(`> The \`${failure.reviewer}\` review failed: ${failure.reason}`, MAX_NOTE_CHARS));
  }
  for (const note of input.notes) lines.push('', clipped(`> ${note}`, MAX_NOTE_CHARS));
  const scope =
    input.scope.kind === 'incremental'
      ? `, incremental since ${sha(input.scope.since)}`
      : input.scope.kind === 'force-push'
        ? `, full review after a force-push (${sha(input.scope.since)} is no longer in the branch)`
        : '';
  const footer = `<sub>Reviewed at ${sha(input.headSha)}${scope} by Kodus (${input.reviewers.join(', ')}).</sub>`;
  const body = lines.join('\n');
  // Notes past the limit are left out, said so; the footer always ends it.
  const room = MAX_SUMMARY_CHARS - footer.length - 200;
  const kept =
    body.length <= room
      ? body
      : `${body.slice(0, body.lastIndexOf('\n', room))}\n\n> (the rest of this summary is left out: it was over ${MAX_SUMMARY_CHARS} characters)`;
  return `${kept}\n\n${footer}`;
}
