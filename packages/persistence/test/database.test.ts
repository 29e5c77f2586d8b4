import { createLogger } from '@kodus/logger';
import { createTestDatabase, freePort, type TestDatabase } from '@kodus/test-helpers';
import { createDatabasePool, ensureDatabaseExists, PostgresDependency } from '../src';

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
