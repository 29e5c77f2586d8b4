import { createLogger } from '@kodus/logger';
import { createTestDatabase } from '@kodus/test-helpers';
import { createDatabasePool, migrate, MIGRATIONS_TABLE, type ReviewRequest, ReviewRepository } from '../src';
import { InvalidCursorError } from '../src';
import { MIGRATIONS } from '../src/migrations';
import { useMigratedDatabase } from './support/migrated-database';

const logger = createLogger({ component: 'test', level: 'silent' });

function request(n: number, overrides: Partial<ReviewRequest> = {}): ReviewRequest {
  return {
    provider: 'github',
    repository: 'acme/api',
    pullRequest: 7,
    trigger: 'opened',
    deliveryId: `delivery-${n}`,
    jobId: `github-delivery-${n}`,
    headSha: 'a'.repeat(40),
    ...overrides,
  };
}

describe('migrate', () => {
  it('creates the database, applies each migration once even when run concurrently', async () => {
    const database = await createTestDatabase('migrate');
    await database.drop();
    try {
      const runs = await Promise.allSettled([migrate(database.url, logger), migrate(database.url, logger)]);
      const applied = runs.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
      expect(applied).toEqual(MIGRATIONS.map((m) => m.name));
      expect(await migrate(database.url, logger)).toEqual([]);
      const pool = createDatabasePool({ url: database.url, applicationName: 'kodus-test', logger });
      const { rows } = await pool.query(`SELECT name FROM ${MIGRATIONS_TABLE}`);
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ name: m.name })));
      await pool.end();
    } finally {
      await database.drop();
    }
  });
});

