/**
 * How long a provider asked us to wait, from the rate-limit signals of all four providers:
 * `Retry-After` (seconds or an HTTP date: GitHub, GitLab, Bitbucket, Azure DevOps), GitHub's
 * `x-ratelimit-reset` with `x-ratelimit-remaining: 0`, GitLab's `RateLimit-Reset` (epoch seconds) with
 * `RateLimit-Remaining: 0`, and Azure DevOps' `X-RateLimit-Delay`/`X-RateLimit-Reset`.
 */

const EPOCH_SECONDS = /^\d{9,11}$/;

function parseRetryAfter(value: string, nowMs: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function untilEpochSeconds(value: string | null, nowMs: number): number | undefined {
  if (value === null || !EPOCH_SECONDS.test(value.trim())) return undefined;
  return Math.max(0, Number(value.trim()) * 1000 - nowMs);
}

/** True when the headers say the caller has run out of its quota (whatever the status). */
export function quotaExhausted(headers: Headers): boolean {
  return (
    headers.get('x-ratelimit-remaining')?.trim() === '0' ||
    headers.get('ratelimit-remaining')?.trim() === '0' ||
    // Azure DevOps sends X-RateLimit-Delay while it is delaying requests on a throttled identity.
    headers.get('x-ratelimit-delay') !== null
  );
}

/** True when the answer carries any rate-limit signal that makes it worth waiting for. */
export function hasRateLimitSignal(headers: Headers): boolean {
  return headers.get('retry-after') !== null || quotaExhausted(headers);
}

/** Milliseconds to wait before trying again, when the provider said; undefined when it did not. */
export function retryAfterMs(headers: Headers, nowMs: number = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const ms = parseRetryAfter(retryAfter, nowMs);
    if (ms !== undefined) return ms;
  }
  if (headers.get('x-ratelimit-remaining')?.trim() === '0') {
    const ms = untilEpochSeconds(headers.get('x-ratelimit-reset'), nowMs);
    if (ms !== undefined) return ms;
  }
  if (headers.get('ratelimit-remaining')?.trim() === '0') {
    const ms = untilEpochSeconds(headers.get('ratelimit-reset'), nowMs);
    if (ms !== undefined) return ms;
  }
  const azureDelay = headers.get('x-ratelimit-delay');
  if (azureDelay !== null && /^\d+(\.\d+)?$/.test(azureDelay.trim())) {
    // Azure DevOps reports the delay it applied (seconds); the reset says when the window ends.
    return (
      untilEpochSeconds(headers.get('x-ratelimit-reset'), nowMs) ?? Math.round(Number(azureDelay) * 1000)
    );
  }
  return undefined;
}
