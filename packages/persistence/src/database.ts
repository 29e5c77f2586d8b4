import pg from 'pg';
import type { Logger } from '@kodus/logger';

export type Pool = pg.Pool;

/**
 * Bounds on every connection, so a half-open connection (a failover, a dropped NAT entry) fails a
 * query instead of hanging a review while health stays green. Every statement Kodus runs is short.
 */
export interface DatabaseTimeouts {
  statementTimeoutMs: number;
  queryTimeoutMs: number;
  connectionTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  keepAliveInitialDelayMs: number;
}

export const DATABASE_TIMEOUTS: Readonly<DatabaseTimeouts> = {
  /** The server cancels a statement running longer than this. */
  statementTimeoutMs: 15000,
  /** The client gives up on an answer after this (covers a server that no longer answers at all). */
  queryTimeoutMs: 20000,
  /** Opening a connection (TCP + TLS + authentication). */
  connectionTimeoutMs: 5000,
  /** The server ends a session left idle inside a transaction. */
  idleInTransactionTimeoutMs: 30000,
  /** TCP keepalive probes start after this much silence, so a dead peer is noticed by the kernel. */
  keepAliveInitialDelayMs: 10000,
};

export interface DatabaseOptions {
  url: string;
  /** Shown in `pg_stat_activity.application_name`. */
  applicationName: string;
  logger: Logger;
  /**
   * The most connections the pool opens (DATABASE_POOL_MAX; default 10). A caller past it waits for a
   * connection to come back, and fails after the connect timeout (a "timeout exceeded when trying to
   * connect", which {@link isDatabaseUnavailable} counts as PostgreSQL unavailable).
   */
  maxConnections?: number;
  /**
   * Idle connections kept open instead of closed after 30 s (open them with {@link openConnections}): a
   * burst after a quiet spell does not first pay for connecting. Default 0; at most `maxConnections`.
   */
  minConnections?: number;
  /** Logged once as a warning when the pool is created (a size its caller can work with, but slowly). */
  sizeWarning?: string;
  /** Overrides of {@link DATABASE_TIMEOUTS} (tests use short ones). */
  timeouts?: Partial<DatabaseTimeouts>;
}

/**
 * A PostgreSQL pool that connects lazily: an app started while PostgreSQL is down stays up, its
 * readiness says so, and queries work again as soon as PostgreSQL returns.
 */
export function createDatabasePool(options: DatabaseOptions): Pool {
  const timeouts = { ...DATABASE_TIMEOUTS, ...options.timeouts };
  const max = options.maxConnections ?? 10;
  const pool = new pg.Pool({
    connectionString: options.url,
    application_name: options.applicationName,
    max,
    min: Math.min(options.minConnections ?? 0, max),
    connectionTimeoutMillis: timeouts.connectionTimeoutMs,
    idleTimeoutMillis: 30000,
    statement_timeout: timeouts.statementTimeoutMs,
    query_timeout: timeouts.queryTimeoutMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: timeouts.keepAliveInitialDelayMs,
  });
  const log = options.logger.child({ dependency: 'postgres' });
  if (options.sizeWarning !== undefined) log.warn({ maxConnections: max }, options.sizeWarning);
  // An idle client losing its connection emits on the pool; without a listener that would crash the app.
  pool.on('error', (error: Error) => log.warn({ err: error }, 'idle postgres connection lost'));
  return pool;
}

/**
 * Opens `count` connections at once, at most the pool's size, and returns them to the pool (a pool
 * connects lazily): with `minConnections` they stay open. Resolves when they are open; rejects when
 * PostgreSQL cannot be reached. (More than the pool's size would wait for the first ones, which are held
 * until all are open: each would time out.)
 */
export async function openConnections(pool: Pool, count: number): Promise<void> {
  const opened = Math.min(count, pool.options.max ?? 10);
  const clients = await Promise.allSettled(Array.from({ length: opened }, () => pool.connect()));
  for (const client of clients) if (client.status === 'fulfilled') client.value.release();
  const failed = clients.find((client) => client.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

/** Errors a socket or a server outage gives (not a bad query): callers answer 503 and retry later. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '53300', // too_many_connections
  '57014', // query_canceled (statement_timeout)
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '25P03', // idle_in_transaction_session_timeout
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection closed/i;

/** True when `error` means PostgreSQL cannot be reached or answer right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Duck-typed: errors from Node's sockets may come from another realm (a test sandbox, say).
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e))) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
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

/**
 * Runs `work` in one transaction on one pooled connection: committed when it resolves, rolled back when
 * it throws. A checked-out client has no listener of the pool's, so a connection lost while it is ours
 * (PostgreSQL cut, a failover) would be an unhandled 'error' that ends the process: it is caught here,
 * fails the transaction, and the connection is destroyed rather than handed to the next caller. A
 * connection that stopped answering (a query read timeout) gets no ROLLBACK that would wait as long again.
 */
export async function withTransaction<T>(
  pool: Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error): void => {
    broken ??= error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (broken === undefined && isConnectionLost(error)) broken = error as Error;
    if (broken === undefined) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
    }
    throw error;
  } finally {
    // Destroyed (release with an error) when broken; our listener stays on it for anything it still emits.
    if (broken === undefined) client.off('error', onError);
    client.release(broken);
  }
}

/** The client gave up on the connection itself: nothing more should be sent on it. */
function isConnectionLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return /Query read timeout|Connection terminated|not queryable/i.test(error.message);
}
