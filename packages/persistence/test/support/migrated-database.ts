import { createLogger } from '@kodus/logger';
import { createTestDatabase, type TestDatabase } from '@kodus/test-helpers';
import { createDatabasePool, migrate, type Pool } from '../../src';

const logger = createLogger({ component: 'test', level: 'silent' });

/**
 * A database of this test file's own, migrated, with a pool on it, for the file's tests: created before them
 * and dropped after. Read `pool` inside a test or hook (it is set in beforeAll).
 */
export function useMigratedDatabase(name: string): { readonly pool: Pool } {
  let database: TestDatabase | undefined;
  let pool: Pool | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(name);
    await migrate(database.url, logger);
    pool = createDatabasePool({ url: database.url, applicationName: 'kodus-test', logger });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });
  return {
    get pool(): Pool {
      if (pool === undefined) throw new Error('the database is set up in beforeAll: use it inside a test');
      return pool;
    },
  };
}
