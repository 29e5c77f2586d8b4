import { z } from 'zod';
import { GitProviderError, UnreadableFileError } from '../errors';
import type { ProviderHttp } from '../http';

/** Files over this are not read (the GitHub client's limit too): a review needs no larger text. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * `GET .../src/{commit}/{path}?format=meta`: a file (`commit_file`, with its size and attributes) or a
 * directory (`commit_directory`). developer.atlassian.com/cloud/bitbucket/rest/api-group-source/
 */
export const fileMetaSchema = z
  .object({
    type: z.string(),
    size: z.number().int().nonnegative().optional(),
    attributes: z.array(z.string()).optional(),
  })
  .loose();

/** Why a path cannot be read as text, or undefined when it can. */
export function unreadableReason(meta: z.infer<typeof fileMetaSchema>): string | undefined {
  if (meta.type !== 'commit_file') return 'is a directory';
  const attributes = meta.attributes ?? [];
  // `link`: a symbolic link (its text is the target); `subrepository`: a submodule; `lfs`: a pointer.
  for (const attribute of ['binary', 'link', 'subrepository', 'lfs']) {
    if (attributes.includes(attribute)) return `is not a text file (${attribute})`;
  }
  if ((meta.size ?? 0) > MAX_FILE_BYTES) return 'is over 1 MB';
  return undefined;
}

/** Successful raw-file answers as text whatever their Content-Type (Bitbucket derives it from the file name). */
export function rawText(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (!response.ok) return response;
    const headers = new Headers(response.headers);
    headers.set('content-type', 'application/octet-stream');
    return new Response(response.body, { status: response.status, headers });
  };
}

/**
 * The text of `path` at `ref` (`GET {repository}/src/{commit}/{path}`, api-group-source): its meta first
 * (404: no such file → undefined; a directory, binary, link, submodule, LFS pointer or a file over 1 MB →
 * UnreadableFileError), then its bytes through `raw` (an HTTP layer whose answers are never parsed as JSON).
 */
export async function readSourceFile(
  http: ProviderHttp,
  raw: ProviderHttp,
  repositoryPath: string,
  path: string,
  ref: string,
): Promise<string | undefined> {
  const filePath = `${repositoryPath}/src/${encodeURIComponent(ref)}/${path.split('/').map(encodeURIComponent).join('/')}`;
  let meta;
  try {
    meta = await http.json(fileMetaSchema, { method: 'GET', path: filePath, query: { format: 'meta' } });
  } catch (error) {
    if (error instanceof GitProviderError && error.status === 404) return undefined;
    throw error;
  }
  const reason = unreadableReason(meta);
  if (reason !== undefined)
    throw new UnreadableFileError(`Bitbucket ${path} at ${ref} ${reason}`, 'bitbucket');
  const response = await raw.request({ method: 'GET', path: filePath });
  const text = typeof response.data === 'string' ? response.data : '';
  if (Buffer.byteLength(text) > MAX_FILE_BYTES) {
    throw new UnreadableFileError(`Bitbucket ${path} at ${ref} is over 1 MB`, 'bitbucket');
  }
  return text;
}

/** What one listing may hold, as the GitHub client bounds it: 1,000 files, 50 pages. */
export const LIST_DIRECTORY_LIMITS = { files: 1_000, pages: 50 } as const;
/** Nested directories listed below the one asked for (Bitbucket's `max_depth`, 1 when omitted). */
const MAX_DEPTH = 20;

const treeEntry = z.object({ type: z.string(), path: z.string() }).loose();
const treePage = z.object({ values: z.array(treeEntry), next: z.string().optional() }).loose();

/**
 * Paths of the files under `dir` at `ref`, at any depth up to MAX_DEPTH, bounded by LIST_DIRECTORY_LIMITS:
 * `GET {repository}/src/{commit}/{dir}/?max_depth=` answers the tree's entries, paged with `next`.
 * [] when there is no such directory, or when `dir` is a file.
 */
export async function listSourceDirectory(
  http: ProviderHttp,
  repositoryPath: string,
  dir: string,
  ref: string,
): Promise<string[]> {
  const trimmed = dir.replace(/^\/+|\/+$/g, '');
  const first = `${repositoryPath}/src/${encodeURIComponent(ref)}/${trimmed.split('/').map(encodeURIComponent).join('/')}/`;
  const files: string[] = [];
  let request: { path: string; query?: Record<string, number> } | undefined = {
    path: first,
    query: { max_depth: MAX_DEPTH, pagelen: 100 },
  };
  for (let page = 0; request !== undefined && page < LIST_DIRECTORY_LIMITS.pages; page += 1) {
    let data: unknown;
    try {
      data = (await http.request({ method: 'GET', ...request })).data;
    } catch (error) {
      if (error instanceof GitProviderError && error.status === 404) return [];
      throw error;
    }
    const listing = treePage.safeParse(data);
    if (!listing.success) return files; // a file's text, not a listing
    for (const entry of listing.data.values) {
      if (entry.type === 'commit_file') files.push(entry.path);
      if (files.length >= LIST_DIRECTORY_LIMITS.files) return files;
    }
    const next = listing.data.next;
    request = next === undefined || next === '' ? undefined : { path: next };
  }
  return files;
}
