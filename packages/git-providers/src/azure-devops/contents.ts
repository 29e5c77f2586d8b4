import type { z } from 'zod';
import type { ChangedFile, RepositoryLocator } from '../adapter';
import { GitProviderError, UnreadableFileError } from '../errors';
import { itemResponse } from './api-schemas';
import type { FileChange } from './changes';
import { buildPatch, DiffBudget, looksBinary, MAX_DIFF_FILE_BYTES } from './diff';
import { asAzure, repositoryPath } from './locator';

/** Files past this many in one listing are listed without a patch (two content reads each). */
export const MAX_PATCHED_FILES = 1000;
const CONTENT_READS_IN_FLIGHT = 4;
const SHA = /^[0-9a-f]{40}$/i;

/** A GET of the client's API version, answered as `schema`. */
export type AzureGet = <T>(
  schema: z.ZodType<T>,
  path: string,
  query?: Record<string, string | number | boolean | undefined>,
  options?: { maxResponseBytes?: number },
) => Promise<T>;

/**
 * An item answer (JSON, the content escaped or base64) is not read past this: a file the patch builder
 * would skip anyway (MAX_DIFF_FILE_BYTES) is never held in memory whole.
 */
export const MAX_ITEM_RESPONSE_BYTES = 4 * MAX_DIFF_FILE_BYTES;

export const fail = (what: string): GitProviderError =>
  new GitProviderError(`Azure DevOps ${what}`, { provider: 'azure-devops', retryable: false });

export function checkSha(sha: string): string {
  if (!SHA.test(sha)) throw fail(`invalid commit SHA ${JSON.stringify(sha.slice(0, 70))}`);
  return sha.toLowerCase();
}

/** A repository file path as the items API takes it (`/dir/file`); empty, `.` and `..` segments refused. */
export function itemPath(path: string): string {
  const segments = path.replace(/^\/+/, '').split('/');
  if (
    !path.isWellFormed() ||
    path.length > 4096 ||
    segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\0'))
  ) {
    throw fail(`invalid file path ${JSON.stringify(path.slice(0, 200))}`);
  }
  return `/${segments.join('/')}`;
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i] as T, i);
  });
  await Promise.all(runners);
  return out;
}

/**
 * The text at `ref` (a commit SHA, else a branch) through Items - Get with `includeContent`; undefined
 * for no such file (404), 'binary' for a binary one; a folder or submodule is unreadable.
 */
export async function readItem(
  get: AzureGet,
  repo: RepositoryLocator,
  path: string,
  ref: string,
): Promise<string | undefined | 'binary'> {
  const isCommit = SHA.test(ref);
  if (!isCommit && (ref === '' || ref.length > 250 || !ref.isWellFormed())) {
    throw fail(`invalid ref ${JSON.stringify(ref.slice(0, 100))}`);
  }
  let item: z.infer<typeof itemResponse>;
  try {
    item = await get(
      itemResponse,
      `${repositoryPath(asAzure(repo))}/items`,
      {
        path: itemPath(path),
        'versionDescriptor.version': isCommit ? ref.toLowerCase() : ref.replace(/^refs\/heads\//, ''),
        'versionDescriptor.versionType': isCommit ? 'commit' : 'branch',
        includeContent: true,
        includeContentMetadata: true,
      },
      { maxResponseBytes: MAX_ITEM_RESPONSE_BYTES },
    );
  } catch (error) {
    if (error instanceof GitProviderError && error.status === 404) return undefined;
    throw error;
  }
  if (item.isFolder === true || (item.gitObjectType !== undefined && item.gitObjectType !== 'blob')) {
    throw new UnreadableFileError(
      `Azure DevOps ${path} at ${ref} is a ${item.gitObjectType ?? 'folder'}, not a file`,
      'azure-devops',
    );
  }
  const content = item.content ?? '';
  return item.contentMetadata?.isBinary === true || looksBinary(content) ? 'binary' : content;
}

/** Each change with its patch, built from its contents at `base` and at `head` (Azure has no diff endpoint). */
export function withPatches(
  get: AzureGet,
  repo: RepositoryLocator,
  changes: readonly FileChange[],
  base: string,
  head: string,
): Promise<ChangedFile[]> {
  const budget = new DiffBudget();
  return mapLimited(changes, CONTENT_READS_IN_FLIGHT, async (change, index): Promise<ChangedFile> => {
    const entry: ChangedFile = {
      path: change.path,
      status: change.status,
      additions: 0,
      deletions: 0,
      ...(change.previousPath === undefined ? {} : { previousPath: change.previousPath }),
    };
    if (index >= MAX_PATCHED_FILES) return entry;
    const read = async (path: string, ref: string) => {
      try {
        return await readItem(get, repo, path, ref);
      } catch (error) {
        // Over the size bound, or not a file: listed without a patch, like a binary.
        if (error instanceof UnreadableFileError) return 'binary';
        throw error;
      }
    };
    const before =
      change.status === 'added' ? undefined : await read(change.previousPath ?? change.path, base);
    const after = change.status === 'removed' ? undefined : await read(change.path, head);
    if (before === 'binary' || after === 'binary') return entry;
    const built = buildPatch(before, after, budget);
    return {
      ...entry,
      additions: built.additions,
      deletions: built.deletions,
      ...(built.patch === undefined ? {} : { patch: built.patch }),
    };
  });
}
