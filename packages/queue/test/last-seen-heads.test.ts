import { createLogger } from '@kodus/logger';
import { uniquePrefix, untilReady } from '@kodus/test-helpers';
import {
  createRedisConnection,
  LAST_SEEN_HEAD_TTL_SECONDS,
  LastSeenHeads,
  type Redis,
  RedisDependency,
} from '../src';

const logger = createLogger({ component: 'test', level: 'silent' });
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('LastSeenHeads', () => {
  const prefix = uniquePrefix('last-heads');
  let redis: Redis;
  let heads: LastSeenHeads;

  beforeAll(async () => {
    redis = createRedisConnection({ url: REDIS_URL, connectionName: 'kodus-test', role: 'producer', logger });
    await untilReady(redis);
    heads = new LastSeenHeads(redis, prefix);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await new RedisDependency(redis).close();
  });

  it('answers the head each swap replaces, with a TTL on the key', async () => {
    expect(await heads.swap('bitbucket:w/r#1', 'aaa')).toBeNull();
    expect(await heads.swap('bitbucket:w/r#1', 'aaa')).toBe('aaa');
    expect(await heads.swap('bitbucket:w/r#1', 'bbb')).toBe('aaa');
    expect(await heads.swap('bitbucket:w/r#2', 'aaa')).toBeNull();
    const ttl = await redis.ttl(`${prefix}:last-head:bitbucket:w/r#1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(LAST_SEEN_HEAD_TTL_SECONDS);
  });

  it('restores what a swap replaced, unless a later delivery moved it on', async () => {
    await heads.swap('azure:o/p/r#3', 'old');
    await heads.swap('azure:o/p/r#3', 'new');
    await heads.restore('azure:o/p/r#3', 'new', 'old');
    expect(await heads.swap('azure:o/p/r#3', 'old')).toBe('old');

    await heads.swap('azure:o/p/r#4', 'first');
    await heads.swap('azure:o/p/r#4', 'later');
    await heads.restore('azure:o/p/r#4', 'first', null);
    expect(await heads.swap('azure:o/p/r#4', 'x')).toBe('later');

    await heads.swap('azure:o/p/r#5', 'only');
    await heads.restore('azure:o/p/r#5', 'only', null);
    expect(await heads.swap('azure:o/p/r#5', 'only')).toBeNull();
  });
});
