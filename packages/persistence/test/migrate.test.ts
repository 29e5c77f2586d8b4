import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@kodus/logger';
import { createTestDatabase, type TestDatabase } from '@kodus/test-helpers';
import pg from 'pg';
import { migrate, MIGRATIONS_TABLE } from '../src';
import type { Migration } from '../src/migration';

const silent = createLogger({ component: 'test', level: 'silent' });
/** Short, so a migration blocked by another session gives up (and the test moves on) quickly. */
const FAST = { lockTimeoutMs: 100, retryDelayMs: 20 };
const RETRY_LINE = /waited too long for a lock/;

const things: Migration = {
  name: 't0001-things',
  sql: `
    CREATE TABLE things (id integer PRIMARY KEY, label text NOT NULL);
    INSERT INTO things SELECT n, 'thing ' || n FROM generate_series(1, 100) AS n;
  `,
};
/** Two changes, the second blocked by a reader of `things`: applied whole or not at all. */
const noteAndExtras: Migration = {
  name: 't0002-note-and-extras',
  sql: `
    CREATE TABLE extras (id integer PRIMARY KEY);
    ALTER TABLE things ADD COLUMN note text;
  `,
};
const labelIndex: Migration = {
  name: 't0003-label-index',
  transaction: false,
  sql: [
    'DROP INDEX CONCURRENTLY IF EXISTS things_label_idx',
    'CREATE INDEX CONCURRENTLY things_label_idx ON things (label)',
  ],
};

interface LogLine {
  level: string;
  msg: string;
  migration?: string;
  attempt?: number;
}

/** A logger whose lines the test reads back, calling `onRetry` on each "trying again" line. */
function capturingLogger(onRetry: () => void = () => undefined): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (text === '') continue;
        const line = JSON.parse(text) as LogLine;
        lines.push(line);
        if (RETRY_LINE.test(line.msg)) onRetry();
      }
      done();
    },
  });
  return { logger: createLogger({ component: 'test', level: 'info', destination }), lines };
}

/** Another session with a transaction open on `things`, holding `lock` until it commits. */
async function openTransaction(url: string, lock: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'kodus-test-blocker' });
  await client.connect();
  await client.query('BEGIN');
  await client.query(lock);
  return client;
}

describe('migrate on a live database', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let blocker: pg.Client | undefined;

  beforeEach(async () => {
    database = await createTestDatabase('migrate_locks');
    await migrate(database.url, silent, [things]);
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
  });
  afterEach(async () => {
    await blocker?.end();
    blocker = undefined;
    await pool.end();
    await database.drop();
  });

  const recorded = async (): Promise<string[]> =>
    (await pool.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY name`)).rows.map(
      (r) => r.name,
    );
  const columns = async (): Promise<string[]> =>
    (
      await pool.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'things' ORDER BY ordinal_position`,
      )
    ).rows.map((r) => r.column_name);
  const exists = async (relation: string): Promise<boolean> =>
    (await pool.query<{ oid: string | null }>('SELECT to_regclass($1) AS oid', [relation])).rows[0]?.oid !=
    null;

  it('gives up on a lock a reader holds after the lock timeout, and retries until the reader is done', async () => {
    // A report's open read transaction: its ACCESS SHARE lock conflicts with ALTER TABLE's ACCESS EXCLUSIVE.
    const reader = await openTransaction(database.url, 'SELECT count(*) FROM things');
    blocker = reader;
    let committed: Promise<unknown> | undefined;
    const { logger, lines } = capturingLogger(() => {
      committed ??= reader.query('COMMIT'); // the reader finishes once the migration gave up once
    });

    const applied = await migrate(database.url, logger, [things, noteAndExtras], { ...FAST, attempts: 50 });

    await committed;
    expect(applied).toEqual(['t0002-note-and-extras']);
    const retries = lines.filter((line) => RETRY_LINE.test(line.msg));
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(retries[0]).toMatchObject({ level: 'warn', migration: 't0002-note-and-extras', attempt: 1 });
    expect(await columns()).toEqual(['id', 'label', 'note']);
    expect(await exists('extras')).toBe(true);
    expect(await recorded()).toEqual(['t0001-things', 't0002-note-and-extras']);
  }, 30000);

  it('fails naming the migration when the lock stays held, with nothing of it applied or recorded', async () => {
    blocker = await openTransaction(database.url, 'SELECT count(*) FROM things');
    const { logger, lines } = capturingLogger();

    const run = migrate(database.url, logger, [things, noteAndExtras], { ...FAST, attempts: 3 });

    await expect(run).rejects.toThrow(
      /^migration t0002-note-and-extras failed: another session held a lock on a table it changes .*3 times.*rolled back: nothing of it is applied/,
    );
    expect(lines.filter((line) => RETRY_LINE.test(line.msg)).map((line) => line.attempt)).toEqual([1, 2]);
    expect(await recorded()).toEqual(['t0001-things']);
    expect(await columns()).toEqual(['id', 'label']); // its CREATE TABLE, which got its lock, rolled back too
    expect(await exists('extras')).toBe(false);
    // The app's reads go on, and the migration is still pending: the next run applies it.
    await blocker.query('COMMIT');
    expect(await migrate(database.url, silent, [things, noteAndExtras], FAST)).toEqual([
      't0002-note-and-extras',
    ]);
  }, 30000);

  it('runs a `transaction: false` migration (CREATE INDEX CONCURRENTLY) statement by statement, records it once done', async () => {
    const applied = await migrate(database.url, silent, [things, labelIndex], FAST);

    expect(applied).toEqual(['t0003-label-index']);
    const index = await pool.query<{ valid: boolean }>(
      `SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'things_label_idx'::regclass`,
    );
    expect(index.rows).toEqual([{ valid: true }]);
    expect(await recorded()).toEqual(['t0001-things', 't0003-label-index']);
    expect(await migrate(database.url, silent, [things, labelIndex], FAST)).toEqual([]);
  }, 30000);

  it('retries a `transaction: false` migration from the start when its lock wait times out', async () => {
    // An open write transaction: CREATE INDEX CONCURRENTLY creates the index, then waits for it to finish,
    // gives up after the lock timeout and leaves the index behind INVALID.
    const writer = await openTransaction(database.url, `UPDATE things SET label = 'renamed' WHERE id = 1`);
    blocker = writer;
    let leftover: Promise<pg.QueryResult<{ valid: boolean }>> | undefined;
    let committed: Promise<unknown> | undefined;
    const { logger, lines } = capturingLogger(() => {
      if (leftover !== undefined) return;
      leftover = pool.query<{ valid: boolean }>(
        `SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'things_label_idx'::regclass`,
      );
      committed = leftover.then(() => writer.query('COMMIT'));
    });

    const applied = await migrate(database.url, logger, [things, labelIndex], { ...FAST, attempts: 50 });

    await committed;
    expect((await leftover)?.rows).toEqual([{ valid: false }]);
    expect(applied).toEqual(['t0003-label-index']);
    expect(lines.find((line) => RETRY_LINE.test(line.msg))).toMatchObject({ migration: 't0003-label-index' });
    const index = await pool.query<{ valid: boolean }>(
      `SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'things_label_idx'::regclass`,
    );
    expect(index.rows).toEqual([{ valid: true }]); // the INVALID leftover was dropped and built again
    expect(await recorded()).toEqual(['t0001-things', 't0003-label-index']);
  }, 30000);

  it('refuses a lock timeout of 0, which would wait for ever', async () => {
    await expect(migrate(database.url, silent, [things], { lockTimeoutMs: 0 })).rejects.toThrow(
      /lockTimeoutMs must be a positive integer/,
    );
  });
});
