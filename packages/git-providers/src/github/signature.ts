import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_HEADER = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Checks GitHub's `X-Hub-Signature-256` header (`sha256=<hex HMAC-SHA256 of the raw body>`) in constant
 * time. Returns false, never throws, for a missing or malformed header, an empty secret or a body that is
 * not a Buffer (verify the bytes as received, before any JSON parsing).
 */
export function verifyGithubSignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (typeof header !== 'string' || typeof secret !== 'string' || secret === '') return false;
  if (!Buffer.isBuffer(rawBody)) return false;
  const match = SIGNATURE_HEADER.exec(header.trim());
  const hex = match?.[1];
  if (hex === undefined) return false;
  const given = Buffer.from(hex, 'hex');
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
