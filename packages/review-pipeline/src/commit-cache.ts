import type { RepositoryAt } from '@kodus/git-providers';

/** What a cached entry holds: a file's text (undefined: no such file) or a directory's listing. */
type Content = string | undefined | string[];

export interface CommitCacheOptions {
  /** Entries kept at most (the least recently used go first). Default 512. */
  maxEntries?: number;
  /** A text longer than this is read again each time rather than kept. Default 256 KiB of characters. */
  maxTextLength?: number;
}

/**
 * What the reviews read at a base commit (`.kodus.yml`, `.kody/rules`), shared between reviews: a commit's
 * files never change, so every review against the same base of the same repository (pull requests opened
 * from one `main`, each push of a pull request) reads them once instead of once each. Concurrent reviews
 * share one read in flight. A failed read is not kept (the next review reads again), nor is a large text.
 * Keyed by provider, repository and commit: the client that read it does not matter.
 */
export class CommitCache {
  private readonly entries = new Map<string, Promise<Content>>();
  private readonly maxEntries: number;
  private readonly maxTextLength: number;

  constructor(options: CommitCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 512;
    this.maxTextLength = options.maxTextLength ?? 256 * 1024;
  }

  /** Entries held now (read or in flight). */
  get size(): number {
    return this.entries.size;
  }

  /** `reader` (the repository at `commit`) with its reads cached under provider + repository + commit. */
  at(key: { provider: string; repository: string; commit: string }, reader: RepositoryAt): RepositoryAt {
    const prefix = `${key.provider}\u0000${key.repository}\u0000${key.commit}\u0000`;
    return {
      listDirectory: (dir) =>
        this.read(`${prefix}dir\u0000${dir}`, () => reader.listDirectory(dir)).then((c) => [
          ...(c as string[]),
        ]),
      readFile: (path) =>
        this.read(`${prefix}file\u0000${path}`, () => reader.readFile(path)) as Promise<string | undefined>,
    };
  }

  private read(key: string, load: () => Promise<Content>): Promise<Content> {
    const held = this.entries.get(key);
    if (held !== undefined) {
      // Most recently used last: a Map iterates in insertion order.
      this.entries.delete(key);
      this.entries.set(key, held);
      return held;
    }
    const loading = load();
    this.entries.set(key, loading);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    loading.then(
      (content) => {
        if (typeof content === 'string' && content.length > this.maxTextLength) this.forget(key, loading);
      },
      () => this.forget(key, loading),
    );
    return loading;
  }

  private forget(key: string, entry: Promise<Content>): void {
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }
}
