import { paginate } from './pagination';
import {
  contentDirectory,
  contentFile,
  diffEntry,
  errorBody,
  pullRequest,
  review,
  type ShapeUrls,
} from './shapes';
import { comparison, reviewComment } from './shapes-more';
import { commentableLines, type StandInRepository, type StandInReviewComment } from './state';
import type { StandInStore } from './store';

/** What a route answers; the server adds GitHub's common headers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteRequest {
  method: string;
  /** The path below the API root (the GHES base path removed), still percent-encoded. */
  apiPath: string;
  url: URL;
  body: unknown;
  /** The login the credentials belong to. */
  login: string;
}

/** GitHub caps the pull request files listing at 3000 files. */
const MAX_LISTED_FILES = 3000;
/** GitHub refuses a review or comment body longer than this (422 "body is too long"). */
const MAX_BODY_CHARS = 65536;

const REVIEW_STATES: Record<string, string> = {
  COMMENT: 'COMMENTED',
  APPROVE: 'APPROVED',
  REQUEST_CHANGES: 'CHANGES_REQUESTED',
};

const notFound = (): Reply => ({ status: 404, body: errorBody(404, 'Not Found') });
const unprocessable = (...errors: unknown[]): Reply => ({
  status: 422,
  body: errorBody(422, 'Unprocessable Entity', errors),
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one review comment as GitHub does; returns GitHub's error text or the comment to store. */
function checkComment(
  raw: unknown,
  files: ReadonlyMap<string, string | undefined>,
): string | StandInReviewComment {
  if (!isRecord(raw) || typeof raw.path !== 'string' || typeof raw.body !== 'string') {
    return 'Each comment needs a string path and body';
  }
  const comment: StandInReviewComment = { path: raw.path, body: raw.body };
  if (typeof raw.position === 'number') comment.position = raw.position;
  if (typeof raw.line === 'number') comment.line = raw.line;
  if (typeof raw.side === 'string') comment.side = raw.side;
  if (typeof raw.start_line === 'number') comment.startLine = raw.start_line;
  if (typeof raw.start_side === 'string') comment.startSide = raw.start_side;
  if (!files.has(comment.path)) return 'Path could not be resolved';
  if (comment.line === undefined) {
    return comment.position === undefined ? 'Line could not be resolved' : comment;
  }
  if (comment.side !== undefined && comment.side !== 'LEFT' && comment.side !== 'RIGHT') {
    return `side must be LEFT or RIGHT, got ${comment.side}`;
  }
  const lines = commentableLines(files.get(comment.path));
  const allowed = comment.side === 'LEFT' ? lines.left : lines.right;
  return allowed.has(comment.line) ? comment : 'Line could not be resolved';
}

function createReview(
  store: StandInStore,
  urls: ShapeUrls,
  repo: StandInRepository,
  number: number,
  request: RouteRequest,
): Reply {
  const pr = store.pullRequest(repo, number);
  if (pr === undefined) return notFound();
  const body = request.body ?? {};
  if (!isRecord(body)) return { status: 400, body: errorBody(400, 'Problems parsing JSON') };
  const event = body.event;
  if (event !== undefined && (typeof event !== 'string' || REVIEW_STATES[event] === undefined)) {
    return unprocessable(`event must be one of APPROVE, REQUEST_CHANGES, COMMENT`);
  }
  const text = typeof body.body === 'string' ? body.body : '';
  if (text.length > MAX_BODY_CHARS) {
    return unprocessable(`body is too long (maximum is ${MAX_BODY_CHARS} characters)`);
  }
  if ((event === 'COMMENT' || event === 'REQUEST_CHANGES') && text === '') {
    return unprocessable(`Body is required when event is ${event}`);
  }
  const commitId = body.commit_id === undefined ? pr.headSha : body.commit_id;
  if (typeof commitId !== 'string' || !pr.commits.includes(commitId)) {
    return unprocessable(`No commit found for SHA: ${String(commitId)}`);
  }
  const rawComments = body.comments ?? [];
  if (!Array.isArray(rawComments)) return unprocessable('comments must be an array');
  const files = new Map(pr.files.map((f) => [f.filename, f.patch]));
  const comments: StandInReviewComment[] = [];
  for (const raw of rawComments) {
    const checked = checkComment(raw, files);
    if (typeof checked === 'string') return unprocessable(checked);
    comments.push(checked);
  }
  const stored = store.addReview(repo, number, {
    body: text,
    commitId,
    event: typeof event === 'string' ? event : undefined,
    state: typeof event === 'string' ? (REVIEW_STATES[event] ?? 'PENDING') : 'PENDING',
    user: request.login,
    comments,
  });
  return { status: 200, body: review(urls, repo, number, stored) };
}

function withIds(c: StandInReviewComment, headSha: string) {
  return { ...c, id: c.id ?? 0, commitId: c.commitId ?? headSha };
}

/** POST /pulls/{n}/comments: one review comment on a line of the diff, checked as a review's are. */
function createComment(
  store: StandInStore,
  urls: ShapeUrls,
  repo: StandInRepository,
  number: number,
  request: RouteRequest,
): Reply {
  const pr = store.pullRequest(repo, number);
  if (pr === undefined) return notFound();
  const body = request.body;
  if (!isRecord(body)) return { status: 400, body: errorBody(400, 'Problems parsing JSON') };
  if (typeof body.commit_id !== 'string' || !pr.commits.includes(body.commit_id)) {
    return unprocessable(`No commit found for SHA: ${String(body.commit_id)}`);
  }
  const checked = checkComment(body, new Map(pr.files.map((f) => [f.filename, f.patch])));
  if (typeof checked === 'string') {
    // This endpoint's 422 is a `validation-error`: errors are objects, not strings.
    const error = { resource: 'PullRequestReviewComment', code: 'custom', field: 'line', message: checked };
    return { status: 422, body: errorBody(422, 'Validation Failed', [error]) };
  }
  const stored = store.addReviewComment(repo, number, {
    ...checked,
    commitId: body.commit_id,
    user: request.login,
  });
  return { status: 201, body: reviewComment(urls, repo, number, withIds(stored, pr.headSha), request.login) };
}

/** Answers the repository endpoints the Kodus client uses, or undefined for any other path. */
export function routeRepositoryRequest(
  store: StandInStore,
  urls: ShapeUrls,
  request: RouteRequest,
): Reply | undefined {
  const match = /^\/repos\/([^/]+)\/([^/]+)\/(.+)$/.exec(request.apiPath);
  if (match === null) return undefined;
  const repo = { owner: decodeURIComponent(match[1] ?? ''), name: decodeURIComponent(match[2] ?? '') };
  const rest = match[3] ?? '';
  if (store.repository(repo) === undefined) return notFound();

  const contents = /^contents\/(.+)$/.exec(rest);
  if (contents !== null && request.method === 'GET') {
    const path = (contents[1] ?? '').split('/').map(decodeURIComponent).join('/');
    const ref = request.url.searchParams.get('ref') ?? 'main';
    const text = store.fileContent(repo, ref, path);
    if (text !== undefined) return { status: 200, body: contentFile(urls, repo, path, ref, text) };
    const directory = store.directoryContent(repo, ref, path);
    const subdirectories = store.subdirectories(repo, ref, path);
    return directory.size === 0 && subdirectories.length === 0
      ? notFound()
      : { status: 200, body: contentDirectory(urls, repo, ref, directory, subdirectories) };
  }

  const compare = /^compare\/([0-9a-f]{7,64})\.\.\.([0-9a-f]{7,64})$/.exec(rest);
  if (compare !== null && request.method === 'GET') {
    const [, base = '', head = ''] = compare;
    const stored = store.comparison(repo, base, head);
    return stored === undefined
      ? notFound()
      : { status: 200, body: comparison(urls, repo, base, head, stored) };
  }

  const pulls = /^pulls\/(\d+)(\/files|\/reviews|\/comments)?$/.exec(rest);
  if (pulls === null) return undefined;
  const number = Number(pulls[1]);
  const pr = store.pullRequest(repo, number);
  if (pr === undefined) return notFound();
  const tail = pulls[2];
  if (tail === undefined && request.method === 'GET') {
    return { status: 200, body: pullRequest(urls, repo, pr) };
  }
  if (tail === '/files' && request.method === 'GET') {
    const listed = pr.files.slice(0, MAX_LISTED_FILES).map((f) => diffEntry(urls, repo, pr.headSha, f));
    const page = paginate(listed, request.url);
    return { status: 200, body: page.items, headers: page.link === undefined ? {} : { link: page.link } };
  }
  if (tail === '/reviews' && request.method === 'GET') {
    const listed = store.reviews(repo, number).map((r) => review(urls, repo, number, r));
    const page = paginate(listed, request.url);
    return { status: 200, body: page.items, headers: page.link === undefined ? {} : { link: page.link } };
  }
  if (tail === '/comments' && request.method === 'GET') {
    const listed = store
      .reviewComments(repo, number)
      .map((c) => reviewComment(urls, repo, number, withIds(c, pr.headSha), c.user ?? request.login));
    const page = paginate(listed, request.url);
    return { status: 200, body: page.items, headers: page.link === undefined ? {} : { link: page.link } };
  }
  if (tail === '/comments' && request.method === 'POST')
    return createComment(store, urls, repo, number, request);
  if (tail === '/reviews' && request.method === 'POST')
    return createReview(store, urls, repo, number, request);
  return undefined;
}
