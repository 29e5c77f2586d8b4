import { type ProjectState, type GitlabStandInStore } from './store';
import { diffEntry, commit, mergeRequest, messageBody, note, repositoryFile, user } from './shapes';
import { diffLines, type StandInMergeRequest, type StandInPosition } from './state';
import { paginate } from './pagination';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteRequest {
  method: string;
  template: string;
  params: Record<string, string>;
  url: URL;
  body: Record<string, unknown> | undefined;
  username: string;
  /** The instance's web root (relative path included), for web_url. */
  web: string;
}

const notFound = (what = '404 Not found'): Reply => ({ status: 404, body: messageBody(what) });
/** What GitLab answers for a text position that names no line of the diff (Note validation on line_code). */
export const LINE_CODE_REFUSAL = `400 Bad request - Note {:line_code=>["can't be blank", "must be a valid line code"]}`;

/** Checks a text position as GitLab does: its SHAs name a diff version, its lines a line of that diff. */
function placeable(mr: StandInMergeRequest, position: StandInPosition): boolean {
  const version = mr.versions.find(
    (v) =>
      v.baseSha === position.baseSha && v.startSha === position.startSha && v.headSha === position.headSha,
  );
  const file = version?.files.find(
    (f) => f.newPath === position.newPath && (f.oldPath ?? f.newPath) === position.oldPath,
  );
  if (file === undefined || file.tooLarge === true) return false;
  const lines = diffLines(file.diff);
  const { newLine, oldLine } = position;
  if (newLine !== null && oldLine === null) return lines.added.has(newLine);
  if (newLine === null && oldLine !== null) return lines.removed.has(oldLine);
  return newLine !== null && lines.context.get(newLine) === oldLine;
}

function positionOf(raw: Record<string, unknown>): StandInPosition {
  const int = (v: unknown) =>
    typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null;
  return {
    positionType: String(raw.position_type),
    baseSha: String(raw.base_sha),
    startSha: String(raw.start_sha),
    headSha: String(raw.head_sha),
    oldPath: String(raw.old_path),
    newPath: String(raw.new_path),
    oldLine: int(raw.old_line),
    newLine: int(raw.new_line),
  };
}

function createDiscussion(
  store: GitlabStandInStore,
  project: ProjectState,
  mr: StandInMergeRequest,
  request: RouteRequest,
): Reply {
  const body = request.body ?? {};
  const raw = body.position as Record<string, unknown> | undefined;
  if (raw === undefined) {
    const discussion = store.addNote(mr, { body: String(body.body), author: request.username }, false);
    return { status: 201, body: discussionBody(request.web, project, mr, discussion) };
  }
  const position = positionOf(raw);
  if (position.positionType !== 'text')
    return { status: 400, body: messageBody('400 Bad request - only text positions are modelled') };
  if (!placeable(mr, position)) return { status: 400, body: messageBody(LINE_CODE_REFUSAL) };
  const discussion = store.addNote(
    mr,
    { body: String(body.body), author: request.username, position },
    false,
  );
  return { status: 201, body: discussionBody(request.web, project, mr, discussion) };
}

function discussionBody(
  web: string,
  project: ProjectState,
  mr: StandInMergeRequest,
  d: StandInMergeRequest['discussions'][number],
): object {
  return {
    id: d.id,
    individual_note: d.individualNote,
    notes: d.notes.map((n) => note(web, project.project, mr, n)),
  };
}

function paged(items: unknown[], request: RouteRequest): Reply {
  const page = paginate(items, request.url);
  return { status: 200, body: page.items, headers: page.headers };
}

