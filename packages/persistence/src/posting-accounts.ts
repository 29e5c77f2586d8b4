import type { Pool } from './database';

/** Names read back per scope at most: a credential posts as one account, so a few are all there is. */
const MAX_NAMES = 100;
/** What a scope or a name may be: a provider's API root, an account id. */
const MAX_LENGTH = 500;

/**
 * The `posting_accounts` table: the accounts provider clients learned they post as (the git-providers
 * `PostingAccountStore`), so a restarted worker's clients still know their earlier comments.
 */
export class PostingAccounts {
  constructor(private readonly pool: Pool) {}

  async load(scope: string): Promise<string[]> {
    if (scope.length > MAX_LENGTH) return [];
    const { rows } = await this.pool.query<{ name: string }>(
      'SELECT name FROM posting_accounts WHERE scope = $1 ORDER BY recorded_at DESC, name LIMIT $2',
      [scope, MAX_NAMES],
    );
    return rows.map((r) => r.name);
  }

  async save(scope: string, names: readonly string[]): Promise<void> {
    const kept = [...new Set(names)].filter((n) => n !== '' && n.length <= MAX_LENGTH);
    if (kept.length === 0 || scope.length > MAX_LENGTH) return;
    await this.pool.query(
      `INSERT INTO posting_accounts (scope, name) SELECT $1, unnest($2::text[])
       ON CONFLICT (scope, name) DO UPDATE SET recorded_at = now()`,
      [scope, kept],
    );
  }
}
