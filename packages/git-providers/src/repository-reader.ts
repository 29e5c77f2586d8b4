import type { GitProviderClient, RepositoryLocator } from './adapter';

/** A repository's files at one commit, read-only (what `@kodus/review-engine` calls a RepositoryReader). */
export interface RepositoryAt {
  listDirectory(dir: string): Promise<string[]>;
  readFile(path: string): Promise<string | undefined>;
}

/**
 * The repository at `ref` through a provider's client (the pipeline passes the base commit, where settings and
 * Kody Rules are read). A provider without directory listings rejects `listDirectory`, so the caller can say
 * that rule files were not read instead of finding none.
 */
export function repositoryAt(client: GitProviderClient, repo: RepositoryLocator, ref: string): RepositoryAt {
  return {
    listDirectory: async (dir) => {
      if (!client.listDirectory) throw new Error(`${repo.provider} directory listings are not supported yet`);
      return client.listDirectory(repo, dir, ref);
    },
    readFile: (path) => client.readFile(repo, path, ref),
  };
}
