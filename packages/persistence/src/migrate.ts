import type { Logger } from '@kodus/logger';
import pg from 'pg';
import { ensureDatabaseExists } from './ensure-database';
import type { Migration } from './migration';
import { MIGRATIONS } from './migrations';

export const MIGRATIONS_TABLE = 'kodus_migrations';
/** Advisory lock key held for a whole run, so concurrent runs apply each migration once. */
const LOCK_KEY = 0x6b6f647573; // "kodus"

/**
 * Applies every pending migration, once: the run holds a PostgreSQL advisory lock, so two deploys
 * starting at once serialise and the second finds nothing to do. Each migration commits together with
 * its bookkeeping row. Creates the database first when it does not exist. Returns what it applied.
 */
export async function migrate(
  databaseUrl: string,
  logger: Logger,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<string[]> {
  if (await ensureDatabaseExists(databaseUrl)) logger.info('created the database');
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'kodus-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE}`);
    const done = new Set(rows.map((r) => r.name));
    const known = new Set(migrations.map((m) => m.name));
    const unknown = [...done].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new Error(
        `the database has migrations this build does not know (${unknown.join(', ')}): is it older than the schema?`,
      );
    }
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES ($1)`, [migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      logger.info({ migration: migration.name }, 'applied migration');
      applied.push(migration.name);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
