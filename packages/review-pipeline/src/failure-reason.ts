import { GitProviderError } from '@kodus/git-providers';
import { PermanentJobError } from '@kodus/queue';

/** Longest reason stored on a review (and so answered by the API). */
const MAX_REASON = 1000;

/**
 * Text fit for a log line, a PostgreSQL text column and a JSON answer: no NUL or other control
 * characters, no lone surrogates, bounded.
 */
export function printable(text: string, max = MAX_REASON): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this escapes
  const clean = text.toWellFormed().replace(/[\u0000-\u001f\u007f]/g, (c) => {
    return c === '\n' || c === '\t' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export function reasonFor(error: unknown): string {
  return printable(error instanceof Error ? error.message : String(error));
}

/**
 * Failures that retrying cannot cure: a permanent job error, a provider's 4xx, and data PostgreSQL
 * refuses (SQLSTATE class 22, data exceptions such as a NUL byte: the same data fails every time).
 */
export function isPermanent(error: unknown): boolean {
  if (error instanceof PermanentJobError) return true;
  if (error instanceof GitProviderError) return !error.retryable;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}
