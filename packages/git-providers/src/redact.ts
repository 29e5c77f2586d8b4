/**
 * What may be copied from an upstream answer (an error page, an error message) into an error message,
 * a log line or a review's status: a short excerpt with credentials removed. A proxy's 502 page can
 * echo the request's Authorization header; GitHub's messages can quote what was sent.
 */

/** Longest excerpt kept. */
export const MAX_UPSTREAM_EXCERPT = 200;
/** Only this much of the upstream text is looked at, so the patterns below stay cheap. */
const MAX_SCANNED = 4000;
const REDACTED = '[redacted]';

/** Linear-time patterns (no nested quantifiers) for what credentials look like in echoed requests. */
const CREDENTIAL_PATTERNS: readonly [RegExp, string][] = [
  // A header line: everything after the name goes.
  [
    /\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|private[-_]?token|x-hub-signature(?:-256)?)(\s*[:=]\s*)[^\r\n]*/gi,
    `$1$2${REDACTED}`,
  ],
  [/\b(bearer|token|basic)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi, `$1$2${REDACTED}`],
  [/\b(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,})/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g, REDACTED],
  [/([?&](?:access_token|token|client_secret|key|sig|signature|password)=)[^&\s"'<>]+/gi, `$1${REDACTED}`],
  [/(\/\/)[^/\s:@]+:[^/\s@]+@/g, `$1${REDACTED}@`],
];

/**
 * A bounded, single-line excerpt of upstream text with markup, control characters and credentials
 * removed; `secrets` (the credential the request carried) are removed wherever they appear.
 */
export function redactUpstreamText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.replaceAll(secret, REDACTED);
  if (out.length > MAX_SCANNED) out = dropLastWord(out.slice(0, MAX_SCANNED));
  out = out.replace(/<[^<>]*>/g, ' ').replace(/[<>]/g, ' ');
  // Before newlines go: a header pattern runs to the end of its line.
  for (const [pattern, replacement] of CREDENTIAL_PATTERNS) out = out.replace(pattern, replacement);
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  out = out.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ').trim();
  if (out.length > MAX_UPSTREAM_EXCERPT) out = `${out.slice(0, MAX_UPSTREAM_EXCERPT - 1)}…`;
  // Lone surrogates (from the input, or a cut pair) would not survive a database or JSON round trip.
  return out.toWellFormed();
}

/** A cut may have split a credential: what is left of its word goes too. */
function dropLastWord(text: string): string {
  let end = text.length;
  while (end > 0 && !/\s/.test(text.charAt(end - 1))) end -= 1;
  return text.slice(0, end);
}
