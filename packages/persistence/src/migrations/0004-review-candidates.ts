import type { Migration } from '../migration';

/**
 * The reviewer seam's records: where each suggestion came from, every candidate a reviewer proposed with
 * the one disposition the shared stage gave it, the pipeline's stages (name, duration, outcome) and the
 * review's model usage (null when no model ran).
 */
export const reviewCandidates: Migration = {
  name: '0004-review-candidates',
  sql: `
    ALTER TABLE suggestions ADD COLUMN source text NOT NULL DEFAULT 'analyzer'
      CHECK (source IN ('analyzer', 'llm', 'rule'));
    UPDATE suggestions SET source = 'rule' WHERE rule_id LIKE 'rules/%';

    ALTER TABLE reviews ADD COLUMN stages jsonb NOT NULL DEFAULT '[]'::jsonb;
    ALTER TABLE reviews ADD COLUMN usage jsonb;

    CREATE TABLE review_candidates (
      review_id    uuid NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
      ordinal      integer NOT NULL,
      reviewer     text NOT NULL,
      source       text NOT NULL CHECK (source IN ('analyzer', 'llm', 'rule')),
      path         text NOT NULL,
      start_line   integer NOT NULL,
      end_line     integer NOT NULL,
      -- The line it was anchored to; null when it is on no changed line.
      line         integer,
      severity     text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
      category     text NOT NULL,
      rule_id      text NOT NULL,
      message      text NOT NULL,
      disposition  text NOT NULL CHECK (disposition IN ('posted', 'dropped:not-on-changed-line',
        'dropped:no-fix', 'dropped:category-filtered', 'dropped:below-severity-threshold',
        'dropped:duplicate-in-review', 'dropped:already-posted', 'dropped:over-limit',
        'dropped:refused-by-provider')),
      PRIMARY KEY (review_id, ordinal)
    );
    CREATE INDEX reviews_last_reviewed_idx ON reviews (provider, lower(repository), pull_request, finished_at DESC)
      WHERE status = 'completed' AND posted_review_id IS NOT NULL;
  `,
};
