import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { ProviderName } from '../adapter';
import { GitProviderError, UnreadableFileError } from '../errors';
import { redactUpstreamText } from '../redact';
import { errorFromNetwork, errorFromResponse, isSignInPage, PROVIDER_LABEL } from './classify';
import { credentialsIn, describeOperation, headerCredentials } from './credentials';
import { nextPageUrl, type PagingStyle } from './paging';

export interface RetryPolicy {
  /** Further attempts after the first, for idempotent requests only (default 2). */
  maxRetries: number;
  /** First backoff delay, doubled on each retry, with jitter (default 500 ms). */
  baseDelayMs: number;
  /** A longer wait (backoff or the provider's retry-after) is not waited for: the error goes to the caller (default 10 s). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 10_000 };

export interface ProviderHttpOptions {
  provider: ProviderName;
  /** The API root; request paths are resolved under it (a GHES `/api/v3`, a TFS collection path kept). */
  baseUrl: string;
  /** The Authorization header value for each request (called per attempt, so a refreshed token is used). */
  authorization: () => string | Promise<string>;
  /** Headers every request carries (an API version, an Accept type). */
  headers?: Record<string, string>;
  userAgent?: string;
  fetch?: typeof fetch;
  retry?: Partial<RetryPolicy>;
  /** Per attempt (default 30 s). */
  timeoutMs?: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ProviderRequest {
  method: HttpMethod;
  /** A path under the base URL (`/projects/1`), or an absolute URL that must lie under it (a next page). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Safe to send twice: retried on retryable failures. Default: true for GET, false otherwise. */
  idempotent?: boolean;
  /** Extra headers for this request only. */
  headers?: Record<string, string>;
  /** This request's Authorization header instead of the client's (a GitHub App JWT for an app endpoint). */
  authorization?: string;
  /**
   * A longer answer is not read: UnreadableFileError (permanent). For bodies a repository controls (a
   * file's contents), so one huge file cannot exhaust the worker's memory.
   */
  maxResponseBytes?: number;
}

export interface ProviderResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the answer is not JSON. */
  data: unknown;
  /** The absolute URL that was requested (for paging). */
  url: string;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/** Far past any list a client reads; a provider that pages forever is an error, not a hang. */
export const MAX_PAGES = 100;

/**
 * One HTTP layer for every provider client: base URL, credentials, JSON, a timeout per attempt, retries
 * with exponential backoff for idempotent requests honouring each provider's rate-limit signals,
 * error classification (GitProviderError: retryable or permanent, redacted), and paging.
 */
export class ProviderHttp {
  readonly provider: ProviderName;
  private readonly root: URL;
  private readonly retry: RetryPolicy;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: ProviderHttpOptions) {
    this.provider = options.provider;
    const root = URL.parse(options.baseUrl.replace(/\/+$/, '') + '/');
    if (root === null || (root.protocol !== 'https:' && root.protocol !== 'http:')) {
      throw this.permanent(`base URL is not an http(s) URL: ${redactUpstreamText(options.baseUrl)}`);
    }
    root.search = '';
    root.hash = '';
    this.root = root;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  get baseUrl(): string {
    return this.root.toString();
  }

  /** An absolute URL for `path` under the base URL; an absolute URL is accepted only when it lies under it. */
  url(path: string, query: ProviderRequest['query'] = {}): string {
    let url: URL;
    if (/^https?:\/\//i.test(path)) {
      url = new URL(path);
      if (url.origin !== this.root.origin || !url.pathname.startsWith(this.root.pathname)) {
        throw this.permanent(`a URL outside the API root: ${redactUpstreamText(path)}`);
      }
    } else {
      url = new URL(path.replace(/^\/+/, ''), this.root);
    }
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  /** Sends, retrying idempotent requests on retryable failures with backoff (or the provider's wait). */
  async request(request: ProviderRequest): Promise<ProviderResponse> {
    const idempotent = request.idempotent ?? request.method === 'GET';
    const { maxRetries, baseDelayMs, maxDelayMs } = this.retry;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.sendOnce(request);
      } catch (error) {
        if (!(error instanceof GitProviderError) || !error.retryable) throw error;
        if (!idempotent || attempt >= maxRetries) throw error;
        const backoff = baseDelayMs * 2 ** attempt * (0.5 + Math.random() / 2);
        const delay = error.retryAfterMs ?? backoff;
        if (delay > maxDelayMs) throw error;
        await sleep(delay);
      }
    }
  }

