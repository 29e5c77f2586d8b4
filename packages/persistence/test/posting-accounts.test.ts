import { PostingAccounts } from '../src';
import { useMigratedDatabase } from './support/migrated-database';

describe('PostingAccounts', () => {
  const db = useMigratedDatabase('posting_accounts');
  let accounts: PostingAccounts;

  beforeAll(() => {
    accounts = new PostingAccounts(db.pool);
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
