import { accountScope, OwnPosts } from '../src/publish/own-posts';

describe('OwnPosts', () => {
  test('knows only the names recorded from its own posts', () => {
    const own = new OwnPosts();
    own.record('review-1', undefined, '', 'bot-7');
    expect(own.has('review-1')).toBe(true);
    expect(own.has('stranger', 'bot-7')).toBe(true);
    expect(own.has('stranger', undefined)).toBe(false);
    expect(own.has('')).toBe(false);
  });

  test('stays bounded: past its limit the least recently recorded names are forgotten', () => {
    const own = new OwnPosts(3);
    own.record('a', 'b', 'c');
    own.record('a'); // recorded again: now the most recent
    own.record('d');
    expect([...own.all]).toEqual(['c', 'a', 'd']);
    expect(own.has('b')).toBe(false);
    for (let i = 0; i < 1_000; i++) own.record(`comment-${i}`);
    expect(own.all.size).toBe(3);
  });
});

/** A store in memory, as PostgreSQL keeps it for the worker (the persistence package tests the table). */
class MemoryAccounts {
  readonly saved: [string, string[]][] = [];
  constructor(private readonly names = new Map<string, string[]>()) {}
  async load(scope: string): Promise<string[]> {
    return [...(this.names.get(scope) ?? [])];
  }
  async save(scope: string, names: readonly string[]): Promise<void> {
    this.saved.push([scope, [...names]]);
    this.names.set(scope, [...names, ...(this.names.get(scope) ?? []).filter((n) => !names.includes(n))]);
  }
}

describe('OwnPosts with a store of accounts', () => {
  test('keeps account names (not comment ids) once, and a new instance reads them back', async () => {
    const store = new MemoryAccounts();
    const before = new OwnPosts(50_000, { store, scope: 'github https://api.github.com/' });
    before.record('review:1');
    before.recordAccount('bot:41898282');
    before.recordAccount('bot:41898282'); // known already: not written again
    await new Promise((r) => setImmediate(r));
    expect(store.saved).toEqual([['github https://api.github.com/', ['bot:41898282']]]);

    const after = new OwnPosts(50_000, { store, scope: 'github https://api.github.com/' });
    expect(after.has('bot:41898282')).toBe(false);
    await after.loadAccounts();
    expect(after.has('bot:41898282')).toBe(true);
    expect(after.has('review:1')).toBe(false);
    const elsewhere = new OwnPosts(50_000, { store, scope: 'github https://ghe.example/api/v3' });
    await elsewhere.loadAccounts();
    expect(elsewhere.has('bot:41898282')).toBe(false);
  });

  test('a store that fails to read is asked again next time; one that fails to write loses nothing now', async () => {
    let reads = 0;
    const flaky = {
      load: async () => {
        reads++;
        if (reads === 1) throw new Error('PostgreSQL away');
        return ['bot:7'];
      },
      save: () => Promise.reject(new Error('PostgreSQL away')),
    };
    const own = new OwnPosts(50_000, { store: flaky, scope: 's' });
    await expect(own.loadAccounts()).rejects.toThrow('PostgreSQL away');
    await own.loadAccounts();
    expect(own.has('bot:7')).toBe(true);
    own.recordAccount('bot:8');
    expect(own.has('bot:8')).toBe(true);
  });

  test('accountScope keeps the API root, never a user or password in its URL', () => {
    expect(accountScope('github', 'https://api.github.com/')).toBe('github https://api.github.com/');
    expect(accountScope('bitbucket', 'https://kodus:secret@bitbucket.example/2.0/?x=1')).toBe(
      'bitbucket https://bitbucket.example/2.0/',
    );
  });
});
