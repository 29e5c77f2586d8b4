import type { Reply } from './routes';

/** Which requests something applies to: all, or those with this method and an API path matching. */
export interface GitlabRequestMatch {
  method?: string;
  path?: RegExp;
}

export function matches(match: GitlabRequestMatch | undefined, method: string, apiPath: string): boolean {
  return (
    (match?.method === undefined || match.method === method) &&
    (match?.path === undefined || match.path.test(apiPath))
  );
}

export interface GitlabFailureOptions {
  /** `Retry-After` seconds (429 default: 1). */
  retryAfterSeconds?: number;
  message?: string;
  /** A non-JSON body (a proxy's HTML page, say). */
  rawBody?: string;
  match?: GitlabRequestMatch;
}

interface Pending extends GitlabFailureOptions {
  remaining: number;
  status: number;
}

/**
 * Failures queued by tests. A 429 is GitLab's throttle answer (Rack::Attack, docs.gitlab.com
 * security/rate_limits): plain-text "Retry later" with `Retry-After` and the `RateLimit-*` headers.
 */
export class GitlabFailures {
  private readonly pending: Pending[] = [];

  add(count: number, status: number, options: GitlabFailureOptions): void {
    if (count > 0) this.pending.push({ ...options, remaining: count, status });
  }

  take(method: string, apiPath: string): Reply | undefined {
    const index = this.pending.findIndex((f) => matches(f.match, method, apiPath));
    const failure = this.pending[index];
    if (failure === undefined) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.pending.splice(index, 1);
    if (failure.status === 429) {
      const wait = failure.retryAfterSeconds ?? 1;
      const reset = Math.floor(Date.now() / 1000) + wait;
      return {
        status: 429,
        body: failure.rawBody ?? 'Retry later\n',
        headers: {
          'content-type': 'text/plain',
          'retry-after': String(wait),
          'ratelimit-name': 'throttle_authenticated_api',
          'ratelimit-limit': '2000',
          'ratelimit-observed': '2001',
          'ratelimit-remaining': '0',
          'ratelimit-reset': String(reset),
          'ratelimit-resettime': new Date(reset * 1000).toUTCString(),
        },
      };
    }
    const headers: Record<string, string> =
      failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) };
    if (failure.rawBody !== undefined) {
      return {
        status: failure.status,
        body: failure.rawBody,
        headers: { ...headers, 'content-type': 'text/html' },
      };
    }
    const message =
      failure.message ?? `${failure.status} ${failure.status >= 500 ? 'Internal Server Error' : 'Error'}`;
    return { status: failure.status, body: { message }, headers };
  }
}
