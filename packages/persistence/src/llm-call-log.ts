import type { Pool } from './database';

/** One model call as the LLM review reports it (`LlmCallRecord` of @kodus/llm-review). */
export interface LlmCallEntry {
  model: string;
  batch: number;
  attempt: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  latencyMs: number;
  outcome: string;
  /** Null when the model's price is unknown. */
  costUsd: number | null;
}

export interface StoredLlmCall extends LlmCallEntry {
  reviewId: string | null;
  repository: string | null;
  createdAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const toInt = (n: number) => Math.max(0, Math.min(2_147_483_647, Math.round(n)));

/** The `llm_calls` table: each review's model calls, and the month's spend the budgets read. */
export class LlmCallLog {
  constructor(private readonly pool: Pool) {}

  /** Stores a review's calls in one statement. A review id that is not a stored review's is kept as NULL. */
  async record(entry: {
    reviewId?: string;
    repository?: string;
    calls: readonly LlmCallEntry[];
  }): Promise<void> {
    if (entry.calls.length === 0) return;
    const reviewId = entry.reviewId !== undefined && UUID.test(entry.reviewId) ? entry.reviewId : null;
    const rows = entry.calls.map((c) => ({
      model: c.model,
      batch: toInt(c.batch),
      attempt: toInt(c.attempt),
      input_tokens: toInt(c.inputTokens),
      output_tokens: toInt(c.outputTokens),
      cached_input_tokens: toInt(c.cachedInputTokens),
      latency_ms: toInt(c.latencyMs),
      outcome: c.outcome,
      cost_usd: c.costUsd,
    }));
    await this.pool.query(
      `INSERT INTO llm_calls (review_id, repository, model, batch, attempt, input_tokens, output_tokens,
                              cached_input_tokens, latency_ms, outcome, cost_usd)
       SELECT r.id, $2, c.model, c.batch, c.attempt, c.input_tokens, c.output_tokens, c.cached_input_tokens,
              c.latency_ms, c.outcome, c.cost_usd
       FROM jsonb_to_recordset($3::jsonb) AS c(model text, batch int, attempt int, input_tokens int,
              output_tokens int, cached_input_tokens int, latency_ms int, outcome text, cost_usd numeric)
       LEFT JOIN reviews r ON r.id = $1::uuid`,
      [reviewId, entry.repository ?? null, JSON.stringify(rows)],
    );
  }

  /** USD spent since `since` (calls of unknown price count 0), over every repository or one of them. */
  async spendSince(since: Date, repository?: string): Promise<number> {
    const { rows } = await this.pool.query<{ spent: string | null }>(
      `SELECT sum(cost_usd) AS spent FROM llm_calls
       WHERE created_at >= $1 AND ($2::text IS NULL OR lower(repository) = lower($2))`,
      [since, repository ?? null],
    );
    return Number(rows[0]?.spent ?? 0);
  }

  /** A review's calls, in the order they were stored. */
  async callsOf(reviewId: string): Promise<StoredLlmCall[]> {
    const { rows } = await this.pool.query<{
      review_id: string | null;
      repository: string | null;
      model: string;
      batch: number;
      attempt: number;
      input_tokens: number;
      output_tokens: number;
      cached_input_tokens: number;
      latency_ms: number;
      outcome: string;
      cost_usd: string | null;
      created_at: Date;
    }>('SELECT * FROM llm_calls WHERE review_id = $1 ORDER BY id', [reviewId]);
    return rows.map((r) => ({
      reviewId: r.review_id,
      repository: r.repository,
      model: r.model,
      batch: r.batch,
      attempt: r.attempt,
      inputTokens: r.input_tokens,
      outputTokens: r.output_tokens,
      cachedInputTokens: r.cached_input_tokens,
      latencyMs: r.latency_ms,
      outcome: r.outcome,
      costUsd: r.cost_usd === null ? null : Number(r.cost_usd),
      createdAt: r.created_at,
    }));
  }
}
