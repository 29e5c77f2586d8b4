import { createPrivateKey, type KeyObject, sign } from 'node:crypto';
import { GitProviderError } from '../errors';

/** GitHub accepts app JWTs that expire at most 10 minutes ahead; 9 leaves room for clock drift. */
const LIFETIME_SECONDS = 9 * 60;
/** GitHub recommends an `iat` 60 seconds in the past against clock drift. */
const BACKDATE_SECONDS = 60;

/** Reads the app's PEM private key (PKCS#1 as GitHub issues it, or PKCS#8); throws a clear error if unusable. */
export function readAppPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new GitProviderError('GitHub App private key is not a readable PEM private key', {
      provider: 'github',
      retryable: false,
      cause: error,
    });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new GitProviderError(`GitHub App private key must be RSA, got ${String(key.asymmetricKeyType)}`, {
      provider: 'github',
      retryable: false,
    });
  }
  return key;
}

/** Signs the RS256 JWT a GitHub App authenticates with: iss = app id, iat 60 s ago, exp 9 min ahead. */
export function createAppJwt(appId: string, privateKey: KeyObject, nowMs = Date.now()): string {
  const now = Math.floor(nowMs / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'RS256', typ: 'JWT' });
  const payload = encode({ iat: now - BACKDATE_SECONDS, exp: now + LIFETIME_SECONDS, iss: appId });
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), privateKey);
  return `${header}.${payload}.${signature.toString('base64url')}`;
}
