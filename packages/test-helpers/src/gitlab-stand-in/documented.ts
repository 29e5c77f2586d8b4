/**
 * The GitLab REST API v4 operations the stand-in serves, with their documented query parameters and body
 * properties. No npm package carries GitLab's API description (GitLab's own doc/api/openapi/openapi_v2.yaml
 * is partial: it leaves out merge requests, discussions and notes; APIs.guru has only the retired v3),
 * so these are transcribed from docs.gitlab.com, page noted per operation. A request outside them is
 * refused (400), so a client drifting from the documentation fails its tests.
 */

type ParamType = 'string' | 'integer' | 'boolean' | 'string[]';

export interface DocumentedOperation {
  method: 'GET' | 'POST';
  /** Below /api/v4; `:name` is one path segment. */
  template: string;
  doc: string;
  query: Record<string, ParamType>;
  requiredQuery?: string[];
  /** Top-level body properties (POST). */
  body?: Record<string, ParamType | 'object'>;
  requiredBody?: string[];
}

const paging = { page: 'integer', per_page: 'integer' } as const;

export const DOCUMENTED: readonly DocumentedOperation[] = [
  {
    method: 'GET',
    template: '/user',
    doc: 'api/users.md#get-the-current-user',
    query: {},
  },
  {
    method: 'GET',
    template: '/projects/:id/merge_requests/:iid',
    doc: 'api/merge_requests.md#get-single-mr',
    query: {
      render_html: 'boolean',
      include_diverged_commits_count: 'boolean',
      include_rebase_in_progress: 'boolean',
    },
  },
  {
    method: 'GET',
    template: '/projects/:id/merge_requests/:iid/diffs',
    doc: 'api/merge_requests.md#list-merge-request-diffs',
    query: { ...paging, unidiff: 'boolean' },
  },
  {
    method: 'GET',
    template: '/projects/:id/merge_requests/:iid/discussions',
    doc: 'api/discussions.md#list-all-merge-request-discussion-items',
    query: paging,
  },
  {
    method: 'POST',
    template: '/projects/:id/merge_requests/:iid/discussions',
    doc: 'api/discussions.md#create-a-new-thread-in-the-merge-request-diff',
    query: {},
    body: { body: 'string', commit_id: 'string', created_at: 'string', position: 'object' },
    requiredBody: ['body'],
  },
  {
    method: 'GET',
    template: '/projects/:id/merge_requests/:iid/notes',
    doc: 'api/notes.md#list-all-merge-request-notes',
    query: { ...paging, sort: 'string', order_by: 'string' },
  },
  {
    method: 'POST',
    template: '/projects/:id/merge_requests/:iid/notes',
    doc: 'api/notes.md#create-new-merge-request-note',
    query: {},
    body: {
      body: 'string',
      internal: 'boolean',
      merge_request_diff_head_sha: 'string',
      created_at: 'string',
    },
    requiredBody: ['body'],
  },
  {
    method: 'GET',
    template: '/projects/:id/repository/files/:file_path',
    doc: 'api/repository_files.md#get-file-from-repository',
    query: { ref: 'string' },
    requiredQuery: ['ref'],
  },
  {
    method: 'GET',
    template: '/projects/:id/repository/files/:file_path/raw',
    doc: 'api/repository_files.md#get-raw-file-from-repository',
    query: { ref: 'string', lfs: 'boolean' },
  },
  {
    method: 'GET',
    template: '/projects/:id/repository/tree',
    doc: 'api/repositories.md#list-repository-tree',
    query: {
      ...paging,
      path: 'string',
      ref: 'string',
      recursive: 'boolean',
      pagination: 'string',
      page_token: 'string',
    },
  },
  {
    method: 'GET',
    template: '/projects/:id/repository/compare',
    doc: 'api/repositories.md#compare-branches-tags-or-commits',
    query: {
      from: 'string',
      to: 'string',
      from_project_id: 'integer',
      straight: 'boolean',
      unidiff: 'boolean',
    },
    requiredQuery: ['from', 'to'],
  },
  {
    method: 'GET',
    template: '/projects/:id/repository/merge_base',
    doc: 'api/repositories.md#merge-base',
    query: { 'refs[]': 'string[]' },
    requiredQuery: ['refs[]'],
  },
];

