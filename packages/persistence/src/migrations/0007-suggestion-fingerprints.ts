import type { Migration } from '../migration';

/**
 * An analyzer finding's fingerprint (`kf1:…`, what `allow.fingerprints` in `.kodus.yml` accepts) stored
 * with the posted suggestion, so the API shows what to add to accept it. NULL for model and rule findings.
 */
export const suggestionFingerprints: Migration = {
  name: '0007-suggestion-fingerprints',
  sql: `
    ALTER TABLE suggestions ADD COLUMN fingerprint text;
  `,
};
