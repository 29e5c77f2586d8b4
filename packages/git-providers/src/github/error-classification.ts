import { GitProviderError } from '../errors';
import { redactUpstreamText } from '../redact';

/**
 * Which failed GitHub calls are worth trying again. 5xx, 429 and rate limits (403/429 with retry-after,
 * x-ratelimit-remaining: 0, or a "rate limit" message — GitHub's secondary limits) are; other 4xx are not.
 */

function retryAfterMs(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter.trim()) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const reset = headers.get('x-ratelimit-reset');
  if (headers.get('x-ratelimit-remaining') === '0' && reset !== null && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) * 1000 - nowMs);
  }
  return undefined;
}

/**
 * GitHub's error message (and 422 details) from a JSON error body, or the start of a non-JSON one:
 * redacted and bounded, since a proxy's page or a message can echo the request's credentials.
 */
function describeBody(body: unknown, secrets: readonly string[]): string {
  if (typeof body === 'string') return redactUpstreamText(body, secrets);
  if (typeof body !== 'object' || body === null) return '';
  const { message, errors } = body as { message?: unknown; errors?: unknown };
  const text = typeof message === 'string' ? message : '';
  const details = Array.isArray(errors) && errors.length > 0 ? ` (${JSON.stringify(errors)})` : '';
  return redactUpstreamText(`${text}${details}`, secrets);
}

function isRateLimited(status: number, headers: Headers, message: string): boolean {
  return (
    headers.get('retry-after') !== null ||
    headers.get('x-ratelimit-remaining') === '0' ||
    /rate limit/i.test(message) ||
    status === 429
  );
}

export function errorFromResponse(
  operation: string,
  status: number,
  headers: Headers,
  body: unknown,
  options: { nowMs?: number; secrets?: readonly string[] } = {},
): GitProviderError {
  const nowMs = options.nowMs ?? Date.now();
  const message = describeBody(body, options.secrets ?? []);
  const rateLimited = (status === 403 || status === 429) && isRateLimited(status, headers, message);
  const retryable = status >= 500 || status === 429 || status === 408 || rateLimited;
  const requestId = redactUpstreamText(headers.get('x-github-request-id') ?? '');
  const detail = [message, requestId === '' ? '' : `request id ${requestId}`].filter(Boolean).join('; ');
  return new GitProviderError(
    `GitHub ${operation} answered ${status}${rateLimited ? ' (rate limited)' : ''}${detail ? `: ${detail}` : ''}`,
    {
      provider: 'github',
      status,
      retryable,
      retryAfterMs: retryable ? retryAfterMs(headers, nowMs) : undefined,
    },
  );
}

export function errorFromNetwork(operation: string, cause: unknown): GitProviderError {
  const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
  const reason = redactUpstreamText(
    cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : '',
  );
  return new GitProviderError(
    `GitHub ${operation} ${timedOut ? 'timed out' : 'failed to connect'}${reason ? `: ${reason}` : ''}`,
    { provider: 'github', retryable: true, cause },
  );
}
