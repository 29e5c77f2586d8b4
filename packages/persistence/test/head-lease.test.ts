import { createLogger } from '@kodus/logger';
import { createTestDatabase, type TestDatabase } from '@kodus/test-helpers';
import { createDatabasePool, LeaseLostError, migrate, type Pool, ReviewRepository } from '../src';

const logger = createLogger({ component: 'test', level: 'silent' });
const head = (sha: string) => ({ provider: 'github', repository: 'Acme/API', pullRequest: 7, headSha: sha });

/** A promise and the function that settles it, to hold a lock holder inside its work. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('ReviewRepository.withHeadLock (a lease, not a held connection)', () => {
  let database: TestDatabase;
  let pools: Pool[];

  beforeAll(async () => {
    database = await createTestDatabase('head_lease');
    await migrate(database.url, logger);
    pools = [0, 1].map(() =>
      createDatabasePool({ url: database.url, applicationName: 'kodus-test', logger, maxConnections: 4 }),
    );
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await database.drop();
  });

  it('holds no database connection while the work runs (it calls providers and models)', async () => {
    const pool = pools[0] as Pool;
    const reviews = new ReviewRepository(pool);
    const inside = await reviews.withHeadLock(head('a'.repeat(40)), async () => ({
      checkedOut: pool.totalCount - pool.idleCount,
      sessions: (
        await pools[1]!.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
        )
      ).rows[0]?.n,
    }));
    expect(inside).toEqual({ checkedOut: 0, sessions: 0 });
  });

  it('lets one holder of a head in at a time, across processes, and others heads through', async () => {
    const [first, second] = pools.map((p) => new ReviewRepository(p, { pollMs: 20 })) as [
      ReviewRepository,
      ReviewRepository,
    ];
    const events: string[] = [];
    const release = gate();
    const entered = gate();
    const one = first.withHeadLock(head('b'.repeat(40)), async () => {
      events.push('first in');
      entered.open();
      await release.opened;
      events.push('first out');
    });
    await entered.opened;
    const two = second.withHeadLock(head('b'.repeat(40)), async () => {
      events.push('second in');
    });
    // Another head of the same pull request is not blocked by the held one.
    await second.withHeadLock(head('c'.repeat(40)), async () => {
      events.push('other head');
    });
    release.open();
    await Promise.all([one, two]);
    expect(events).toEqual(['first in', 'other head', 'first out', 'second in']);
  });

  it('releases the lease when the work throws', async () => {
    const reviews = new ReviewRepository(pools[0] as Pool, { pollMs: 20 });
    await expect(
      reviews.withHeadLock(head('d'.repeat(40)), async () => {
        throw new Error('provider said no');
      }),
    ).rejects.toThrow('provider said no');
    await expect(reviews.withHeadLock(head('d'.repeat(40)), async () => 'again')).resolves.toBe('again');
  });

  it('takes over a lease its holder left to expire (a worker that died mid-review)', async () => {
    const reviews = new ReviewRepository(pools[0] as Pool, { pollMs: 20 });
    const key = head('e'.repeat(40));
    await pools[0]!.query(
      `INSERT INTO head_leases (key, owner, expires_at) VALUES ($1, gen_random_uuid(), now() - interval '1 second')`,
      [`github:acme/api#7@${key.headSha}`],
    );
    await expect(reviews.withHeadLock(key, async () => 'taken over')).resolves.toBe('taken over');
    const { rows } = await pools[0]!.query('SELECT count(*)::int AS n FROM head_leases');
    expect(rows[0]).toEqual({ n: 0 });
  });

  it('tells the work when its lease was lost (taken over, or gone), so it stops before posting', async () => {
    const reviews = new ReviewRepository(pools[0] as Pool, { ttlMs: 600, renewEveryMs: 50, pollMs: 20 });
    for (const [sha, steal] of [
      ['1'.repeat(40), `UPDATE head_leases SET owner = gen_random_uuid() WHERE key = $1`],
      ['2'.repeat(40), `DELETE FROM head_leases WHERE key = $1`],
    ] as const) {
      const reason = await reviews.withHeadLock(head(sha), async (lost) => {
        expect(lost.aborted).toBe(false);
        await pools[1]!.query(steal, [`github:acme/api#7@${sha}`]);
        await new Promise<void>((resolve) => lost.addEventListener('abort', () => resolve(), { once: true }));
        return lost.reason as Error;
      });
      expect(reason).toBeInstanceOf(LeaseLostError);
      expect(reason.message).toMatch(/another holder has it now/);
    }
  });

  it('tells the work when no renewal succeeded for ttl − renewEvery (PostgreSQL away)', async () => {
    const pool = createDatabasePool({
      url: database.url,
      applicationName: 'kodus-test',
      logger,
      maxConnections: 2,
    });
    const reviews = new ReviewRepository(pool, { ttlMs: 400, renewEveryMs: 50, pollMs: 20 });
    const reason = await reviews.withHeadLock(head('3'.repeat(40)), async (lost) => {
      // Every renewal fails from now on, as with PostgreSQL unreachable.
      await pool.end();
      await new Promise<void>((resolve) => lost.addEventListener('abort', () => resolve(), { once: true }));
      return lost.reason as Error;
    });
    expect(reason).toBeInstanceOf(LeaseLostError);
    expect(reason.message).toMatch(/not renewed for \d+ ms/);
  });

  it('renews the lease while the work outlives its first expiry', async () => {
    const [first, second] = pools.map(
      (p) => new ReviewRepository(p, { ttlMs: 600, renewEveryMs: 100, pollMs: 20 }),
    ) as [ReviewRepository, ReviewRepository];
    const events: string[] = [];
    const entered = gate();
    const one = first.withHeadLock(head('f'.repeat(40)), async () => {
      events.push('first in');
      entered.open();
      // Several lease lifetimes: without renewal the second holder would be let in meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      events.push('first out');
    });
    await entered.opened;
    await second.withHeadLock(head('f'.repeat(40)), async () => {
      events.push('second in');
    });
    await one;
    expect(events).toEqual(['first in', 'first out', 'second in']);
  });
});
