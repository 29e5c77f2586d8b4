import { createLogger } from '@kodus/logger';
import { createTestDatabase, type TestDatabase } from '@kodus/test-helpers';
import {
  createDatabasePool,
  LlmCallLog,
  type LlmCallEntry,
  migrate,
  type Pool,
  ReviewRepository,
} from '../src';

const logger = createLogger({ component: 'test', level: 'silent' });

const call = (overrides: Partial<LlmCallEntry> = {}): LlmCallEntry => ({
  model: 'gpt-4o-mini',
  batch: 0,
  attempt: 1,
  inputTokens: 1200,
  outputTokens: 80,
  cachedInputTokens: 200,
  latencyMs: 950,
  outcome: 'ok',
  costUsd: 0.000228,
  ...overrides,
});

describe('LlmCallLog (llm_calls)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let log: LlmCallLog;
  let reviewId: string;

  beforeAll(async () => {
    database = await createTestDatabase('llm_calls');
    await migrate(database.url, logger);
    pool = createDatabasePool({ url: database.url, applicationName: 'kodus-test', logger });
    log = new LlmCallLog(pool);
    const { review } = await new ReviewRepository(pool).claimAttempt({
      provider: 'github',
      repository: 'acme/api',
      pullRequest: 7,
      trigger: 'opened',
      deliveryId: 'd-1',
      jobId: 'github-d-1',
      headSha: 'a'.repeat(40),
    });
    reviewId = review.id;
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('stores each call of a review with its tokens, latency, outcome and cost', async () => {
    await log.record({
      reviewId,
      repository: 'acme/api',
      calls: [
        call({ outcome: 'http-429', inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0 }),
        call({ attempt: 2 }),
      ],
    });
    const calls = await log.callsOf(reviewId);
    expect(calls).toEqual([
      expect.objectContaining({
        reviewId,
        repository: 'acme/api',
        attempt: 1,
        outcome: 'http-429',
        inputTokens: 0,
        costUsd: 0,
      }),
      expect.objectContaining({
        attempt: 2,
        model: 'gpt-4o-mini',
        inputTokens: 1200,
        outputTokens: 80,
        cachedInputTokens: 200,
        latencyMs: 950,
        outcome: 'ok',
        costUsd: 0.000228,
      }),
    ]);
  });

  it("sums this month's spend over every repository or one (unknown prices count 0)", async () => {
    await log.record({ repository: 'Acme/Web', calls: [call({ costUsd: 1.5 }), call({ costUsd: null })] });
    const since = new Date(Date.now() - 60_000);
    expect(await log.spendSince(since)).toBeCloseTo(1.500228, 6);
    expect(await log.spendSince(since, 'acme/web')).toBeCloseTo(1.5, 6);
    expect(await log.spendSince(since, 'acme/api')).toBeCloseTo(0.000228, 6);
    expect(await log.spendSince(new Date(Date.now() + 60_000))).toBe(0);
  });

  it('keeps calls whose review id is not a stored review, without the id; and after the review is deleted', async () => {
    await log.record({ reviewId: 'not-a-uuid', calls: [call({ costUsd: 2 })] });
    await log.record({ reviewId: '00000000-0000-4000-8000-000000000000', calls: [call({ costUsd: 3 })] });
    const { rows } = await pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM llm_calls WHERE review_id IS NULL',
    );
    expect(Number(rows[0]?.n)).toBe(4);
    await pool.query('DELETE FROM reviews WHERE id = $1', [reviewId]);
    expect(await log.callsOf(reviewId)).toEqual([]);
    expect(await log.spendSince(new Date(Date.now() - 60_000))).toBeCloseTo(6.500228, 6);
  });
});
