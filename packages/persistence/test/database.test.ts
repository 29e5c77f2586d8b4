import { createLogger } from '@kodus/logger';
import { createTestDatabase, freePort, type TestDatabase } from '@kodus/test-helpers';
import {
  createDatabasePool,
  DATABASE_TIMEOUTS,
  ensureDatabaseExists,
  isDatabaseUnavailable,
  openConnections,
  PostgresDependency,
} from '../src';

const logger = createLogger({ component: 'test', level: 'silent' });

describe('PostgresDependency', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('persistence');
  });
  afterAll(async () => {
    await database.drop();
  });

  it('is up on a reachable database and closes its pool once', async () => {
    const pool = createDatabasePool({ url: database.url, applicationName: 'kodus-test', logger });
    const dependency = new PostgresDependency(pool);
    await expect(dependency.check()).resolves.toBeUndefined();
    const { rows } = await pool.query<{ application_name: string }>(
      'SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()',
    );
    expect(rows[0]?.application_name).toBe('kodus-test');
    await dependency.close();
    await expect(dependency.close()).resolves.toBeUndefined();
  });

  it('bounds every session: statement and idle-in-transaction timeouts, keepalive', async () => {
    const pool = createDatabasePool({ url: database.url, applicationName: 'kodus-test', logger });
    const setting = async (name: string) =>
      (await pool.query<{ setting: string }>('SELECT current_setting($1) AS setting', [name])).rows[0]
        ?.setting;
    expect(await setting('statement_timeout')).toBe(`${DATABASE_TIMEOUTS.statementTimeoutMs / 1000}s`);
    expect(await setting('idle_in_transaction_session_timeout')).toBe(
      `${DATABASE_TIMEOUTS.idleInTransactionTimeoutMs / 1000}s`,
    );
    // pg keeps these on the pool's options; the socket gets setKeepAlive(true, delay) on connect.
    expect(pool.options).toMatchObject({
      keepAlive: true,
      keepAliveInitialDelayMillis: DATABASE_TIMEOUTS.keepAliveInitialDelayMs,
      query_timeout: DATABASE_TIMEOUTS.queryTimeoutMs,
    });
    await pool.end();
  });

  it('gives up on a query whose answer never comes, as unavailable', async () => {
    // The server's statement timeout is longer than the client's read timeout here, so the client's
    // gives up first: what happens when a half-open connection swallows a query.
    const pool = createDatabasePool({
      url: database.url,
      applicationName: 'kodus-test',
      logger,
      timeouts: { statementTimeoutMs: 60000, queryTimeoutMs: 200 },
    });
    const error = await pool.query('SELECT pg_sleep(5)').catch((e: unknown) => e);
    expect(error).toMatchObject({ message: expect.stringMatching(/timeout/i) });
    expect(isDatabaseUnavailable(error)).toBe(true);
    await pool.end();
  });

  it('opens warm connections up front and keeps minConnections of them when idle', async () => {
    const pool = createDatabasePool({
      url: database.url,
      applicationName: 'kodus-test',
      logger,
      maxConnections: 6,
      minConnections: 3,
    });
    expect(pool.totalCount).toBe(0); // lazy until asked
    await openConnections(pool, 3);
    expect({ total: pool.totalCount, idle: pool.idleCount }).toEqual({ total: 3, idle: 3 });
    // pg-pool reaps an idle client only while more than `min` are open.
    expect(pool.options).toMatchObject({ min: 3, max: 6 });
    await pool.end();
  });

  it('rejects opening connections while PostgreSQL does not answer, leaving the pool usable later', async () => {
    const port = await freePort();
    const pool = createDatabasePool({
      url: `postgres://postgres@127.0.0.1:${port}/kodus`,
      applicationName: 'kodus-test',
      logger,
      minConnections: 2,
    });
    await expect(openConnections(pool, 2)).rejects.toThrow(/ECONNREFUSED/);
    expect(pool.totalCount).toBe(0);
    await pool.end();
  });

  it('is down, without crashing the process, when PostgreSQL does not answer', async () => {
    const port = await freePort();
    const pool = createDatabasePool({
      url: `postgres://postgres@127.0.0.1:${port}/kodus`,
      applicationName: 'kodus-test',
      logger,
    });
    const dependency = new PostgresDependency(pool);
    await expect(dependency.check()).rejects.toThrow(/ECONNREFUSED/);
    await dependency.close();
  });
});

describe('ensureDatabaseExists', () => {
  it('creates a missing database once', async () => {
    const scratch = await createTestDatabase('ensure');
    await scratch.drop();
    expect(await ensureDatabaseExists(scratch.url)).toBe(true);
    expect(await ensureDatabaseExists(scratch.url)).toBe(false);
    const pool = createDatabasePool({ url: scratch.url, applicationName: 'kodus-test', logger });
    await expect(new PostgresDependency(pool).check()).resolves.toBeUndefined();
    await pool.end();
    await scratch.drop();
  });
});