  /**
   * Sends and follows redirects by hand, only within the API's origin: fetch would follow one to another
   * host carrying every header but Authorization (GitLab's PRIVATE-TOKEN, say). A redirect elsewhere (a
   * sign-in page, a moved instance) is a permanent error. One timeout covers the whole chain.
   */
  private async fetchFollowing(
    url: string,
    operation: () => string,
    init: { method: HttpMethod; headers: Record<string, string>; body: string | undefined },
  ): Promise<{ response: Response; url: string }> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let current = url;
    let { method, body } = init;
    for (let hop = 0; ; hop += 1) {
      let response: Response;
      try {
        response = await this.fetch(current, {
          method,
          headers: init.headers,
          body,
          redirect: 'manual',
          signal,
        });
      } catch (error) {
        throw errorFromNetwork(this.provider, operation(), error);
      }
      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
      if (location === null) return { response, url: current };
      await response.body?.cancel().catch(() => undefined);
      const next = URL.parse(location, current);
      if (next === null || next.origin !== this.root.origin) {
        throw new GitProviderError(
          `${PROVIDER_LABEL[this.provider]} ${operation()} answered ${response.status}: a redirect to another host (${redactUpstreamText(next?.host ?? 'an invalid URL')}), not followed with credentials`,
          { provider: this.provider, status: response.status, retryable: false },
        );
      }
      if (hop >= MAX_REDIRECTS)
        throw this.permanent(`${operation()} redirected more than ${MAX_REDIRECTS} times`);
      if (response.status === 303 || (response.status <= 302 && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      current = next.toString();
    }
  }

  /** One attempt; throws GitProviderError for network failures, timeouts and non-2xx answers. */
  async sendOnce(request: ProviderRequest): Promise<ProviderResponse> {
    const url = this.url(request.path, request.query);
    // Worked out only for an error's message: most requests never need it.
    const operation = () => describeOperation(request.method, url);
    const authorization = request.authorization ?? (await this.options.authorization());
    const secrets = [
      ...credentialsIn(authorization),
      ...headerCredentials(this.options.headers),
      ...headerCredentials(request.headers),
    ];
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.options.userAgent ?? 'kodus-code-review',
      ...this.options.headers,
      ...request.headers,
      ...(authorization === '' ? {} : { authorization }),
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    const sent = await this.fetchFollowing(url, operation, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
    const response = sent.response;
    let text: string;
    try {
      text =
        request.maxResponseBytes === undefined
          ? await response.text()
          : await readBounded(
              response,
              request.maxResponseBytes,
              () =>
                new UnreadableFileError(
                  `${PROVIDER_LABEL[this.provider]} ${operation()} answered more than ${request.maxResponseBytes} bytes`,
                  this.provider,
                ),
            );
    } catch (error) {
      if (error instanceof UnreadableFileError) throw error;
      throw errorFromNetwork(this.provider, operation(), error);
    }
    if (isSignInPage(response.status, response.headers)) {
      throw new GitProviderError(
        `${PROVIDER_LABEL[this.provider]} ${operation()} answered 203 with a sign-in page: the credentials were not accepted`,
        { provider: this.provider, status: 203, retryable: false },
      );
    }
    const json = /\bjson\b/i.test(response.headers.get('content-type') ?? '');
    let data: unknown = text;
    if (json && text !== '') {
      try {
        data = JSON.parse(text);
      } catch {
        if (response.ok) throw this.permanent(`${operation()} answered with a body that is not valid JSON`);
      }
    }
    if (!response.ok) {
      throw errorFromResponse(this.provider, operation(), response.status, response.headers, data, {
        secrets,
      });
    }
    return { status: response.status, headers: response.headers, data, url: sent.url };
  }

  /** A JSON answer checked against what the client relies on; a mismatch is a permanent error. */
  async json<T>(schema: z.ZodType<T>, request: ProviderRequest): Promise<T> {
    const response = await this.request(request);
    return this.parse(schema, response.data, () => describeOperation(request.method, response.url));
  }

  /** `operation` names the request in the error's message (a function: worked out only then). */
  parse<T>(schema: z.ZodType<T>, data: unknown, operation: string | (() => string)): T {
    const result = schema.safeParse(data);
    if (result.success) return result.data;
    const named = typeof operation === 'string' ? operation : operation();
    throw this.permanent(`${named} answered with an unexpected shape:\n${z.prettifyError(result.error)}`);
  }

  /**
   * Every item of a paged list (GET): follows the provider's next page (never outside the API root) up to
   * MAX_PAGES. `items` picks the page's items from its body (the body itself for GitHub/GitLab arrays,
   * `values` for Bitbucket, `value` for Azure DevOps).
   */
  async getAllPages<T>(
    first: Omit<ProviderRequest, 'method' | 'body'>,
    style: PagingStyle,
    item: z.ZodType<T>,
    items: (body: unknown) => unknown = (body) => body,
  ): Promise<T[]> {
    const all: T[] = [];
    let request: Omit<ProviderRequest, 'method' | 'body'> | undefined = first;
    for (let page = 1; request !== undefined; page += 1) {
      if (page > MAX_PAGES) throw this.permanent(`GET ${first.path} has more than ${MAX_PAGES} pages`);
      const response = await this.request({ ...request, method: 'GET' });
      const operation = () => describeOperation('GET', response.url);
      all.push(...this.parse(z.array(item), items(response.data), operation));
      const next = nextPageUrl(style, response.url, response.headers, response.data);
      request = next === undefined ? undefined : { ...first, path: next, query: {} };
    }
    return all;
  }

  permanent(what: string): GitProviderError {
    return new GitProviderError(`${PROVIDER_LABEL[this.provider]} ${what}`, {
      provider: this.provider,
      retryable: false,
    });
  }
}

/** The body as text, read only while it stays within `maxBytes` (the stream is cancelled past it). */
async function readBounded(response: Response, maxBytes: number, tooLarge: () => Error): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
