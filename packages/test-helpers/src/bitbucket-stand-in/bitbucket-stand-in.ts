import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { accountJson, errorBody, type Reply, routeRepository } from './routes';
import type {
  BitbucketChangedFile,
  BitbucketPullRequest,
  BitbucketPullRequestInput,
  BitbucketRepository,
  BitbucketStandInComment,
} from './state';
import { BitbucketStore } from './store';

export interface BitbucketStandInOptions {
  /** Accepted bearer tokens (access tokens) → the account each acts as. Default: `test-token`. */
  tokens?: Record<string, string>;
  /** Accepted Basic credentials (username + app password or API token). */
  users?: Record<string, string>;
}

export interface BitbucketRecordedRequest {
  method: string;
  /** Below `/2.0`. */
  apiPath: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  response: { status: number; headers: Record<string, string>; body: unknown };
}

export interface BitbucketFailureOptions {
  /** Sent as `Retry-After` (seconds); Bitbucket sends it on some 429s only. */
  retryAfterSeconds?: number;
  match?: { method?: string; path?: RegExp };
}

interface PendingFailure extends BitbucketFailureOptions {
  status: number;
  remaining: number;
}

const API_ROOT = '/2.0';

/**
 * A small Bitbucket Cloud REST 2.0 API on 127.0.0.1 for tests, served under `/2.0`: pull requests (with
 * 12-character hashes, as Bitbucket shows them), commits, merge-base, diff/diffstat for `source..destination`
 * specs, source files (`?format=meta` too), pull-request comments (paged with `next`), Bearer and Basic
 * authentication, scripted failures and a record of every request.
 */
export class BitbucketStandIn {
  readonly requests: BitbucketRecordedRequest[] = [];
  private readonly store = new BitbucketStore();
  private readonly failures: PendingFailure[] = [];
  private readonly tokens: Record<string, string>;
  private readonly users: Record<string, string>;
  private server: Server | undefined;
  private port = 0;

  constructor(options: BitbucketStandInOptions = {}) {
    this.tokens = options.tokens ?? { 'test-token': 'kodus-bot' };
    this.users = options.users ?? {};
  }

  async start(listen: { host?: string; port?: number } = {}): Promise<this> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(errorBody(`stand-in failure: ${String(error)}`)));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen.port ?? 0, listen.host ?? '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address !== 'object') throw new Error('stand-in: no port assigned');
    this.port = address.port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The API root to configure a client with (`BITBUCKET_API_URL`): `http://127.0.0.1:PORT/2.0`. */
  get url(): string {
    if (this.server === undefined) throw new Error('stand-in: start() it first');
    return `http://127.0.0.1:${this.port}${API_ROOT}`;
  }

  addPullRequest(repo: BitbucketRepository, pr: BitbucketPullRequestInput): BitbucketPullRequest {
    return this.store.addPullRequest(repo, pr);
  }

  pushHead(
    repo: BitbucketRepository,
    id: number,
    headSha: string,
    change: { files: BitbucketChangedFile[]; since?: BitbucketChangedFile[]; forcePush?: boolean },
  ): void {
    this.store.pushHead(repo, id, headSha, change);
  }

  /** The text of `path` at `commit` (`null`: a binary file). */
  setFile(repo: BitbucketRepository, commit: string, path: string, content: string | null): void {
    this.store.setFile(repo, commit, path, content);
  }

  /** A comment already on the pull request (someone else's, or an earlier run's). */
  addComment(
    repo: BitbucketRepository,
    id: number,
    comment: { raw: string; inline?: { path: string; to?: number }; author?: string; deleted?: boolean },
  ): BitbucketStandInComment {
    return this.store.addComment(repo, id, {
      raw: comment.raw,
      ...(comment.inline === undefined ? {} : { inline: comment.inline }),
      outsideDiff: false,
      author: comment.author ?? 'someone',
      ...(comment.deleted === undefined ? {} : { deleted: comment.deleted }),
    });
  }

  comments(repo: BitbucketRepository, id: number): BitbucketStandInComment[] {
    return this.store.comments(repo, id);
  }

  /** The next `count` matching requests fail with `status` (429: Bitbucket's rate-limit answer). */
  failNext(count: number, status: number, options: BitbucketFailureOptions = {}): void {
    if (count > 0) this.failures.push({ ...options, status, remaining: count });
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  private takeFailure(method: string, apiPath: string): Reply | undefined {
    const index = this.failures.findIndex(
      (f) => (f.match?.method ?? method) === method && (f.match?.path?.test(apiPath) ?? true),
    );
    const failure = this.failures[index];
    if (failure === undefined) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.failures.splice(index, 1);
    const headers: Record<string, string> =
      failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) };
    const message =
      failure.status === 429 ? 'Rate limit for this resource has been exceeded' : 'Something went wrong';
    return { status: failure.status, body: errorBody(message), headers };
  }

  private login(authorization: string | undefined): string | undefined {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (bearer !== undefined) return this.tokens[bearer];
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (basic === undefined) return undefined;
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = decoded.slice(0, colon);
    return colon > 0 && this.users[user] === decoded.slice(colon + 1) ? user : undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    let unparsable = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        unparsable = true;
        body = raw;
      }
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const method = req.method ?? 'GET';
    const underRoot = url.pathname.startsWith(`${API_ROOT}/`);
    const apiPath = underRoot ? url.pathname.slice(API_ROOT.length) : url.pathname;
    const record: BitbucketRecordedRequest = {
      method,
      apiPath,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
      response: { status: 0, headers: {}, body: undefined },
    };
    this.requests.push(record);

    let reply = this.takeFailure(method, apiPath);
    if (reply === undefined && !underRoot) reply = { status: 404, body: errorBody('Resource not found') };
    const login = this.login(headers.authorization);
    if (reply === undefined && login === undefined) {
      reply = {
        status: 401,
        body: errorBody('Token is invalid, expired, or not supported for this endpoint.'),
      };
    }
    if (reply === undefined && unparsable)
      reply = { status: 400, body: errorBody('Bad request: malformed JSON') };
    if (reply === undefined && method === 'GET' && apiPath === '/user') {
      // Access tokens (Bearer here) act as a bot user that GET /user will not name (BCLOUD-23528).
      reply = /^Bearer\s/i.test(headers.authorization ?? '')
        ? { status: 401, body: errorBody('Token is invalid or not supported for this endpoint.') }
        : { status: 200, body: accountJson(login ?? '') };
    }
    reply ??= routeRepository({
      store: this.store,
      api: this.url,
      method,
      apiPath,
      url,
      body,
      login: login ?? '',
    }) ?? { status: 404, body: errorBody('Resource not found') };

    const responseHeaders: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-request-id': randomUUID(),
      ...reply.headers,
    };
    record.response = { status: reply.status, headers: responseHeaders, body: reply.body };
    res.writeHead(reply.status, responseHeaders);
    res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null));
  }
}
