import type { Logger } from '@kodus/logger';
import type { Pool } from './database';

const DAY_MS = 24 * 3600 * 1000;

export interface RetentionOptions {
  pool: Pool;
  logger: Logger;
  /**
   * REVIEW_RETENTION_DAYS: finished reviews older than this are deleted with their suggestions and
   * candidates, and so are deliveries and model calls (never those of the current month, which the monthly
   * budgets sum). Absent: review history is kept for good.
   */
  keepDays?: number;
  /** How often it runs (default hourly). */
  everyMs?: number;
  /** Rows deleted per statement, so no run holds long locks on a large table. */
  batch?: number;
  /** Statements per table and run at most: a large backlog is worked off over several runs. */
  maxBatchesPerRun?: number;
}

export interface RetentionRun {
  reviews: number;
  deliveries: number;
  llmCalls: number;
  /** Leases left behind by a holder that could not let go (PostgreSQL away at that moment, a killed worker). */
  leases: number;
}

/**
 * The worker's clean-up of what would otherwise grow for good: head leases left expired (always), and
 * with a retention set, old finished reviews (their suggestions and candidates go with them), deliveries
 * and model calls. Deletes in batches; a failed run is logged and tried again at the next.
 */
export class Retention {
  private readonly everyMs: number;
  private readonly batch: number;
  private readonly maxBatches: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly options: RetentionOptions) {
    this.everyMs = options.everyMs ?? 3600_000;
    this.batch = options.batch ?? 1000;
    this.maxBatches = options.maxBatchesPerRun ?? 100;
  }

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.run()
        .catch((error: unknown) =>
          this.options.logger.warn(
            { err: { message: (error as Error).message } },
            'retention run did not finish',
          ),
        )
        .finally(() => (this.running = undefined));
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async run(now = new Date()): Promise<RetentionRun> {
    const { keepDays, logger } = this.options;
    const result: RetentionRun = { reviews: 0, deliveries: 0, llmCalls: 0, leases: 0 };
    // A day past its expiry: a holder still renewing it would have moved it on long before.
    result.leases = await this.inBatches(
      `DELETE FROM head_leases WHERE key IN
         (SELECT key FROM head_leases WHERE expires_at < now() - interval '1 day' LIMIT $1)`,
      [],
    );
    if (keepDays !== undefined) {
      const before = new Date(now.getTime() - keepDays * DAY_MS);
      // The calendar month's calls stay whatever the retention: the monthly budgets sum them.
      const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
      const callsBefore = before < monthStart ? before : monthStart;
      result.reviews = await this.inBatches(
        `DELETE FROM reviews WHERE id IN
           (SELECT id FROM reviews WHERE created_at < $2 AND finished_at IS NOT NULL LIMIT $1)`,
        [before],
      );
      result.deliveries = await this.inBatches(
        `DELETE FROM deliveries WHERE (provider, delivery_id) IN
           (SELECT provider, delivery_id FROM deliveries WHERE received_at < $2 LIMIT $1)`,
        [before],
      );
      result.llmCalls = await this.inBatches(
        `DELETE FROM llm_calls WHERE id IN (SELECT id FROM llm_calls WHERE created_at < $2 LIMIT $1)`,
        [callsBefore],
      );
    }
    if (result.reviews + result.deliveries + result.llmCalls + result.leases > 0) {
      logger.info({ ...result, keepDays: keepDays ?? null }, 'retention: old rows deleted');
    }
    return result;
  }

  /** Runs `sql` ($1 the batch size) until a batch deletes fewer rows than asked, or the run's cap. */
  private async inBatches(sql: string, values: unknown[]): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < this.maxBatches; i++) {
      const { rowCount } = await this.options.pool.query(sql, [this.batch, ...values]);
      deleted += rowCount ?? 0;
      if ((rowCount ?? 0) < this.batch) break;
    }
    return deleted;
  }
}
