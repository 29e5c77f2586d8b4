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
 * Names (comment ids, author ids, account names) taken only from the provider's answers to this client's
 * own posts, never from a listing: in OWN_POSTS_ONLY mode a comment counts as Kodus's only when one of its
 * names is here, so a stranger's comment never does.
 */
export class OwnPosts {
  /** Insertion order is recency order: a name recorded again moves to the end. */
  private readonly names = new Set<string>();

  /**
   * A client lives as long as the worker: past `limit` names the least recently recorded are forgotten, so
   * memory stays bounded. Forgetting costs at most a comment posted twice on a very old pull request's
   * retry (as after a restart), never a finding dropped.
   */
  constructor(private readonly limit = 50_000) {}

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
