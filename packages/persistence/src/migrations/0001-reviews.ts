import type { Migration } from '../migration';

/** Reviews, their suggestions, and the provider deliveries that started them. */
export const reviews: Migration = {
  name: '0001-reviews',
  sql: `
    CREATE TABLE reviews (
      id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      provider          text NOT NULL CHECK (provider IN ('github', 'gitlab', 'bitbucket', 'azure-devops')),
      repository        text NOT NULL CHECK (repository ~ '^[^/]+/.+$'),
      pull_request      integer NOT NULL CHECK (pull_request > 0),
      head_sha          text,
      trigger           text NOT NULL,
      delivery_id       text NOT NULL,
      job_id            text NOT NULL UNIQUE,
      status            text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'skipped')),
      status_reason     text,
      summary           text,
      posted_review_id  text,
      posted_review_url text,
      attempts          integer NOT NULL DEFAULT 0,
      -- Millisecond precision, so the (created_at, id) cursor a JS Date carries is exact.
      created_at        timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
      started_at        timestamptz,
      finished_at       timestamptz,
      UNIQUE (provider, delivery_id),
      CHECK ((status IN ('completed', 'failed', 'skipped')) = (finished_at IS NOT NULL))
    );
    CREATE INDEX reviews_pull_request_idx ON reviews (provider, lower(repository), pull_request, created_at DESC, id DESC);
    CREATE INDEX reviews_created_idx ON reviews (created_at DESC, id DESC);
    CREATE INDEX reviews_head_idx ON reviews (provider, lower(repository), pull_request, head_sha) WHERE posted_review_id IS NOT NULL;

    CREATE TABLE suggestions (
      review_id  uuid NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
      ordinal    integer NOT NULL,
      path       text NOT NULL,
      line       integer NOT NULL CHECK (line > 0),
      severity   text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
      category   text NOT NULL,
      rule_id    text NOT NULL,
      message    text NOT NULL,
      PRIMARY KEY (review_id, ordinal)
    );

    CREATE TABLE deliveries (
      provider     text NOT NULL,
      delivery_id  text NOT NULL,
      event        text NOT NULL,
      job_id       text NOT NULL,
      received_at  timestamptz NOT NULL,
      recorded_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (provider, delivery_id)
    );
  `,
};
