import { z } from 'zod';
import { GitProviderError } from '../errors';
import { nextPageUrl, type ProviderHttp, type ProviderRequest } from '../http';

/** Like GitHub's and Bitbucket's listings: a repository cannot make Kodus list without end. */
export const LIST_DIRECTORY_LIMITS = { files: 1_000, pages: 50 } as const;

const treeEntry = z.object({ type: z.string(), path: z.string() }).loose();
const treePage = z.array(treeEntry);

/**
 * Files under `dir` at `ref`, at any depth: `GET /projects/:id/repository/tree?path=&ref=&recursive=true`,
 * paged (X-Next-Page or Link), bounded in files and pages. [] when there is no such directory (404).
 */
export async function listTreeFiles(
  http: ProviderHttp,
  project: string,
  dir: string,
  ref: string,
): Promise<string[]> {
  const path = dir.replace(/^\/+|\/+$/g, '');
  const files: string[] = [];
  let request: Omit<ProviderRequest, 'method'> | undefined = {
    path: `${project}/repository/tree`,
    query: { path, ref, recursive: true, per_page: 100 },
  };
  for (let page = 0; request !== undefined && page < LIST_DIRECTORY_LIMITS.pages; page += 1) {
    let response;
    try {
      response = await http.request({ method: 'GET', ...request });
    } catch (error) {
      if (error instanceof GitProviderError && error.status === 404) return [];
      throw error;
    }
    const entries = http.parse(treePage, response.data, `GET ${project}/repository/tree`);
    for (const entry of entries) {
      if (entry.type === 'blob') files.push(entry.path);
      if (files.length >= LIST_DIRECTORY_LIMITS.files) return files;
    }
    const next = nextPageUrl('gitlab', response.url, response.headers, response.data);
    request = next === undefined ? undefined : { path: next, query: {} };
  }
  return files;
}
