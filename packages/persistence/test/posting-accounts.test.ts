import { createLogger } from '@kodus/logger';
import { createTestDatabase, type TestDatabase } from '@kodus/test-helpers';
import { createDatabasePool, migrate, type Pool, PostingAccounts } from '../src';

const logger = createLogger({ component: 'test', level: 'silent' });

describe('PostingAccounts', () => {
  let database: TestDatabase;
  let pool: Pool;
  let accounts: PostingAccounts;

  beforeAll(async () => {
    database = await createTestDatabase('posting_accounts');
    await migrate(database.url, logger);
    pool = createDatabasePool({ url: database.url, applicationName: 'kodus-test', logger });
    accounts = new PostingAccounts(pool);
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('keeps names per scope, the most recently recorded first, each once', async () => {
    const github = 'github https://api.github.com/';
    expect(await accounts.load(github)).toEqual([]);
    await accounts.save(github, ['bot:1', 'bot:1']);
    await accounts.save('bitbucket https://api.bitbucket.org/2.0/', ['uuid-9', 'acct-9']);
    await new Promise((r) => setTimeout(r, 5));
    await accounts.save(github, ['bot:2']);
    expect(await accounts.load(github)).toEqual(['bot:2', 'bot:1']);
    await new Promise((r) => setTimeout(r, 5));
    await accounts.save(github, ['bot:1']); // recorded again: the most recent now
    expect(await accounts.load(github)).toEqual(['bot:1', 'bot:2']);
    expect((await accounts.load('bitbucket https://api.bitbucket.org/2.0/')).sort()).toEqual([
      'acct-9',
      'uuid-9',
    ]);
  });

  it('bounds what it reads back and refuses oversized names and scopes', async () => {
    const scope = 'github https://ghe.example/api/v3/';
    await accounts.save(
      scope,
      Array.from({ length: 150 }, (_, i) => `bot:${i}`),
    );
    expect(await accounts.load(scope)).toHaveLength(100);
    await accounts.save(scope, ['x'.repeat(501), '']);
    expect(await accounts.load(scope)).not.toContain('x'.repeat(501));
    await accounts.save('s'.repeat(501), ['bot:1']);
    expect(await accounts.load('s'.repeat(501))).toEqual([]);
  });
});
