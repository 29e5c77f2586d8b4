import pg from 'pg';
import { createLogger } from '@kodus/logger';
import { createTestDatabase, type TestDatabase } from '@kodus/test-helpers';
import { createDatabasePool, type Pool, withTransaction } from '../src';

const logger = createLogger({ component: 'test', level: 'silent' });

/**
 * Found by the chaos suite: PostgreSQL cut while the worker was inside a transaction crashed the worker
 * ("Connection terminated unexpectedly" emitted on a checked-out client that had no listener).
 */
describe('withTransaction', () => {
  let database: TestDatabase;
  let pool: Pool;
  let admin: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase('persistence-transaction');
    pool = createDatabasePool({
      url: database.url,
      applicationName: 'kodus-test',
      logger,
      maxConnections: 2,
    });
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await pool.query('CREATE TABLE IF NOT EXISTS t (v int)');
  });
  afterAll(async () => {
    await admin.end();
    await pool.end();
    await database.drop();
  });

  it('commits, and rolls back when the work throws', async () => {
    await withTransaction(pool, async (client) => {
      await client.query('INSERT INTO t (v) VALUES (1)');
    });
    await expect(
      withTransaction(pool, async (client) => {
        await client.query('INSERT INTO t (v) VALUES (2)');
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    const { rows } = await pool.query<{ v: number }>('SELECT v FROM t ORDER BY v');
    expect(rows.map((r) => r.v)).toEqual([1]);
  });

  it('a connection lost mid-transaction fails the transaction, not the process, and is not reused', async () => {
    const pids: number[] = [];
    await expect(
      withTransaction(pool, async (client) => {
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        pids.push(rows[0]!.pid);
        await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        // The loss reaches the client while it is idle in our hands: the moment that crashed the worker.
        await new Promise((resolve) => setTimeout(resolve, 500));
        await client.query('SELECT 1');
      }),
    ).rejects.toThrow();
    // The pool hands out a fresh connection, never the dead one.
    for (let i = 0; i < 3; i += 1) {
      const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(rows[0]!.pid).not.toBe(pids[0]);
    }
  });
});
