import type { Reply } from './routes';
import { errorBody } from './shapes';

/** Which requests something applies to: all of them, or those with this method and an API path matching. */
export interface RequestMatch {
  method?: string;
  path?: RegExp;
}

export function matches(match: RequestMatch | undefined, method: string, apiPath: string): boolean {
  return (
    (match?.method === undefined || match.method === method) &&
    (match?.path === undefined || match.path.test(apiPath))
  );
}

export interface FailureOptions {
  /** Sent as `retry-after` (seconds). */
  retryAfterSeconds?: number;
  /** Sent as `x-ratelimit-remaining` (GitHub's primary rate limit sends 0). */
  rateLimitRemaining?: number;
  message?: string;
  /** A non-JSON body (a proxy's HTML page, say) instead of GitHub's JSON error. */
  rawBody?: string;
  /** Only requests matching this fail; others pass. */
  match?: RequestMatch;
}

interface PendingFailure extends FailureOptions {
  remaining: number;
  status: number;
}

const SECONDARY_RATE_LIMIT =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
const DEFAULT_MESSAGES: Record<number, string> = {
  403: SECONDARY_RATE_LIMIT,
  429: SECONDARY_RATE_LIMIT,
  500: 'Server Error',
  502: 'Server Error',
  503: 'Service Unavailable',
};

/** Failures queued by tests: each answers the next matching requests instead of the API. */
export class InjectedFailures {
  private readonly pending: PendingFailure[] = [];

  add(count: number, status: number, options: FailureOptions): void {
    if (count > 0) this.pending.push({ ...options, remaining: count, status });
  }

  /** The injected answer for this request, if a queued failure matches it. */
  take(method: string, apiPath: string): Reply | undefined {
    const index = this.pending.findIndex((f) => matches(f.match, method, apiPath));
    const failure = this.pending[index];
    if (failure === undefined) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.pending.splice(index, 1);
    const headers: Record<string, string> = {};
    if (failure.retryAfterSeconds !== undefined) headers['retry-after'] = String(failure.retryAfterSeconds);
    if (failure.rateLimitRemaining !== undefined) {
      headers['x-ratelimit-remaining'] = String(failure.rateLimitRemaining);
    }
    if (failure.rawBody !== undefined) {
      headers['content-type'] = 'text/html; charset=utf-8';
      return { status: failure.status, body: failure.rawBody, headers };
    }
    const message = failure.message ?? DEFAULT_MESSAGES[failure.status] ?? 'Injected failure';
    return { status: failure.status, body: errorBody(failure.status, message), headers };
  }
}
