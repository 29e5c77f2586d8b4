import type { Pool } from './database';

export interface LoggedDelivery {
  jobId: string;
  provider: string;
  deliveryId: string;
  /** The job as the webhook-handler built it; the queue validates it again when it is re-enqueued. */
  job: unknown;
  recordedAt: Date;
  /** The review of this job finished (completed, failed or skipped). */
  reviewFinished: boolean;
}

/**
 * Deliveries recorded in PostgreSQL before the webhook-handler answers 202 (WEBHOOK_DELIVERY_LOG=postgres),
 * so a Redis that loses jobs cannot lose a delivery: see {@link DeliverySweeper}.
 */
export class DeliveryLog {
  constructor(private readonly pool: Pool) {}

  /** Records a delivery and its job; recording the same job again changes nothing. */
  async record(entry: { jobId: string; provider: string; deliveryId: string; job: unknown }): Promise<void> {
    await this.pool.query(
      `INSERT INTO delivery_log (job_id, provider, delivery_id, job) VALUES ($1, $2, $3, $4)
       ON CONFLICT (job_id) DO NOTHING`,
      [entry.jobId, entry.provider, entry.deliveryId, JSON.stringify(entry.job)],
    );
  }

  /**
   * Unsettled deliveries recorded more than `graceMs` ago, oldest first (after `after`, to page through a
   * long backlog), with their review's state.
   */
  async unsettled(
    graceMs: number,
    limit: number,
    after?: { recordedAt: Date; jobId: string },
  ): Promise<LoggedDelivery[]> {
    const { rows } = await this.pool.query<{
      job_id: string;
      provider: string;
      delivery_id: string;
      job: unknown;
      recorded_at: Date;
      review_finished: boolean;
    }>(
      `SELECT d.job_id, d.provider, d.delivery_id, d.job, d.recorded_at,
              (r.finished_at IS NOT NULL) AS review_finished
       FROM delivery_log d LEFT JOIN reviews r ON r.job_id = d.job_id
       WHERE d.settled_at IS NULL AND d.recorded_at < now() - $1 * interval '1 millisecond'
         AND ($3::timestamptz IS NULL OR (d.recorded_at, d.job_id) > ($3::timestamptz, $4::text))
       ORDER BY d.recorded_at, d.job_id LIMIT $2`,
      [graceMs, limit, after?.recordedAt ?? null, after?.jobId ?? null],
    );
    return rows.map((row) => ({
      jobId: row.job_id,
      provider: row.provider,
      deliveryId: row.delivery_id,
      job: row.job,
      recordedAt: row.recorded_at,
      reviewFinished: row.review_finished,
    }));
  }

  async settle(jobIds: readonly string[], as: 'reviewed' | 'expired' | 'invalid'): Promise<void> {
    if (jobIds.length === 0) return;
    await this.pool.query(
      `UPDATE delivery_log SET settled_at = now(), settled_as = $2 WHERE job_id = ANY($1::text[]) AND settled_at IS NULL`,
      [jobIds, as],
    );
  }

  async markRequeued(jobId: string): Promise<void> {
    await this.pool.query('UPDATE delivery_log SET requeued = requeued + 1 WHERE job_id = $1', [jobId]);
  }

  /** Forgets settled deliveries older than `ageMs`; returns how many. */
  async prune(ageMs: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM delivery_log WHERE settled_at IS NOT NULL AND settled_at < now() - $1 * interval '1 millisecond'`,
      [ageMs],
    );
    return rowCount ?? 0;
  }
}
