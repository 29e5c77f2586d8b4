import { GitProviderError } from '@kodus/git-providers';
import { PermanentJobError } from '@kodus/queue';
import { isPermanent, printable, reasonFor } from '../src/failure-reason';

describe('failure reasons', () => {
  it('treats data PostgreSQL refuses (SQLSTATE class 22) as permanent, connection trouble as transient', () => {
    const pgError = (code: string) => Object.assign(new Error('pg'), { code });
    expect(isPermanent(pgError('22021'))).toBe(true); // invalid byte sequence (a NUL)
    expect(isPermanent(pgError('22P05'))).toBe(true);
    expect(isPermanent(pgError('57P01'))).toBe(false); // admin shutdown
    expect(isPermanent(pgError('ECONNREFUSED'))).toBe(false);
    expect(isPermanent(new PermanentJobError('x'))).toBe(true);
    expect(isPermanent(new GitProviderError('x', { provider: 'github', retryable: false }))).toBe(true);
    expect(isPermanent(new GitProviderError('x', { provider: 'github', retryable: true }))).toBe(false);
  });

  it('stores reasons without NUL, control characters or lone surrogates, bounded', () => {
    expect(printable('a\u0000b\ud800c\nd')).toBe('a\\u0000b\ufffdc d');
    expect(reasonFor(new Error('x'.repeat(5000))).length).toBe(1000);
  });
});
