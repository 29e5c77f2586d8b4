import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@kodus/logger';
import pg from 'pg';
import { ensureDatabaseExists } from './ensure-database';
import type { Migration } from './migration';
import { MIGRATIONS } from './migrations';

export const MIGRATIONS_TABLE = 'kodus_migrations';
/** Advisory lock key held for a whole run, so concurrent runs apply each migration once. */
const LOCK_KEY = 0x6b6f647573; // "kodus"
/** SQLSTATE lock_not_available: what a statement fails with once it waited `lock_timeout` for a lock. */
const LOCK_NOT_AVAILABLE = '55P03';

/** How long a migration may wait for the locks it needs, and how often it tries. */
export interface MigrateOptions {
  /**
   * The `lock_timeout` of every migration: the longest one statement waits for a lock another session
   * holds. While a migration waits for, say, the ACCESS EXCLUSIVE lock of an `ALTER TABLE`, every app
   * query on that table queues behind it, so this is also the longest those queries are held up by the
   * wait: 5 s, a third of the apps' 15 s statement timeout, so they are slowed, not cancelled, while an
   * app's own transactions (milliseconds) never make a migration give up.
   */
  lockTimeoutMs: number;
  /** Tries of a migration that timed out waiting for a lock, the first included; then the run fails. */
  attempts: number;
  /** The pause between those tries, in which the apps' queued queries run and the holder may finish. */
  retryDelayMs: number;
}

/** At most 6 × 5 s of waiting and 5 × 10 s of pauses (80 s) before a migration gives up on a lock. */
export const MIGRATE_DEFAULTS: Readonly<MigrateOptions> = {
  lockTimeoutMs: 5000,
  attempts: 6,
  retryDelayMs: 10000,
};

function isLockTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === LOCK_NOT_AVAILABLE;
}

function checkOptions(options: MigrateOptions): void {
  if (!Number.isInteger(options.lockTimeoutMs) || options.lockTimeoutMs <= 0) {
    // lock_timeout = 0 means wait for ever: exactly what this option exists to prevent.
    throw new RangeError(`lockTimeoutMs must be a positive integer, got ${options.lockTimeoutMs}`);
  }
  if (!Number.isInteger(options.attempts) || options.attempts < 1) {
    throw new RangeError(`attempts must be an integer of at least 1, got ${options.attempts}`);
  }
  if (!(options.retryDelayMs >= 0)) {
    throw new RangeError(`retryDelayMs must be at least 0, got ${options.retryDelayMs}`);
  }
}

/** One try at a migration: applied with its bookkeeping row, or (in a transaction) not at all. */
async function applyOnce(client: pg.Client, migration: Migration, lockTimeoutMs: number): Promise<void> {
  const statements = typeof migration.sql === 'string' ? [migration.sql] : migration.sql;
  const record = `INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES ($1)`;
  if (migration.transaction === false) {
    // Each statement commits on its own; the lock timeout is the session's until they are done (set here,
    // not for the whole run, so the advisory lock above still waits for another migrator as long as needed).
    await client.query(`SELECT set_config('lock_timeout', $1, false)`, [`${lockTimeoutMs}ms`]);
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.query('RESET lock_timeout').catch(() => undefined);
    }
    // Only once it all succeeded: until then the next run applies it again, which it is written to allow.
    await client.query(`${record} ON CONFLICT (name) DO NOTHING`, [migration.name]);
    return;
  }
  await client.query('BEGIN');
  try {
    await client.query(`SELECT set_config('lock_timeout', $1, true)`, [`${lockTimeoutMs}ms`]);
    for (const statement of statements) await client.query(statement);
    await client.query(record, [migration.name]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/**
 * Applies every pending migration, once: the run holds a PostgreSQL advisory lock, so two deploys
 * starting at once serialise and the second finds nothing to do. Each migration commits together with
 * its bookkeeping row (unless it is declared `transaction: false`, see {@link Migration}). Creates the
 * database first when it does not exist. Returns what it applied.
 *
 * Safe on a live database: a migration waits at most `lockTimeoutMs` for each lock (a report's open
 * transaction on a table it alters), so the apps' queries queue behind it no longer than that; it then
 * rolls back, pauses and tries again, and after `attempts` tries fails naming the migration.
 */
export async function migrate(
  databaseUrl: string,
  logger: Logger,
  migrations: readonly Migration[] = MIGRATIONS,
  options: Partial<MigrateOptions> = {},
): Promise<string[]> {
  const { lockTimeoutMs, attempts, retryDelayMs } = { ...MIGRATE_DEFAULTS, ...options };
  checkOptions({ lockTimeoutMs, attempts, retryDelayMs });
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
      const transactional = migration.transaction !== false;
      for (let attempt = 1; ; attempt++) {
        try {
          await applyOnce(client, migration, lockTimeoutMs);
          break;
        } catch (error) {
          const leftover = transactional
            ? 'it was rolled back: nothing of it is applied'
            : 'it runs outside a transaction: what it did so far stays, and it runs again from the start next time';
          if (!isLockTimeout(error)) {
            throw new Error(`migration ${migration.name} failed (${leftover}): ${(error as Error).message}`, {
              cause: error,
            });
          }
          if (attempt >= attempts) {
            throw new Error(
              `migration ${migration.name} failed: another session held a lock on a table it changes ` +
                `(waited ${lockTimeoutMs} ms for it, ${attempts} times); ${leftover}. Find that session ` +
                `(a long transaction, often "idle in transaction", in pg_stat_activity) and migrate again`,
              { cause: error },
            );
          }
          logger.warn(
            { migration: migration.name, attempt, attempts, lockTimeoutMs, retryDelayMs },
            'migration waited too long for a lock another session holds; gave up on it, trying again',
          );
          await sleep(retryDelayMs);
        }
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
