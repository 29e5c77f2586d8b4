import { createLogger } from '@kodus/logger';
import { createDatabasePool, migrate, type Pool } from '@kodus/persistence';
import {
  type AppProcess,
  createTestDatabase,
  startApp,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  waitForStatus,
} from '@kodus/test-helpers';

const logger = createLogger({ component: 'test', level: 'silent' });
const REQUESTS = 40;

describe('api-rest: DATABASE_POOL_MAX', () => {
  let database: TestDatabase;
  let observer: Pool;
  const running: AppProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('api_pool');
    await migrate(database.url, logger);
    observer = createDatabasePool({
      url: database.url,
      applicationName: 'kodus-test-observer',
      logger,
      maxConnections: 1,
    });
  });
  afterEach(() => running.splice(0).forEach((p) => p.kill()));
  afterAll(async () => {
    await observer.end();
    await database.drop();
  });

  /** The api's sessions in this database, told apart by their application_name. */
  async function apiSessions(): Promise<number> {
    const { rows } = await observer.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'kodus-api'`,
    );
    return rows[0]?.n ?? 0;
  }

  it('opens no more connections than DATABASE_POOL_MAX under concurrent requests, and answers them all', async () => {
    const secrets = testSecrets();
    const { process: app, baseUrl } = await startApp('api-rest', {
      ...secrets,
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: uniquePrefix('api_pool'),
      DATABASE_POOL_MAX: '2',
    });
    running.push(app);
    await waitForStatus(`${baseUrl}/health/ready`, 200);

    let finished = false;
    const seen: number[] = [];
    const sampling = (async () => {
      while (!finished) seen.push(await apiSessions());
    })();
    let statuses: number[];
    try {
      statuses = await Promise.all(
        Array.from({ length: REQUESTS }, async (_, i) => {
          const response = await fetch(
            `${baseUrl}/reviews?provider=github&repository=acme/pool&pullRequest=${i + 1}`,
            { headers: { authorization: `Bearer ${secrets.API_ADMIN_TOKEN}` } },
          );
          await response.arrayBuffer();
          return response.status;
        }),
      );
    } finally {
      finished = true;
      await sampling;
    }
    expect(statuses).toEqual(Array.from({ length: REQUESTS }, () => 200));
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen)).toBeLessThanOrEqual(2);
    expect(await apiSessions()).toBeGreaterThanOrEqual(1);
  });
});
