/**
 * One schema change: applied once, in order. Never edit one that has shipped.
 *
 * By default it runs inside a transaction together with its bookkeeping row, so it is applied whole or
 * not at all; its statements wait at most the migrator's lock timeout for each lock, and it is retried
 * from the start when one of them timed out (see `migrate`).
 */
export interface Migration {
  /** Sortable and unique: `NNNN-what-it-does`. */
  name: string;
  /**
   * The SQL. A transactional migration may put several statements in one string. A non-transactional one
   * (`transaction: false`) sends each string on its own, one statement per string: PostgreSQL runs a
   * multi-statement string as one implicit transaction, which `CREATE INDEX CONCURRENTLY` refuses.
   */
  sql: string | readonly string[];
  /**
   * `false` runs it outside a transaction, for statements PostgreSQL refuses inside one (`CREATE INDEX
   * CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `ALTER TYPE ... ADD VALUE` before PostgreSQL 12). Such a
   * migration MUST be re-runnable: it can fail or be interrupted half-way (a lock timeout, which is
   * retried; a crash; a duplicate key building a unique index), leaving what it did so far, and its
   * bookkeeping row is written only after every statement succeeded, so the next run (or retry) runs it
   * again from the start. Write each statement so that running it again converges: `DROP INDEX
   * CONCURRENTLY IF EXISTS x` before `CREATE INDEX CONCURRENTLY x ...` (a failed concurrent build leaves
   * an INVALID index that `IF NOT EXISTS` would keep), `... IF NOT EXISTS`, `ADD VALUE IF NOT EXISTS`.
   * Default `true`.
   */
  transaction?: boolean;
}