function mergeRequestRoute(store: GitlabStandInStore, project: ProjectState, request: RouteRequest): Reply {
  const mr = store.mergeRequest(project, Number(request.params.iid));
  if (mr === undefined) return notFound();
  const web = request.web;
  const tail = request.template.slice('/projects/:id/merge_requests/:iid'.length);
  if (tail === '') return { status: 200, body: mergeRequest(web, project.project, mr) };
  if (tail === '/diffs') return paged((mr.versions.at(-1)?.files ?? []).map(diffEntry), request);
  if (tail === '/discussions' && request.method === 'GET') {
    return paged(
      mr.discussions.map((d) => discussionBody(web, project, mr, d)),
      request,
    );
  }
  if (tail === '/discussions') return createDiscussion(store, project, mr, request);
  if (tail === '/notes' && request.method === 'GET') {
    const notes = mr.discussions.flatMap((d) => d.notes).sort((a, b) => b.id - a.id);
    return paged(
      notes.map((n) => note(web, project.project, mr, n)),
      request,
    );
  }
  const created = store.addNote(mr, { body: String(request.body?.body), author: request.username }, true);
  const first = created.notes[0];
  return { status: 201, body: first === undefined ? {} : note(web, project.project, mr, first) };
}

function repositoryRoute(store: GitlabStandInStore, project: ProjectState, request: RouteRequest): Reply {
  const query = request.url.searchParams;
  if (request.template.startsWith('/projects/:id/repository/files/')) {
    const path = request.params.file_path ?? '';
    const ref = query.get('ref') ?? 'main';
    const bytes = store.file(project, ref, path);
    if (bytes === undefined) return notFound('404 File Not Found');
    if (request.template.endsWith('/raw')) {
      return { status: 200, body: bytes, headers: { 'content-type': 'text/plain; charset=utf-8' } };
    }
    return { status: 200, body: repositoryFile(path, ref, bytes) };
  }
  if (request.template === '/projects/:id/repository/tree') {
    const dir = (query.get('path') ?? '').replace(/^\/+|\/+$/g, '');
    const entries = store.tree(project, query.get('ref') ?? 'main', dir, query.get('recursive') === 'true');
    if (entries === undefined) return notFound('404 Tree Not Found');
    return paged(
      entries.map((e) => ({
        id: '0'.repeat(40),
        name: e.name,
        type: e.type,
        path: e.path,
        mode: e.type === 'tree' ? '040000' : '100644',
      })),
      request,
    );
  }
  if (request.template === '/projects/:id/repository/merge_base') {
    const refs = query.getAll('refs[]');
    if (refs.length < 2) return { status: 400, body: messageBody('Provide at least 2 refs') };
    const unknown = refs.find((ref) => !store.knowsCommit(project, ref));
    if (unknown !== undefined) return notFound(`Could not find ref: ${unknown}`);
    const [first, ...rest] = refs as [string, ...string[]];
    let base: string | undefined = first;
    for (const ref of rest) base = base === undefined ? undefined : store.mergeBase(project, base, ref);
    return base === undefined ? notFound('404 Commit Not Found') : { status: 200, body: commit(base) };
  }
  // compare
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  if (from === to)
    return {
      status: 200,
      body: {
        commit: null,
        commits: [],
        diffs: [],
        compare_timeout: false,
        compare_same_ref: true,
        web_url: `${request.web}/${project.project.path}/-/compare/${from}...${to}`,
      },
    };
  const files = store.comparison(project, from, to);
  if (files === undefined) {
    return { status: 501, body: messageBody(`stand-in: no diff known for ${from}..${to} (setComparison)`) };
  }
  return {
    status: 200,
    body: {
      commit: commit(to),
      commits: [commit(to)],
      diffs: files.map(diffEntry),
      compare_timeout: false,
      compare_same_ref: false,
      web_url: `${request.web}/${project.project.path}/-/compare/${from}...${to}`,
    },
  };
}

/** Answers one documented operation (the caller has matched and checked it). */
export function route(store: GitlabStandInStore, request: RouteRequest): Reply {
  // The token's user: who the notes it posts are by.
  if (request.template === '/user') return { status: 200, body: { ...user(request.username), bot: false } };
  const project = store.project(request.params.id ?? '');
  if (project === undefined) return notFound('404 Project Not Found');
  return request.template.startsWith('/projects/:id/merge_requests/')
    ? mergeRequestRoute(store, project, request)
    : repositoryRoute(store, project, request);
}
