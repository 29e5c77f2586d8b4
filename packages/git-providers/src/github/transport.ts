import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { GitProviderError } from '../errors';
import { redactUpstreamText } from '../redact';
import { errorFromNetwork, errorFromResponse } from './error-classification';
import { nextPageUrl } from './link-header';

export interface RetryPolicy {
  /** Further attempts after the first, for idempotent requests only (default 2). */
  maxRetries: number;
  /** First backoff delay, doubled on each retry (default 500 ms). */
  baseDelayMs: number;
  /** A longer retry-after is not waited for: the error goes to the caller (default 10 s). */
  maxDelayMs: number;
}

export interface TransportOptions {
  apiUrl: string;
  userAgent: string;
  fetch: typeof fetch;
  retry: RetryPolicy;
  timeoutMs: number;
}

export interface GithubRequest {
  method: 'GET' | 'POST';
  /** Absolute URL under the API root. */
  url: string;
  authorization: string;
  body?: unknown;
  /** Safe to send twice (GETs are): retried on retryable failures. */
  idempotent: boolean;
}

export interface GithubResponse {
  status: number;
  headers: Headers;
  data: unknown;
}

/** The header value and its credential without the scheme ("token X", "Bearer X"): never to be echoed. */
function credentialsIn(authorization: string): string[] {
  const credential = authorization.replace(/^\S+\s+/, '');
  return credential === authorization ? [authorization] : [authorization, credential];
}

/** GitHub caps list endpoints at 100 per page; 100 pages is far past any list this client reads. */
const MAX_PAGES = 100;

/** HTTP to one GitHub API root: GitHub's headers, JSON, error classification, retries, Link pagination. */
export class GithubTransport {
  private readonly root: URL;

  constructor(private readonly options: TransportOptions) {
    this.root = new URL(options.apiUrl.replace(/\/+$/, '') + '/');
  }

  /** An absolute URL for `path` (starting with `/`) under the API root, GHES base path included. */
  url(path: string, query: Record<string, string | number> = {}): string {
    const url = new URL(path.replace(/^\/+/, ''), this.root);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
    return url.toString();
  }

  private operation(request: GithubRequest): string {
    const url = new URL(request.url);
    return `${request.method} ${url.pathname}${url.search}`;
  }

  /** One attempt; throws GitProviderError for network failures and non-2xx answers. */
  async sendOnce(request: GithubRequest): Promise<GithubResponse> {
    const operation = this.operation(request);
    let response: Response;
    try {
      response = await this.options.fetch(request.url, {
        method: request.method,
        headers: {
          accept: 'application/vnd.github+json',
          'x-github-api-version': '2022-11-28',
          'user-agent': this.options.userAgent,
          authorization: request.authorization,
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        redirect: 'follow',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw errorFromNetwork(operation, error);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw errorFromNetwork(operation, error);
    }
    let data: unknown = text;
    const json = /\bjson\b/i.test(response.headers.get('content-type') ?? '');
    if (json && text !== '') {
      try {
        data = JSON.parse(text);
      } catch {
        if (response.ok) throw this.shapeError(operation, 'a body that is not valid JSON');
      }
    }
    if (!response.ok) {
      throw errorFromResponse(operation, response.status, response.headers, data, {
        secrets: credentialsIn(request.authorization),
      });
    }
    if (!json && text !== '') throw this.shapeError(operation, 'a body that is not JSON');
    return { status: response.status, headers: response.headers, data };
  }

  /** Sends, retrying idempotent requests on retryable failures with backoff (honouring retry-after). */
  async send(request: GithubRequest): Promise<GithubResponse> {
    const { maxRetries, baseDelayMs, maxDelayMs } = this.options.retry;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.sendOnce(request);
      } catch (error) {
        if (!(error instanceof GitProviderError) || !error.retryable) throw error;
        if (!request.idempotent || attempt >= maxRetries) throw error;
        const backoff = baseDelayMs * 2 ** attempt * (0.5 + Math.random() / 2);
        const delay = error.retryAfterMs ?? backoff;
        if (delay > maxDelayMs) throw error;
        await sleep(delay);
      }
    }
  }

  /** Checks a response body against what the client relies on; a mismatch is a non-retryable error. */
  parse<T>(schema: z.ZodType<T>, data: unknown, operation: string): T {
    const result = schema.safeParse(data);
    if (result.success) return result.data;
    throw this.shapeError(operation, `an unexpected shape:\n${z.prettifyError(result.error)}`);
  }

  /** Every item of a paginated list: follows Link rel="next" (only under the API root) to the last page. */
  async getAllPages<T>(
    first: string,
    item: z.ZodType<T>,
    send: (url: string) => Promise<GithubResponse>,
  ): Promise<T[]> {
    const items: T[] = [];
    let url: string | undefined = first;
    for (let page = 1; url !== undefined; page += 1) {
      if (page > MAX_PAGES) throw this.shapeError(`GET ${first}`, `more than ${MAX_PAGES} pages`);
      const response = await send(url);
      items.push(...this.parse(z.array(item), response.data, `GET ${new URL(url).pathname}`));
      url = nextPageUrl(response.headers.get('link'));
      if (url !== undefined && !url.startsWith(this.root.toString())) {
        throw this.shapeError(
          `GET ${first}`,
          `a next-page link outside the API root: ${redactUpstreamText(url)}`,
        );
      }
    }
    return items;
  }

  private shapeError(operation: string, what: string): GitProviderError {
    return new GitProviderError(`GitHub ${operation} answered with ${what}`, {
      provider: 'github',
      retryable: false,
    });
  }
}
