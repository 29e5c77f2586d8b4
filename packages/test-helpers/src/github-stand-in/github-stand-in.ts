import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { StandInCredentials, type StandInAppOptions } from './credentials';
import { type FailureOptions, InjectedFailures, matches, type RequestMatch } from './failures';
import { type Reply, routeRepositoryRequest } from './routes';
import { errorBody, type ShapeUrls } from './shapes';
import { app, authenticatedUser, installation, type StandInComparison } from './shapes-more';
import type {
  StandInChangedFile,
  StandInPullRequest,
  StandInPullRequestInput,
  StandInRepository,
  StandInReview,
  StandInReviewComment,
} from './state';
import { StandInStore } from './store';

export interface GithubStandInOptions {
  /** Serve the API under this path, as GitHub Enterprise Server does (`/api/v3`). Default: the root. */
  basePath?: string;
  /** Accepted static tokens (personal access tokens) → the login each belongs to. Default: `test-token`. */
  tokens?: Record<string, string>;
  /** A GitHub App whose JWTs (verified with its public key) are exchanged for installation tokens. */
  app?: StandInAppOptions;
}

/** One request the stand-in received, and what it answered. */
export interface RecordedRequest {
  method: string;
  /** The path as received (with the base path), without the query string. */
  path: string;
  /** The path below the API root: what GitHub's documentation lists. */
  apiPath: string;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The JSON body, parsed (the raw text when it is not JSON). */
  body: unknown;
  response: { status: number; headers: Record<string, string>; body: unknown };
}

const SUPPORTED_API_VERSIONS = ['2022-11-28'];
type EditablePullRequestFields = Partial<Pick<StandInPullRequest, 'draft' | 'state' | 'title' | 'body'>>;

/**
 * A small GitHub REST API on 127.0.0.1 for tests: in-memory repositories, pull requests, file contents and
 * reviews in GitHub's response shapes, Link-header pagination, token and GitHub App authentication, a
 * record of every request, and injectable failures.
 */
export class GithubStandIn {
  readonly requests: RecordedRequest[] = [];
  private readonly store = new StandInStore();
  private readonly basePath: string;
  private readonly credentials: StandInCredentials;
  private readonly failures = new InjectedFailures();
  private readonly hooks: { match: RequestMatch; action: () => void | Promise<void> }[] = [];
  private server: Server | undefined;
  private port = 0;

  constructor(options: GithubStandInOptions = {}) {
    this.basePath = (options.basePath ?? '').replace(/\/+$/, '');
    this.credentials = new StandInCredentials(options.tokens ?? { 'test-token': 'kodus-user' }, options.app);
  }

