import { z } from 'zod';
import { ProviderHttp, type RetryPolicy } from '../http';
import { linkHeaderNext } from '../http/paging';
import { MAX_PAGES } from '../http/provider-http';

export type { RetryPolicy };

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

/** GitHub's headers on the shared HTTP layer; the Authorization header is chosen per request (token, app JWT). */
export class GithubTransport {
  readonly http: ProviderHttp;

  constructor(options: TransportOptions) {
    this.http = new ProviderHttp({
      provider: 'github',
      baseUrl: options.apiUrl,
      authorization: () => '',
      headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
      userAgent: options.userAgent,
      fetch: options.fetch,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
    });
  }

  /** An absolute URL for `path` under the API root, GHES base path included. */
  url(path: string, query: Record<string, string | number> = {}): string {
    return this.http.url(path, query);
  }

  private request(request: GithubRequest) {
    return {
      method: request.method,
      path: request.url,
      body: request.body,
      authorization: request.authorization,
      idempotent: request.idempotent,
    };
  }

  sendOnce(request: GithubRequest): Promise<GithubResponse> {
    return this.http.sendOnce(this.request(request));
  }

  send(request: GithubRequest): Promise<GithubResponse> {
    return this.http.request(this.request(request));
  }

  parse<T>(schema: z.ZodType<T>, data: unknown, operation: string | (() => string)): T {
    return this.http.parse(schema, data, operation);
  }

  /**
   * Every item of a list that pages with Link rel="next" (only under the API root), each page through
   * `send` (which may refresh an expired installation token between pages).
   */
  async getAllPages<T>(
    first: string,
    item: z.ZodType<T>,
    send: (url: string) => Promise<GithubResponse>,
  ): Promise<T[]> {
    const items: T[] = [];
    let url: string | undefined = first;
    for (let page = 1; url !== undefined; page += 1) {
      if (page > MAX_PAGES)
        throw this.http.permanent(`GET ${new URL(first).pathname} has more than ${MAX_PAGES} pages`);
      const response = await send(this.url(url));
      const pageUrl = url;
      items.push(...this.parse(z.array(item), response.data, () => `GET ${new URL(pageUrl).pathname}`));
      url = linkHeaderNext(response.headers.get('link'));
    }
    return items;
  }
}
