import pg from 'pg';
import type { Logger } from '@kodus/logger';

export type Pool = pg.Pool;

export interface DatabaseOptions {
  url: string;
  /** Shown in `pg_stat_activity.application_name`. */
  applicationName: string;
  logger: Logger;
  maxConnections?: number;
}

/**
 * A PostgreSQL pool that connects lazily: an app started while PostgreSQL is down stays up, its
 * readiness says so, and queries work again as soon as PostgreSQL returns.
 */
export function createDatabasePool(options: DatabaseOptions): Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    application_name: options.applicationName,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
  });
  const log = options.logger.child({ dependency: 'postgres' });
  // An idle client losing its connection emits on the pool; without a listener that would crash the app.
  pool.on('error', (error: Error) => log.warn({ err: error }, 'idle postgres connection lost'));
  return pool;
}

/** Readiness probe and drain step for the pool; fits the runtime's `Dependency` shape. */
export class PostgresDependency {
  readonly name = 'postgres';
  private closed = false;

  constructor(private readonly pool: Pool) {}

  async check(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