/** Documented `position[...]` properties of a diff thread (discussions.md, "Parameters for ... diff"). */
const POSITION: Record<string, 'string' | 'integer' | 'object'> = {
  base_sha: 'string',
  head_sha: 'string',
  start_sha: 'string',
  position_type: 'string',
  new_path: 'string',
  old_path: 'string',
  new_line: 'integer',
  old_line: 'integer',
  line_range: 'object',
  width: 'integer',
  height: 'integer',
  x: 'integer',
  y: 'integer',
};

export function findOperation(
  method: string,
  apiPath: string,
): { operation: DocumentedOperation; params: Record<string, string> } | undefined {
  const segments = apiPath.split('/');
  for (const operation of DOCUMENTED) {
    if (operation.method !== method) continue;
    const parts = operation.template.split('/');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const fits = parts.every((part, i) => {
      const segment = segments[i] ?? '';
      if (!part.startsWith(':')) return part === segment;
      if (segment === '') return false;
      params[part.slice(1)] = decodeURIComponent(segment);
      return true;
    });
    if (fits) return { operation, params };
  }
  return undefined;
}

function typeError(value: unknown, type: string): boolean {
  if (type === 'integer')
    return !(Number.isInteger(value) || (typeof value === 'string' && /^\d+$/.test(value)));
  if (type === 'boolean') return !(typeof value === 'boolean' || value === 'true' || value === 'false');
  if (type === 'object') return typeof value !== 'object' || value === null || Array.isArray(value);
  return typeof value !== 'string';
}

/** What the documentation does not allow in this request; empty when it is a documented request. */
export function checkDocumented(
  operation: DocumentedOperation,
  query: URLSearchParams,
  body: unknown,
): string[] {
  const problems: string[] = [];
  for (const name of new Set(query.keys())) {
    const type = operation.query[name];
    if (type === undefined) problems.push(`query ${name} is not documented (${operation.doc})`);
    else if (type !== 'string[]' && query.getAll(name).some((v) => typeError(v, type))) {
      problems.push(`query ${name}: expected ${type}`);
    }
  }
  for (const name of operation.requiredQuery ?? []) if (!query.has(name)) problems.push(`${name} is missing`);
  if (operation.body === undefined) return problems;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return [...problems, 'body is not a JSON object'];
  const record = body as Record<string, unknown>;
  for (const [name, value] of Object.entries(record)) {
    const type = operation.body[name];
    if (type === undefined) problems.push(`${name} is not documented (${operation.doc})`);
    else if (typeError(value, type)) problems.push(`${name}: expected ${type}`);
  }
  for (const name of operation.requiredBody ?? []) {
    if (record[name] === undefined || record[name] === '') problems.push(`${name} is missing`);
  }
  const position = record.position;
  if (typeof position === 'object' && position !== null)
    problems.push(...checkPosition(position as Record<string, unknown>));
  return problems;
}

function checkPosition(position: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(position)) {
    const type = POSITION[name];
    if (type === undefined) problems.push(`position[${name}] is not documented`);
    else if (value !== null && typeError(value, type)) problems.push(`position[${name}]: expected ${type}`);
  }
  for (const name of ['base_sha', 'head_sha', 'start_sha', 'position_type']) {
    if (typeof position[name] !== 'string') problems.push(`position[${name}] is missing`);
  }
  if (!['text', 'image', 'file', undefined].includes(position.position_type as string | undefined)) {
    problems.push('position[position_type] does not have a valid value');
  }
  if (position.position_type === 'text') {
    // Required for a text position (discussions.md: "Required if position_type is text").
    for (const name of ['new_path', 'old_path']) {
      if (typeof position[name] !== 'string') problems.push(`position[${name}] is missing`);
    }
  }
  return problems;
}
