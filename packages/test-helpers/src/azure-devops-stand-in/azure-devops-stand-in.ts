import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { azureError, type Reply, route } from './routes';
import {
  type AzureCommitInput,
  type AzureIdentity,
  type AzureIteration,
  type AzurePullRequest,
  type AzurePullRequestInput,
  type AzureStandInRepository,
  AzureStore,
  type AzureThread,
} from './state';

export interface AzureDevopsStandInOptions {
  /**
   * The collection path: `/ORG` (Services, `https://dev.azure.com/ORG`) or `/tfs/DefaultCollection`
   * (Server). Default `/kodus-org`.
   */
  collectionPath?: string;
  /** Accepted personal access tokens (sent as Basic with any user name). Default `test-pat`. */
  tokens?: string[];
  /** Who each PAT authenticates as; by default an identity derived from the PAT (`identity(pat)`). */
  identities?: Record<string, AzureIdentity>;
  /** Newest api-version accepted: Services 7.1 (default), Server 2020 6.0. */
  maxApiVersion?: string;
  /** How a request with an unknown PAT is answered: 401 (default), or 203 with the sign-in page like an absent one. */
  unknownTokenStatus?: 401 | 203;
  /** Largest page of changes (Azure: 2000), smaller to exercise paging. */
  maxPage?: number;
}

export interface AzureRecordedRequest {
  method: string;
  /** The path as received, with the collection path. */
  path: string;
  /** The path below the collection root (`/{project}/_apis/git/...`). */
  apiPath: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  response: { status: number; headers: Record<string, string>; body: unknown };
}

export interface AzureRequestMatch {
  method?: string;
  path?: RegExp;
}

export interface AzureFailureOptions {
  /** `Retry-After` seconds (Azure DevOps sends it with 429). */
  retryAfterSeconds?: number;
  /** `X-RateLimit-Delay` seconds (Azure's throttling signal). */
  rateLimitDelaySeconds?: number;
  /** A non-JSON body (a proxy's page) instead of Azure's JSON error. */
  rawBody?: string;
  message?: string;
  match?: AzureRequestMatch;
}

const SIGN_IN_PAGE =
  '<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body>Sign in to your account</body></html>';

const matches = (m: AzureRequestMatch | undefined, method: string, apiPath: string) =>
  (m?.method === undefined || m.method === method) && (m?.path === undefined || m.path.test(apiPath));

function versionNumber(version: string): number | undefined {
  const match = /^(\d+)\.(\d+)(?:-preview(?:\.\d+)?)?$/.exec(version);
  return match === null ? undefined : Number(match[1]) * 1000 + Number(match[2]);
}

/**
 * A small Azure DevOps Git REST API (Services or Server) on 127.0.0.1 for tests: repositories as whole-tree
 * commits, pull requests with iterations and threads, PAT authentication (absent → 203 sign-in page, as
 * Azure answers), api-version checks, a record of every request, and injectable failures.
 */
export class AzureDevopsStandIn {
  readonly requests: AzureRecordedRequest[] = [];
  readonly store = new AzureStore();
  private readonly collectionPath: string;
  private readonly tokens: Set<string>;
  private readonly maxApiVersion: number;
  private readonly failures: (AzureFailureOptions & { remaining: number; status: number })[] = [];
  private readonly hooks: { match: AzureRequestMatch; action: () => void | Promise<void> }[] = [];
  private server: Server | undefined;
  private port = 0;

  constructor(private readonly options: AzureDevopsStandInOptions = {}) {
    this.collectionPath = `/${(options.collectionPath ?? '/kodus-org').replace(/^\/+|\/+$/g, '')}`;
    this.tokens = new Set(options.tokens ?? ['test-pat']);
    this.maxApiVersion = versionNumber(options.maxApiVersion ?? '7.1') ?? 7001;
  }

