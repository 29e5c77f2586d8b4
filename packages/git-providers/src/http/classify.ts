import type { ProviderName } from '../adapter';
import { GitProviderError } from '../errors';
import { redactUpstreamText } from '../redact';
import { hasRateLimitSignal, retryAfterMs } from './rate-limit';

/** The display name used in error messages. */
export const PROVIDER_LABEL: Record<ProviderName, string> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  bitbucket: 'Bitbucket',
  'azure-devops': 'Azure DevOps',
};

/** Headers that carry a request id worth quoting (support asks for them). */
const REQUEST_ID_HEADERS = ['x-github-request-id', 'x-request-id', 'x-vss-activityid', 'x-b3-traceid'];

/**
 * The provider's error message from a JSON error body (GitHub/Azure `message`, GitLab `message`/`error`,
 * Bitbucket `error.message`), or the start of a non-JSON one: redacted and bounded, since a proxy's page
 * or a message can echo the request's credentials.
 */
export function describeErrorBody(body: unknown, secrets: readonly string[]): string {
  if (typeof body === 'string') return redactUpstreamText(body, secrets);
  if (typeof body !== 'object' || body === null) return '';
  const record = body as Record<string, unknown>;
  const nested = record['error'];
  const candidates = [
    record['message'],
    typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>)['message'] : nested,
    record['error_description'],
  ];
  const text =
    candidates
      .map((c) => (typeof c === 'string' ? c : c === undefined ? '' : JSON.stringify(c)))
      .find((c) => c !== '') ?? '';
  const errors = record['errors'];
  const details = Array.isArray(errors) && errors.length > 0 ? ` (${JSON.stringify(errors)})` : '';
  return redactUpstreamText(`${text}${details}`, secrets);
}

/**
 * Which failed calls are worth trying again: 5xx, 408, 429 and rate limits (403 with a rate-limit
 * signal or a "rate limit" message — GitHub's secondary limits); other 4xx are permanent.
 */
export function errorFromResponse(
  provider: ProviderName,
  operation: string,
  status: number,
  headers: Headers,
  body: unknown,
  options: { nowMs?: number; secrets?: readonly string[] } = {},
): GitProviderError {
  const message = describeErrorBody(body, options.secrets ?? []);
  const rateLimited =
    status === 429 || (status === 403 && (hasRateLimitSignal(headers) || /rate limit/i.test(message)));
  const retryable = status >= 500 || status === 408 || rateLimited;
  const requestIdHeader = REQUEST_ID_HEADERS.map((h) => headers.get(h)).find((v) => v !== null);
  const requestId = redactUpstreamText(requestIdHeader ?? '');
  const detail = [message, requestId === '' ? '' : `request id ${requestId}`].filter(Boolean).join('; ');
  return new GitProviderError(
    `${PROVIDER_LABEL[provider]} ${operation} answered ${status}${rateLimited ? ' (rate limited)' : ''}${detail ? `: ${detail}` : ''}`,
    {
      provider,
      status,
      retryable,
      retryAfterMs: retryable ? retryAfterMs(headers, options.nowMs ?? Date.now()) : undefined,
    },
  );
}

/** A network failure or a timeout: always retryable (the request may not have reached the provider). */
export function errorFromNetwork(
  provider: ProviderName,
  operation: string,
  cause: unknown,
): GitProviderError {
  // Duck-typed: a DOMException (a timeout) or an error from another realm is not `instanceof Error` everywhere.
  const name = fieldOf(cause, 'name');
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  const inner =
    typeof cause === 'object' && cause !== null ? (cause as { cause?: unknown }).cause : undefined;
  const reason = redactUpstreamText(fieldOf(inner, 'message') || fieldOf(cause, 'message'));
  return new GitProviderError(
    `${PROVIDER_LABEL[provider]} ${operation} ${timedOut ? 'timed out' : 'failed to connect'}${reason ? `: ${reason}` : ''}`,
    { provider, retryable: true, cause },
  );
}

/**
 * Azure DevOps answers a request with a missing, expired or wrong PAT with 203 and its HTML sign-in page
 * instead of 401: an authentication failure, permanent.
 */
export function isSignInPage(status: number, headers: Headers): boolean {
  return status === 203 && /\btext\/html\b/i.test(headers.get('content-type') ?? '');
}

function fieldOf(value: unknown, field: 'name' | 'message'): string {
  if (typeof value !== 'object' || value === null) return '';
  const text = (value as Record<string, unknown>)[field];
  return typeof text === 'string' ? text : '';
}