  /** Listens on 127.0.0.1 on a port the OS picks (or where `listen` says: a container serves on 0.0.0.0). */
  async start(listen: { host?: string; port?: number } = {}): Promise<this> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(errorBody(500, `stand-in failure: ${String(error)}`)));
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

  /** `http://127.0.0.1:<port>`. */
  get origin(): string {
    if (this.server === undefined) throw new Error('stand-in: start() it first');
    return `http://127.0.0.1:${this.port}`;
  }

  /** The API root a client is configured with (`apiUrl`), base path included. */
  get url(): string {
    return `${this.origin}${this.basePath}`;
  }

  private get urls(): ShapeUrls {
    return { api: this.url, web: this.origin };
  }

  addPullRequest(repo: StandInRepository, pullRequest: StandInPullRequestInput): StandInPullRequest {
    return this.store.addPullRequest(repo, pullRequest);
  }

  /** A push to the pull request's branch: a new head SHA and, optionally, new changed files. */
  pushHead(repo: StandInRepository, number: number, headSha: string, files?: StandInChangedFile[]): void {
    this.store.pushHead(repo, number, headSha, files);
  }

  updatePullRequest(repo: StandInRepository, number: number, change: EditablePullRequestFields): void {
    this.store.updatePullRequest(repo, number, change);
  }

  /** The text of `path` at `ref` (a branch name or a commit SHA), for the contents endpoint. */
  setFileContent(repo: StandInRepository, ref: string, path: string, content: string): void {
    this.store.setFileContent(repo, ref, path, content);
  }

  /** A review already on the pull request (someone else's, or an earlier Kodus run's). */
  addReview(
    repo: StandInRepository,
    number: number,
    review: Parameters<StandInStore['addReview']>[2],
  ): StandInReview {
    // Without a user: an earlier Kodus run's review (by Kodus's identity here). Someone else's: pass `user`.
    return this.store.addReview(repo, number, { ...review, user: review.user ?? this.kodusLogin });
  }

  /** The login Kodus's comments carry here: the app's bot user, or the first token's user. */
  get kodusLogin(): string {
    return this.credentials.kodusLogin();
  }

  /** Reviews of a pull request, oldest first, with their inline comments as received. */
  reviews(repo: StandInRepository, number: number): StandInReview[] {
    return this.store.reviews(repo, number);
  }

  /** Review comments on the pull request (in reviews and single ones), by id. */
  reviewComments(repo: StandInRepository, number: number): StandInReviewComment[] {
    return this.store.reviewComments(repo, number);
  }

  /** What `GET /repos/{o}/{r}/compare/{base}...{head}` answers (404 for pairs not set). */
  setComparison(repo: StandInRepository, base: string, head: string, comparison: StandInComparison): void {
    this.store.setComparison(repo, base, head, comparison);
  }

  /** The GitHub App installation on the repository (`GET /repos/{o}/{r}/installation` with the app JWT). */
  setInstallation(repo: StandInRepository, installationId: number): void {
    this.store.setInstallation(repo, installationId);
  }

  /** The next `count` requests (matching `options.match`, if given) fail with `status`. */
  failNext(count: number, status: number, options: FailureOptions = {}): void {
    this.failures.add(count, status, options);
  }

  /**
   * Runs `action` once, just before the next request matching `match` is answered: what happens on
   * GitHub between two of a client's calls (a push to the branch mid-review, say). The answer waits
   * for a promise `action` returns (GitHub slow to answer).
   */
  beforeNext(match: RequestMatch, action: () => void | Promise<void>): void {
    this.hooks.push({ match, action });
  }

  /** How many installation tokens were issued (access_tokens answered 201). */
  get accessTokensIssued(): number {
    return this.requests.filter((r) => r.apiPath.endsWith('/access_tokens') && r.response.status === 201)
      .length;
  }

  /** Installation tokens issued from now on live `seconds`. */
  setInstallationTokenTtl(seconds: number): void {
    this.credentials.setTokenTtl(seconds);
  }

  /** Every issued installation token stops working, as when it is revoked. */
  revokeInstallationTokens(): void {
    this.credentials.revokeInstallationTokens();
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
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
    const underBase = this.basePath === '' || url.pathname.startsWith(`${this.basePath}/`);
    const apiPath = underBase ? url.pathname.slice(this.basePath.length) : url.pathname;
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      apiPath,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
      response: { status: 0, headers: {}, body: undefined },
    };
    this.requests.push(record);

    const hook = this.hooks.findIndex(({ match }) => matches(match, method, apiPath));
    if (hook >= 0) await this.hooks.splice(hook, 1)[0]?.action();
    let reply = this.failures.take(method, apiPath);
    if (reply === undefined && !underBase) reply = { status: 404, body: errorBody(404, 'Not Found') };
    if (reply === undefined && unparsable)
      reply = { status: 400, body: errorBody(400, 'Problems parsing JSON') };
    reply ??= this.answer(method, apiPath, url, headers, body);

    const responseHeaders: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-github-request-id': randomUUID(),
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core',
      ...reply.headers,
    };
    record.response = { status: reply.status, headers: responseHeaders, body: reply.body };
    res.writeHead(reply.status, responseHeaders);
    res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null));
  }

  private answer(
    method: string,
    apiPath: string,
    url: URL,
    headers: Record<string, string>,
    body: unknown,
  ): Reply {
    if ((headers['user-agent'] ?? '') === '') {
      const message =
        'Request forbidden by administrative rules. Please make sure your request has a User-Agent header';
      return { status: 403, body: errorBody(403, message) };
    }
    const version = headers['x-github-api-version'];
    if (version !== undefined && !SUPPORTED_API_VERSIONS.includes(version)) {
      return { status: 400, body: errorBody(400, `API version '${version}' is not supported.`) };
    }
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
    if (token === undefined) return { status: 401, body: errorBody(401, 'Requires authentication') };

    const exchange = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(apiPath);
    if (exchange !== null && method === 'POST') {
      return this.credentials.issueInstallationToken(token, Number(exchange[1]));
    }
    const repoInstallation = /^\/repos\/([^/]+)\/([^/]+)\/installation$/.exec(apiPath);
    if (repoInstallation !== null && method === 'GET') {
      const checked = this.credentials.checkAppJwt(token);
      if ('refused' in checked) return checked.refused;
      const repo = {
        owner: decodeURIComponent(repoInstallation[1] ?? ''),
        name: decodeURIComponent(repoInstallation[2] ?? ''),
      };
      const id = this.store.repository(repo)?.installationId;
      return id === undefined
        ? { status: 404, body: errorBody(404, 'Not Found') }
        : { status: 200, body: installation(this.urls, id, checked.appId, repo.owner) };
    }
    if (apiPath === '/app' && method === 'GET') {
      const checked = this.credentials.checkAppJwt(token);
      if ('refused' in checked) return checked.refused;
      return { status: 200, body: app(this.urls, checked.appId, this.credentials.botLogin()) };
    }
    const login = this.credentials.loginFor(token);
    if (login === undefined) return { status: 401, body: errorBody(401, 'Bad credentials') };
    if (apiPath === '/user' && method === 'GET') {
      // An installation token is no user: GitHub refuses it here.
      if (login.endsWith('[bot]')) {
        return { status: 403, body: errorBody(403, 'Resource not accessible by integration') };
      }
      return { status: 200, body: authenticatedUser(this.urls, login) };
    }
    const routed = routeRepositoryRequest(this.store, this.urls, { method, apiPath, url, body, login });
    return routed ?? { status: 404, body: errorBody(404, 'Not Found') };
  }
}
