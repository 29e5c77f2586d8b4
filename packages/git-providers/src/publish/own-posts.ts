import { GitProviderError } from '../errors';

/**
 * The credential cannot name the account it posts as (the provider refuses its identity endpoint with
 * 401/403 although the same credential read the pull request): only what this client posted counts.
 */
export const OWN_POSTS_ONLY = { kind: 'own-posts-only' } as const;
export type OwnPostsOnly = typeof OWN_POSTS_ONLY;

export const isOwnPostsOnly = (identity: unknown): identity is OwnPostsOnly => identity === OWN_POSTS_ONLY;

/**
 * An identity call refused for good (401/403, not a rate limit): after the same credential read the pull
 * request's comments, this is a bot or integration token whose identity the endpoint will not give, not a
 * bad credential (that already failed the read).
 */
export function isRefusedIdentity(error: unknown): boolean {
  return (
    error instanceof GitProviderError && !error.retryable && (error.status === 401 || error.status === 403)
  );
}

/** `ask`'s answer, or OWN_POSTS_ONLY when the provider refuses to say (see isRefusedIdentity). */
export async function identityOrOwnPosts<T>(ask: () => Promise<T>): Promise<T | OwnPostsOnly> {
  try {
    return await ask();
  } catch (error) {
    if (isRefusedIdentity(error)) return OWN_POSTS_ONLY;
    throw error;
  }
}

/** Asks once and keeps the answer; a failed answer is forgotten (asked again next time). */
export function askedOnce<T>(ask: () => Promise<T>): () => Promise<T> {
  let answer: Promise<T> | undefined;
  return () => {
    answer ??= ask().catch((error: unknown) => {
      answer = undefined;
      throw error;
    });
    return answer;
  };
}

/**
 * Where clients keep the accounts their own posts revealed (a bot user GitHub or Bitbucket named in its
 * answer to a post), per scope (provider and API root), so a restarted worker still knows its earlier
 * comments. The worker keeps them in PostgreSQL (`PostingAccounts` of @kodus/persistence).
 */
export interface PostingAccountStore {
  /** The names kept for `scope`, most recently recorded first (bounded by the store). */
  load(scope: string): Promise<string[]>;
  /** Keeps `names` for `scope` (recorded again: now the most recent). */
  save(scope: string, names: readonly string[]): Promise<void>;
}

/** The store's scope for a provider's API root: its origin and path, never a user or password in it. */
export function accountScope(provider: string, apiRoot: string): string {
  const url = URL.parse(apiRoot);
  return url === null ? provider : `${provider} ${url.origin}${url.pathname}`;
}

/**
 * Names (comment ids, author ids, account names) taken only from the provider's answers to this client's
 * own posts, never from a listing: in OWN_POSTS_ONLY mode a comment counts as Kodus's only when one of its
 * names is here, so a stranger's comment never does. Account names (`recordAccount`) are kept in the
 * store, when there is one, and read back once (`loadAccounts`) by a client of a restarted worker.
 */
export class OwnPosts {
  /** Insertion order is recency order: a name recorded again moves to the end. */
  private readonly names = new Set<string>();
  private readonly loaded: () => Promise<void>;

  /**
   * A client lives as long as the worker: past `limit` names the least recently recorded are forgotten, so
   * memory stays bounded. Forgetting a comment id costs at most a comment posted twice on a very old pull
   * request's retry, never a finding dropped; the account names are what restarts rely on.
   */
  constructor(
    private readonly limit = 50_000,
    private readonly accounts?: { store: PostingAccountStore; scope: string },
  ) {
    this.loaded = askedOnce(async () => {
      if (this.accounts === undefined) return;
      const names = await this.accounts.store.load(this.accounts.scope);
      // Oldest first, so the most recent end up the most recently recorded.
      this.record(...[...names].reverse());
    });
  }

  /** The stored account names, read once (a failed read is asked again next time, and thrown). */
  loadAccounts(): Promise<void> {
    return this.loaded();
  }

  /**
   * An account this client posted as: recorded, and kept in the store. A store that fails now is told
   * again at the next post; meanwhile only a restart could forget it.
   */
  recordAccount(...names: (string | undefined)[]): void {
    const given = names.filter((n): n is string => n !== undefined && n !== '');
    // Only a name this process did not know yet is written (an account posts as itself every time).
    const fresh = given.filter((n) => !this.names.has(n));
    this.record(...given);
    if (fresh.length > 0) this.accounts?.store.save(this.accounts.scope, fresh).catch(() => undefined);
  }

  record(...names: (string | undefined)[]): void {
    for (const name of names) {
      if (name === undefined || name === '') continue;
      this.names.delete(name);
      this.names.add(name);
    }
    for (const oldest of this.names) {
      if (this.names.size <= this.limit) break;
      this.names.delete(oldest);
    }
  }

  has(...names: (string | undefined)[]): boolean {
    return names.some((name) => name !== undefined && this.names.has(name));
  }

  /** The recorded names, for comparisons that take a set. */
  get all(): ReadonlySet<string> {
    return this.names;
  }
}
