import { createLogger } from '@kodus/logger';
import { LlmCallLog, type ReviewRequest, ReviewRepository, Retention } from '../src';
import { useMigratedDatabase } from './support/migrated-database';

const logger = createLogger({ component: 'test', level: 'silent' });
const NOW = new Date('2026-11-30T12:00:00Z');
const DAY = 24 * 3600 * 1000;

const request = (n: number): ReviewRequest => ({
  provider: 'github',
  repository: 'acme/kept',
  pullRequest: n,
  trigger: 'opened',
  deliveryId: `retention-${n}`,
  jobId: `github-retention-${n}`,
  headSha: 'a'.repeat(40),
});

describe('Retention (REVIEW_RETENTION_DAYS, expired head leases)', () => {
  const db = useMigratedDatabase('retention');

  /** A review created `daysAgo` before NOW, finished or still running, with a suggestion, a call and a delivery. */
  async function reviewAged(n: number, daysAgo: number, finished: boolean): Promise<string> {
    const reviews = new ReviewRepository(db.pool);
    const { review } = await reviews.claimAttempt(request(n), { receivedAt: NOW.toISOString() });
    if (finished) {
      await reviews.complete(review.id, {
        summary: 's',
        suggestions: [
          {
            path: 'a.ts',
            line: 1,
            severity: 'low',
            category: 'bug',
            ruleId: 'llm',
            message: 'm',
            source: 'llm',
          },
        ],
        postedReviewId: String(n),
        postedReviewUrl: null,
      });
    }
    await new LlmCallLog(db.pool).record({
      reviewId: review.id,
      repository: 'acme/kept',
      calls: [
        {
          model: 'gpt-4o-mini',
          batch: 0,
          attempt: 1,
          inputTokens: 10,
          outputTokens: 1,
          cachedInputTokens: 0,
          latencyMs: 5,
          outcome: 'ok',
          costUsd: 0.01,
        },
      ],
    });
    const at = new Date(NOW.getTime() - daysAgo * DAY);
    await db.pool.query('UPDATE reviews SET created_at = $2 WHERE id = $1', [review.id, at]);
    await db.pool.query('UPDATE llm_calls SET created_at = $2 WHERE review_id = $1', [review.id, at]);
    await db.pool.query('UPDATE deliveries SET received_at = $2 WHERE job_id = $1', [
      `github-retention-${n}`,
      at,
    ]);
    return review.id;
  }

  const count = async (sql: string, values: unknown[] = []) =>
    (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) t`, values)).rows[0]?.n;

  it('keeps everything but expired leases without a retention; with one, deletes old finished history only', async () => {
    const old = await reviewAged(1, 100, true);
    const oldRunning = await reviewAged(2, 100, false);
    const recent = await reviewAged(3, 10, true);
    // This month's call of a deleted review stays: the monthly budget sums it.
    const oldReviewThisMonthsCall = await reviewAged(4, 100, true);
    await db.pool.query(`UPDATE llm_calls SET created_at = $2 WHERE review_id = $1`, [
      oldReviewThisMonthsCall,
      new Date('2026-11-02T00:00:00Z'),
    ]);
    await db.pool.query(
      `INSERT INTO head_leases (key, owner, expires_at) VALUES
         ('left-behind', gen_random_uuid(), now() - interval '2 days'),
         ('just-expired', gen_random_uuid(), now() - interval '1 minute'),
         ('held', gen_random_uuid(), now() + interval '2 minutes')`,
    );

    const keepAll = await new Retention({ pool: db.pool, logger }).run(NOW);
    expect(keepAll).toEqual({ reviews: 0, deliveries: 0, llmCalls: 0, leases: 1 });
    expect((await db.pool.query('SELECT key FROM head_leases ORDER BY key')).rows).toEqual([
      { key: 'held' },
      { key: 'just-expired' },
    ]);
    expect(await count('SELECT id FROM reviews')).toBe(4);

    // Small batches: the deletes loop until a batch comes back short.
    const run = await new Retention({ pool: db.pool, logger, keepDays: 90, batch: 1 }).run(NOW);
    expect(run).toMatchObject({ reviews: 2, deliveries: 3, llmCalls: 2 });
    const left = (await db.pool.query<{ id: string }>('SELECT id FROM reviews ORDER BY id')).rows.map(
      (r) => r.id,
    );
    expect(left.sort()).toEqual([oldRunning, recent].sort());
    // Their suggestions went with them.
    expect(
      await count('SELECT 1 FROM suggestions WHERE review_id = ANY($1)', [[old, oldReviewThisMonthsCall]]),
    ).toBe(0);
    expect(await count('SELECT 1 FROM suggestions WHERE review_id = $1', [recent])).toBe(1);
    // The calls left: the recent review's, and this month's call of a deleted review (older ones went).
    const calls = await db.pool.query<{ review_id: string | null; created_at: Date }>(
      'SELECT review_id, created_at FROM llm_calls ORDER BY created_at',
    );
    expect(calls.rows.map((r) => r.created_at.toISOString())).toEqual([
      '2026-11-02T00:00:00.000Z',
      new Date(NOW.getTime() - 10 * DAY).toISOString(),
    ]);
    expect(await count('SELECT 1 FROM deliveries')).toBe(1);
  });
});