describe('ReviewRepository', () => {
  const db = useMigratedDatabase('reviews');
  let reviews: ReviewRepository;

  beforeAll(() => {
    reviews = new ReviewRepository(db.pool);
  });

  it('claims a job once per attempt and leaves a finished review alone', async () => {
    const first = await reviews.claimAttempt(request(1));
    expect(first).toMatchObject({
      kind: 'claimed',
      review: { status: 'running', attempts: 1, finishedAt: null },
    });
    const retry = await reviews.claimAttempt(request(1));
    expect(retry).toMatchObject({ kind: 'claimed', review: { id: first.review.id, attempts: 2 } });

    await reviews.complete(first.review.id, {
      summary: 'Kodus found 2 issues',
      suggestions: [
        {
          path: 'src/a.ts',
          line: 3,
          severity: 'critical',
          category: 'security',
          ruleId: 'secrets/aws',
          message: 'AWS key',
        },
        {
          path: 'src/a.ts',
          line: 9,
          severity: 'medium',
          category: 'maintainability',
          ruleId: 'debug/debugger',
          message: 'debugger',
        },
      ],
      postedReviewId: '101',
      postedReviewUrl: 'https://github.example/acme/api/pull/7#pullrequestreview-101',
    });
    const again = await reviews.claimAttempt(request(1));
    expect(again.kind).toBe('finished');
    const stored = await reviews.get(first.review.id);
    expect(stored).toMatchObject({ status: 'completed', attempts: 2, postedReviewId: '101' });
    expect(stored?.finishedAt).toBeInstanceOf(Date);
    expect(stored?.suggestions.map((s) => s.line)).toEqual([3, 9]);

    const { posted } = await reviews.headHistory('github', 'acme/api', 7, 'a'.repeat(40));
    expect(posted?.id).toBe(first.review.id);
    expect((await reviews.headHistory('github', 'acme/api', 7, 'b'.repeat(40))).posted).toBeUndefined();
    // Owner and name compare case-insensitively, as on GitHub.
    expect((await reviews.headHistory('github', 'ACME/Api', 7, 'a'.repeat(40))).posted?.id).toBe(
      first.review.id,
    );
    expect((await reviews.list({ repository: 'Acme/API' }, 10)).items.map((r) => r.id)).toContain(
      first.review.id,
    );
  });

  it('records skipped, failed and retrying states with their reasons', async () => {
    const skipped = await reviews.claimAttempt(request(2));
    await reviews.skip(skipped.review.id, 'draft pull request');
    expect(await reviews.get(skipped.review.id)).toMatchObject({
      status: 'skipped',
      statusReason: 'draft pull request',
    });

    const flaky = await reviews.claimAttempt(request(3));
    await reviews.retrying(flaky.review.id, 'attempt 1 failed: GitHub answered 502');
    expect(await reviews.get(flaky.review.id)).toMatchObject({ status: 'queued', finishedAt: null });
    await reviews.fail(flaky.review.id, 'GitHub answered 404');
    expect(await reviews.get(flaky.review.id)).toMatchObject({
      status: 'failed',
      statusReason: 'GitHub answered 404',
    });
  });

  it('creates a queued manual review idempotently, which the worker then claims', async () => {
    const manual = request(4, {
      trigger: 'manual',
      deliveryId: 'manual-4',
      jobId: 'github-manual-4',
      headSha: undefined,
    });
    const queued = await reviews.createQueued(manual);
    expect(queued).toMatchObject({ status: 'queued', headSha: null, attempts: 0 });
    expect((await reviews.createQueued(manual)).id).toBe(queued.id);
    const claimed = await reviews.claimAttempt(manual);
    expect(claimed).toMatchObject({ kind: 'claimed', review: { id: queued.id, status: 'running' } });
  });

  it('lists one repository’s reviews through an index in the list’s order (no provider given, no scan of every review)', async () => {
    const client = await db.pool.connect();
    try {
      // A small table is scanned whatever the indexes: the planner is told not to, to see whether one fits.
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM reviews WHERE lower(repository) = lower($1)
           ORDER BY created_at DESC, id DESC LIMIT 21`,
        ['Acme/API'],
      );
      await client.query('ROLLBACK');
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('reviews_repository_created_idx');
      expect(plan).not.toMatch(/\bSort\b/);
    } finally {
      client.release();
    }
  });

  it('lists newest first with a cursor that walks every page exactly once', async () => {
    const repository = 'acme/paged';
    for (let i = 0; i < 7; i++) await reviews.claimAttempt(request(100 + i, { repository, pullRequest: 1 }));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await reviews.list({ provider: 'github', repository, pullRequest: 1 }, 3, cursor);
      seen.push(...page.items.map((r) => r.deliveryId));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    // Same order as one unpaged read (newest first; ties within a millisecond broken by id), no repeats.
    const all = await reviews.list({ provider: 'github', repository, pullRequest: 1 }, 100);
    expect(seen).toEqual(all.items.map((r) => r.deliveryId));
    expect(new Set(seen)).toEqual(new Set([100, 101, 102, 103, 104, 105, 106].map((n) => `delivery-${n}`)));
    const times = all.items.map((r) => r.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await reviews.list({ repository: 'nobody/none' }, 10)).items).toEqual([]);
    await expect(reviews.list({}, 10, 'garbage')).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('refuses tampered cursors as invalid, never as a database error', async () => {
    const forged = (t: string) =>
      Buffer.from(JSON.stringify({ t, id: '00000000-0000-4000-8000-000000000000' })).toString('base64url');
    for (const t of [
      '2020-02-30T00:00:00.000Z',
      '+275760-09-13T00:00:00.000Z',
      '-000001-01-01T00:00:00.000Z',
      // Year 0 (1 BC): toISOString writes it, PostgreSQL refuses it.
      '0000-01-01T00:00:00.000Z',
      '2020-01-01',
      '2020-01-01T00:00:00.000+02:00',
    ]) {
      await expect(reviews.list({}, 10, forged(t))).rejects.toBeInstanceOf(InvalidCursorError);
    }
  });

  it('records the delivery with a claimed attempt, once, and none for a finished review or without one', async () => {
    const deliveries = async (deliveryId: string) =>
      (
        await db.pool.query<{ event: string; job_id: string }>(
          'SELECT event, job_id FROM deliveries WHERE delivery_id = $1',
          [deliveryId],
        )
      ).rows;
    const receivedAt = new Date().toISOString();
    const first = await reviews.claimAttempt(request(300), { receivedAt });
    expect(first.kind).toBe('claimed');
    expect(await deliveries('delivery-300')).toEqual([{ event: 'opened', job_id: 'github-delivery-300' }]);
    await reviews.claimAttempt(request(300), { receivedAt }); // a retry: still one
    expect(await deliveries('delivery-300')).toHaveLength(1);

    await reviews.skip(first.review.id, 'done');
    await db.pool.query('DELETE FROM deliveries WHERE delivery_id = $1', ['delivery-300']);
    expect((await reviews.claimAttempt(request(300), { receivedAt })).kind).toBe('finished');
    expect(await deliveries('delivery-300')).toEqual([]);

    expect((await reviews.claimAttempt(request(301))).kind).toBe('claimed');
    expect(await deliveries('delivery-301')).toEqual([]);
  });

  it('records a delivery once', async () => {
    const delivery = {
      provider: 'github',
      deliveryId: 'd-1',
      event: 'pull_request',
      jobId: 'github-d-1',
      receivedAt: new Date().toISOString(),
    };
    await reviews.recordDelivery(delivery);
    await reviews.recordDelivery(delivery);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM deliveries');
    expect(rows[0]).toEqual({ n: 1 });
  });
});
