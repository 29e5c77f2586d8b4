import { z } from 'zod';
import { GitProviderError } from '../errors';
import type { RepositoryLocator } from '../adapter';
import { type AzureGet, checkSha, fail, itemPath } from './contents';
import { asAzure, repositoryPath } from './locator';

/** Like GitHub's and Bitbucket's listings: a repository cannot make Kodus list or hold without end. */
export const LIST_DIRECTORY_LIMITS = { files: 1_000, responseBytes: 4 * 1024 * 1024 } as const;

const itemList = z.object({
  value: z.array(
    z
      .object({ path: z.string(), isFolder: z.boolean().optional(), gitObjectType: z.string().optional() })
      .loose(),
  ),
});

/**
 * Files under `dir` at `ref` (a commit SHA, else a branch), at any depth: Items - List with
 * `scopePath` and `recursionLevel=Full` (one answer, no paging; bounded in bytes, then in files). Paths come
 * back without their leading `/`; [] for no such folder (404) or a file.
 */
export async function listItemFiles(
  get: AzureGet,
  repo: RepositoryLocator,
  dir: string,
  ref: string,
): Promise<string[]> {
  const isCommit = /^[0-9a-f]{40}$/i.test(ref);
  if (!isCommit && (ref === '' || ref.length > 250 || !ref.isWellFormed())) {
    throw fail(`invalid ref ${JSON.stringify(ref.slice(0, 100))}`);
  }
  const trimmed = dir.replace(/^\/+|\/+$/g, '');
  const scope = trimmed === '' ? '/' : itemPath(trimmed);
  const under = trimmed === '' ? '/' : `${scope}/`;
  let answer: z.infer<typeof itemList>;
  try {
    answer = await get(
      itemList,
      `${repositoryPath(asAzure(repo))}/items`,
      {
        scopePath: scope,
        recursionLevel: 'Full',
        'versionDescriptor.version': isCommit ? checkSha(ref) : ref.replace(/^refs\/heads\//, ''),
        'versionDescriptor.versionType': isCommit ? 'commit' : 'branch',
      },
      { maxResponseBytes: LIST_DIRECTORY_LIMITS.responseBytes },
    );
  } catch (error) {
    if (error instanceof GitProviderError && error.status === 404) return [];
    throw error;
  }
  const files: string[] = [];
  for (const item of answer.value) {
    const isFile = item.isFolder !== true && (item.gitObjectType ?? 'blob') === 'blob';
    // The scope itself is listed first; a scope that is a file lists nothing under it.
    if (!isFile || !item.path.startsWith(under)) continue;
    files.push(item.path.replace(/^\/+/, ''));
    if (files.length >= LIST_DIRECTORY_LIMITS.files) break;
  }
  return files;
}
