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
