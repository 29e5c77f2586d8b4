import type { Migration } from '../migration';

/**
 * Per-head review leases: who reviews a pull-request head commit right now, until when. Replaces a
 * session advisory lock, which held a connection across provider and model calls.
 */
export const headLeases: Migration = {
  name: '0002-head-leases',
  sql: `
    CREATE TABLE head_leases (
      key         text PRIMARY KEY,
      owner       uuid NOT NULL,
      expires_at  timestamptz NOT NULL
    );
  `,
};
