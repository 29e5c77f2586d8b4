import type { Migration } from '../migration';

/**
 * The accounts provider clients post as when their credential cannot name itself (a GitHub integration
 * token's `[bot]` user, a Bitbucket access token's bot user), learned from the answers to their own posts:
 * kept so a restarted worker still knows its earlier comments. Per scope (provider and API root).
 */
export const postingAccounts: Migration = {
  name: '0006-posting-accounts',
  sql: `
    CREATE TABLE posting_accounts (
      scope        text NOT NULL,
      name         text NOT NULL,
      recorded_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, name)
    );
  `,
};
