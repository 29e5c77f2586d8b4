import type { Redis } from 'ioredis';
import { QueueUnavailableError } from './review-queue';

/** A pull request whose head has not moved for this long starts from scratch (memory stays bounded). */
export const LAST_SEEN_HEAD_TTL_SECONDS = 30 * 24 * 60 * 60;

/**
 * The last head seen per pull request, for events that are a review only when the head moved (Bitbucket
 * `pullrequest:updated`, Azure `git.pullrequest.updated`): one `SET key head EX ttl GET`, a
 * compare-and-set that two concurrent deliveries cannot both win with the same head.
 */
export class LastSeenHeads {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(pullRequest: string): string {
    return `${this.prefix}:last-head:${pullRequest}`;
  }

  /** Records `headSha` as seen; answers the head it replaces (null: none seen within the TTL). */
  async swap(pullRequest: string, headSha: string): Promise<string | null> {
    if (this.redis.status !== 'ready')
      throw new QueueUnavailableError(new Error(`redis ${this.redis.status}`));
    try {
      const previous = await this.redis.call(
        'SET',
        this.key(pullRequest),
        headSha,
        'EX',
        String(LAST_SEEN_HEAD_TTL_SECONDS),
        'GET',
      );
      return typeof previous === 'string' ? previous : null;
    } catch (error) {
      throw new QueueUnavailableError(error);
    }
  }

  /**
   * Puts back what `swap` replaced when the review could not be queued, so the provider's redelivery is
   * not taken for "head did not move". Only while the key still holds `headSha` (a later delivery wins).
   */
  async restore(pullRequest: string, headSha: string, previous: string | null): Promise<void> {
    const script = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  if ARGV[2] == '' then return redis.call('DEL', KEYS[1]) end
  return redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
end
return 0`;
    await this.redis.eval(
      script,
      1,
      this.key(pullRequest),
      headSha,
      previous ?? '',
      String(LAST_SEEN_HEAD_TTL_SECONDS),
    );
  }
}
