import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { checkDocumented, findOperation } from './documented';
import { GitlabFailures, type GitlabFailureOptions, type GitlabRequestMatch, matches } from './failures';
import { type Reply, route } from './routes';
import { messageBody } from './shapes';
import type {
  StandInDiffFile,
  StandInDiscussion,
  StandInGitlabProject,
  StandInMergeRequest,
  StandInMergeRequestInput,
} from './state';
import { GitlabStandInStore } from './store';

export interface GitlabStandInOptions {
  /** A self-managed instance under a relative URL (`/gitlab`): the API is then `/gitlab/api/v4`. */
  relativePath?: string;
  /** Accepted access tokens (`PRIVATE-TOKEN` or `Authorization: Bearer`) → username. Default `test-token`. */
  tokens?: Record<string, string>;
}

/** One request the stand-in received, and what it answered. */
export interface GitlabRecordedRequest {
  method: string;
  /** As received, still percent-encoded, without the query. */
  path: string;
  /** Below /api/v4. */
  apiPath: string;
  /** The documented operation it matched (`/projects/:id/merge_requests/:iid`), if any. */
  template?: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  response: { status: number; headers: Record<string, string>; body: unknown };
}

/**
 * A small GitLab REST API v4 on 127.0.0.1 for tests: projects addressed by id or encoded full path,
 * merge requests with diff versions, paged diffs/discussions/notes, repository files, compare and
 * merge base; every request checked against the documented operations (documented.ts); diff threads
 * whose position names no line of the diff refused as GitLab does (400 line_code); a request log and
 * scripted failures (429 with GitLab's rate-limit headers, 5xx).
 */
export class GitlabStandIn {
  readonly requests: GitlabRecordedRequest[] = [];
  private readonly store = new GitlabStandInStore();
  private readonly failures = new GitlabFailures();
  private readonly hooks: { match: GitlabRequestMatch; action: () => void | Promise<void> }[] = [];
  private readonly relativePath: string;
  private readonly tokens: Record<string, string>;
  private server: Server | undefined;
  private port = 0;

  constructor(options: GitlabStandInOptions = {}) {
    this.relativePath = (options.relativePath ?? '').replace(/\/+$/, '');
    this.tokens = options.tokens ?? { 'test-token': 'kodus-bot' };
  }

  async start(listen: { host?: string; port?: number } = {}): Promise<this> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(messageBody(`stand-in failure: ${String(error)}`)));
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

  /** `GITLAB_URL` for a client: the instance root, relative path included. */
  get url(): string {
    if (this.server === undefined) throw new Error('stand-in: start() it first');
    return `http://127.0.0.1:${this.port}${this.relativePath}`;
  }

  addMergeRequest(project: StandInGitlabProject, input: StandInMergeRequestInput): StandInMergeRequest {
    return this.store.addMergeRequest(project, input);
  }

  /** A push to the source branch: a new diff version (`force`: the old head is no longer an ancestor). */
  pushHead(
    project: StandInGitlabProject,
    iid: number,
    headSha: string,
    files?: StandInDiffFile[],
    force = false,
  ): void {
    this.store.pushHead(project, iid, headSha, files, force);
  }

  setFile(project: StandInGitlabProject, ref: string, path: string, content: string | Buffer): void {
    this.store.setFile(project, ref, path, content);
  }

  /** The straight diff `from..to` the compare API answers. */
  setComparison(project: StandInGitlabProject, from: string, to: string, files: StandInDiffFile[]): void {
    this.store.setComparison(project, from, to, files);
  }

  /** A note already on the merge request (someone else's, or an earlier Kodus run's). */
  addNote(project: StandInGitlabProject, iid: number, body: string, author = 'reviewer'): StandInDiscussion {
    return this.store.addNote(this.mergeRequest(project, iid), { body, author }, true);
  }

  /** The merge request's threads and notes, oldest first, as stored. */
  discussions(project: StandInGitlabProject, iid: number): StandInDiscussion[] {
    return this.mergeRequest(project, iid).discussions;
  }

  private mergeRequest(project: StandInGitlabProject, iid: number): StandInMergeRequest {
    const state = this.store.project(String(project.id));
    const mr = state === undefined ? undefined : this.store.mergeRequest(state, iid);
    if (mr === undefined) throw new Error(`stand-in: no merge request !${iid} in ${project.path}`);
    return mr;
  }

  failNext(count: number, status: number, options: GitlabFailureOptions = {}): void {
    this.failures.add(count, status, options);
  }

  /** Runs `action` once, just before the next matching request is answered (a push mid-review, say). */
  beforeNext(match: GitlabRequestMatch, action: () => void | Promise<void>): void {
    this.hooks.push({ match, action });
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const method = req.method ?? 'GET';
    const root = `${this.relativePath}/api/v4`;
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    const apiPath = rawPath.startsWith(`${root}/`) ? rawPath.slice(root.length) : '';
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
    const found = apiPath === '' ? undefined : findOperation(method, apiPath);
    const record: GitlabRecordedRequest = {
      method,
      path: rawPath,
      apiPath,
      ...(found === undefined ? {} : { template: found.operation.template }),
      query: url.searchParams,
      headers,
      body,
      response: { status: 0, headers: {}, body: undefined },
    };
    this.requests.push(record);
    const hook = this.hooks.findIndex(({ match }) => matches(match, method, apiPath));
    if (hook >= 0) await this.hooks.splice(hook, 1)[0]?.action();

    let reply = this.failures.take(method, apiPath);
    if (reply === undefined) {
      const token = headers['private-token'] ?? /^bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
      const username = token === undefined ? undefined : this.tokens[token];
      if (username === undefined) reply = { status: 401, body: messageBody('401 Unauthorized') };
      else if (found === undefined) reply = { status: 404, body: { error: '404 Not Found' } };
      else if (unparsable) reply = { status: 400, body: { error: 'body is not valid JSON' } };
      else {
        const problems = checkDocumented(found.operation, url.searchParams, body);
        reply =
          problems.length > 0
            ? { status: 400, body: { error: problems.join(', ') } }
            : route(this.store, {
                method,
                template: found.operation.template,
                params: found.params,
                url,
                body: body as Record<string, unknown> | undefined,
                username,
                web: `http://127.0.0.1:${this.port}${this.relativePath}`,
              });
      }
    }
    this.respond(res, record, reply);
  }

  private respond(res: ServerResponse, record: GitlabRecordedRequest, reply: Reply): void {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-request-id': randomUUID(),
      'x-runtime': '0.010000',
      'ratelimit-limit': '2000',
      'ratelimit-observed': '1',
      'ratelimit-remaining': '1999',
      ...reply.headers,
    };
    record.response = { status: reply.status, headers, body: reply.body };
    res.writeHead(reply.status, headers);
    const body = reply.body;
    res.end(Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body ?? null));
  }
}
