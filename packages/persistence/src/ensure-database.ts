import pg from 'pg';

/**
 * Creates the database named in `url` when it does not exist yet (connecting to the server's
 * `postgres` database to do so). Returns true when it created it. Used by the migrate command and the
 * developer start script, so a fresh PostgreSQL needs no manual step.
 */
export async function ensureDatabaseExists(url: string): Promise<boolean> {
  // The usual case — it exists — needs no access to the `postgres` database, which a managed service
  // or pg_hba may refuse.
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    return false;
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (name === '') throw new Error('DATABASE_URL names no database');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 1) return false;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    return true;
  } catch (error) {
    // Another process may have created it between the check and the CREATE.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await client.end();
  }
}
