import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_HEADER = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Checks Bitbucket Cloud's `X-Hub-Signature` header (`sha256=<hex HMAC-SHA256 of the raw body>`, keyed with
 * the webhook's secret; SHA-256 under GitHub's old SHA-1 header name) in constant time, over the bytes as
 * received. False, never a throw, for a missing or malformed header or an empty secret.
 */
export function verifyBitbucketSignature(
  rawBody: Buffer,
  header: string | undefined,
  secret: string,
): boolean {
  if (typeof header !== 'string' || typeof secret !== 'string' || secret === '') return false;
  if (!Buffer.isBuffer(rawBody)) return false;
  const hex = SIGNATURE_HEADER.exec(header.trim())?.[1];
  if (hex === undefined) return false;
  const given = Buffer.from(hex, 'hex');
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
