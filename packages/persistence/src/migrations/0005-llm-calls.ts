import type { Migration } from '../migration';

/**
 * Every model call of the LLM review (one HTTP attempt): tokens from the provider's usage report, latency,
 * outcome and cost. Kept when its review is deleted (review_id set to NULL), so a month's spend, which
 * the monthly budgets read, does not shrink.
 */
export const llmCalls: Migration = {
  name: '0005-llm-calls',
  sql: `
    CREATE TABLE llm_calls (
      id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      review_id            uuid REFERENCES reviews (id) ON DELETE SET NULL,
      repository           text,
      model                text NOT NULL,
      batch                integer NOT NULL,
      attempt              integer NOT NULL,
      input_tokens         integer NOT NULL,
      output_tokens        integer NOT NULL,
      cached_input_tokens  integer NOT NULL,
      latency_ms           integer NOT NULL,
      outcome              text NOT NULL,
      cost_usd             numeric(14, 8),
      created_at           timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX llm_calls_review_idx ON llm_calls (review_id) WHERE review_id IS NOT NULL;
    CREATE INDEX llm_calls_created_idx ON llm_calls (created_at);
    CREATE INDEX llm_calls_repository_idx ON llm_calls (lower(repository), created_at);
  `,
};