  /** `listen`: where to listen (default 127.0.0.1 on a free port); a container serves on 0.0.0.0. */
  async start(listen: { host?: string; port?: number } = {}): Promise<this> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ message: `stand-in failure: ${String(error)}` }));
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

  get origin(): string {
    if (this.server === undefined) throw new Error('stand-in: start() it first');
    return `http://127.0.0.1:${this.port}`;
  }

  /** The organization or collection URL (`AZURE_DEVOPS_URL`). */
  get url(): string {
    return `${this.origin}${this.collectionPath}`;
  }

  addCommit(commit: AzureCommitInput): void {
    this.store.addCommit(commit);
  }

  setBranch(name: string, sha: string): void {
    this.store.setBranch(name, sha);
  }

  addPullRequest(repo: AzureStandInRepository, input: AzurePullRequestInput): AzurePullRequest {
    return this.store.addPullRequest(repo, input);
  }

  /** A push to the source branch: the next iteration, with `head` as its source commit. */
  push(repo: AzureStandInRepository, id: number, head: string, common?: string): AzureIteration {
    return this.store.push(repo, id, head, common);
  }

  pullRequest(repo: AzureStandInRepository, id: number): AzurePullRequest {
    return this.store.pullRequest(repo, id);
  }

  /** Who a PAT authenticates as (default: the first accepted PAT, Kodus's). */
  identity(pat = [...this.tokens][0] ?? 'test-pat'): AzureIdentity {
    const given = this.options.identities?.[pat];
    if (given !== undefined) return given;
    const hex = createHash('sha256').update(`identity:${pat}`).digest('hex');
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    return { id, displayName: `PAT ${hex.slice(0, 6)}` };
  }

  /** A thread already on the pull request: someone else's (`author`), or an earlier Kodus run's (`identity()`). */
  addThread(
    repo: AzureStandInRepository,
    id: number,
    thread: { content: string; author: AzureIdentity; filePath?: string; line?: number },
  ): AzureThread {
    const stored: AzureThread = {
      id: this.store.nextThreadId(),
      comments: [
        { id: 1, author: thread.author, parentCommentId: 0, content: thread.content, commentType: 'text' },
      ],
      ...(thread.filePath === undefined
        ? {}
        : {
            status: 'active',
            threadContext: {
              filePath: `/${thread.filePath.replace(/^\/+/, '')}`,
              rightFileStart: { line: thread.line ?? 1, offset: 1 },
              rightFileEnd: { line: thread.line ?? 1, offset: 1 },
            },
          }),
    };
    this.store.pullRequest(repo, id).threads.push(stored);
    return stored;
  }

  threads(repo: AzureStandInRepository, id: number): AzureThread[] {
    return this.store.pullRequest(repo, id).threads;
  }

  /** The repository's id (a GUID), as the webhook and the API give it. */
  repositoryId(repo: AzureStandInRepository): string {
    return this.store.addRepository(repo).id;
  }

  /** The next `count` requests (matching `options.match`) fail with `status`. */
  failNext(count: number, status: number, options: AzureFailureOptions = {}): void {
    if (count > 0) this.failures.push({ ...options, remaining: count, status });
  }

  /** Runs `action` once just before the next request matching `match` is answered. */
  beforeNext(match: AzureRequestMatch, action: () => void | Promise<void>): void {
    this.hooks.push({ match, action });
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  private takeFailure(method: string, apiPath: string): Reply | undefined {
    const index = this.failures.findIndex((f) => matches(f.match, method, apiPath));
    const failure = this.failures[index];
    if (failure === undefined) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.failures.splice(index, 1);
    const headers: Record<string, string> = {};
    if (failure.retryAfterSeconds !== undefined) headers['retry-after'] = String(failure.retryAfterSeconds);
    if (failure.rateLimitDelaySeconds !== undefined || failure.status === 429) {
      headers['x-ratelimit-resource'] = 'ATCPU';
      headers['x-ratelimit-delay'] = String(failure.rateLimitDelaySeconds ?? 1);
      headers['x-ratelimit-limit'] = '200';
      headers['x-ratelimit-remaining'] = '0';
    }
    if (failure.rawBody !== undefined) {
      return {
        status: failure.status,
        body: failure.rawBody,
        headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
      };
    }
    const reply = azureError(
      failure.status,
      failure.message ?? `Injected failure ${failure.status}`,
      'InjectedFailureException',
    );
    return { ...reply, headers };
  }

  /** Absent credentials: 203 and the sign-in page (Azure's answer); an unknown PAT: 401, or 203 when set so. */
  private authenticate(headers: Record<string, string>): Reply | undefined {
    const signIn: Reply = {
      status: 203,
      body: SIGN_IN_PAGE,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    };
    const match = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
    if (match?.[1] === undefined) return signIn;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const pat = decoded.slice(decoded.indexOf(':') + 1);
    if (decoded.includes(':') && this.tokens.has(pat)) return undefined;
    if (this.options.unknownTokenStatus === 203) return signIn;
    return {
      status: 401,
      body: 'Access Denied: The Personal Access Token used is not valid.',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    };
  }

  private patOf(headers: Record<string, string>): string {
    const match = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
    const decoded = Buffer.from(match?.[1] ?? '', 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }

  /** `_apis/connectionData`: a preview API (the version needs `-preview`, as Azure answers otherwise). */
  private connectionData(query: URLSearchParams, identity: AzureIdentity): Reply {
    const version = query.get('api-version') ?? '';
    if (!version.includes('-preview')) {
      return azureError(
        400,
        `The requested version "${version}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${version}-preview"`,
        'VssInvalidPreviewVersionException',
      );
    }
    const user = {
      id: identity.id,
      descriptor: { identityType: 'Microsoft.IdentityModel.Claims.ClaimsIdentity', identifier: identity.id },
      subjectDescriptor: `aad.${Buffer.from(identity.id).toString('base64url')}`,
      providerDisplayName: identity.displayName,
      isActive: true,
      properties: {},
      resourceVersion: 2,
      metaTypeId: 0,
    };
    return {
      status: 200,
      body: {
        authenticatedUser: user,
        authorizedUser: user,
        instanceId: '00000000-0000-0000-0000-000000000001',
        deploymentId: '00000000-0000-0000-0000-000000000002',
        deploymentType: 'hosted',
        locationServiceData: {
          serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7',
          defaultAccessMappingMoniker: 'PublicAccessMapping',
          lastChangeId: 1,
          lastChangeId64: 1,
        },
      },
    };
  }

  private checkApiVersion(query: URLSearchParams): Reply | undefined {
    const version = query.get('api-version');
    if (version === null) {
      return azureError(
        400,
        'No api-version was supplied for the request. The version must be supplied either as part of the Accept header or as a query parameter.',
        'VssVersionNotSpecifiedException',
      );
    }
    const number = versionNumber(version);
    if (number === undefined)
      return azureError(400, `The api-version '${version}' is not valid.`, 'VssInvalidApiVersionException');
    if (number > this.maxApiVersion) {
      return azureError(
        400,
        `The requested REST API version of ${version} is out of range for this server.`,
        'VssVersionOutOfRangeException',
      );
    }
    return undefined;
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
    const under = url.pathname.startsWith(`${this.collectionPath}/`);
    const apiPath = under ? url.pathname.slice(this.collectionPath.length) : url.pathname;
    const record: AzureRecordedRequest = {
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

    let reply = this.authenticate(headers) ?? this.takeFailure(method, apiPath);
    if (reply === undefined && !under)
      reply = azureError(404, 'The resource cannot be found.', 'NotFoundException');
    reply ??= this.checkApiVersion(url.searchParams);
    if (reply === undefined && unparsable)
      reply = azureError(400, 'The request body is not valid JSON.', 'InvalidArgumentValueException');
    const identity = this.identity(this.patOf(headers));
    if (reply === undefined && method === 'GET' && /^\/_apis\/connectionData$/i.test(apiPath)) {
      reply = this.connectionData(url.searchParams, identity);
    }
    reply ??=
      route(
        { store: this.store, collectionUrl: this.url, maxPage: this.options.maxPage ?? 2000, identity },
        method,
        apiPath,
        url.searchParams,
        body,
      ) ??
      azureError(
        404,
        `The controller for path '${url.pathname}' was not found or does not implement IController.`,
        'NotFoundException',
      );

    const responseHeaders: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8; api-version=7.1',
      'x-vss-activityid': randomUUID(),
      'x-tfs-processid': randomUUID(),
      ...reply.headers,
    };
    record.response = { status: reply.status, headers: responseHeaders, body: reply.body };
    res.writeHead(reply.status, responseHeaders);
    res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null));
  }
}
