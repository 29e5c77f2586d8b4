import pg from 'pg';
import {
  createTestDatabase,
  httpStatus,
  PrivateRedis,
  TEST_POSTGRES_URL,
  uniquePrefix,
  waitFor,
  withTimeout,
} from '../src';

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('test helpers', () => {
  it('creates an isolated database and drops it even with connections open', async () => {
    const database = await createTestDatabase('helpers');
    expect(await databaseExists(database.name)).toBe(true);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    client.on('error', () => undefined);
    await database.drop();
    expect(await databaseExists(database.name)).toBe(false);
    await client.end().catch(() => undefined);
  });

  it('starts, stops and resumes a private Redis on one port', async () => {
    const redis = await PrivateRedis.start();
    const port = redis.port;
    await redis.stop();
    await redis.resume();
    expect(redis.port).toBe(port);
    await redis.stop();
  });

  it('gives unique prefixes and bounded waits', async () => {
    expect(uniquePrefix('x')).not.toBe(uniquePrefix('x'));
    await expect(waitFor('never', () => undefined, { timeoutMs: 200 })).rejects.toThrow(
      /timed out after 200 ms waiting for never/,
    );
    await expect(withTimeout(new Promise(() => undefined), 50, 'too slow')).rejects.toThrow('too slow');
    expect(await httpStatus('http://127.0.0.1:1/')).toBeUndefined();
  });
});
