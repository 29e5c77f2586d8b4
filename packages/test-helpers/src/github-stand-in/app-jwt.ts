import { type KeyObject, verify } from 'node:crypto';

/** Why GitHub would refuse an app JWT, or the app id it was issued by. */
export type JwtCheck = { ok: true; appId: string } | { ok: false; reason: string };

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a GitHub App JWT the way GitHub documents it: RS256 signature by the app's key, `iss` the app id,
 * `iat` not in the future (60 s of drift allowed), `exp` in the future and at most 10 minutes ahead.
 */
export function checkAppJwt(
  token: string,
  publicKey: KeyObject,
  appId: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'A JSON web token could not be decoded' };
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = decodeJson(headerPart);
  const payload = decodeJson(payloadPart);
  if (header === undefined || payload === undefined) {
    return { ok: false, reason: 'A JSON web token could not be decoded' };
  }
  if (header.alg !== 'RS256')
    return { ok: false, reason: `JWT alg must be RS256, got ${String(header.alg)}` };
  const signed = Buffer.from(`${headerPart}.${payloadPart}`);
  if (!verify('RSA-SHA256', signed, publicKey, Buffer.from(signaturePart, 'base64url'))) {
    return { ok: false, reason: 'A JSON web token could not be decoded (bad signature)' };
  }
  const { iss, iat, exp } = payload;
  if (String(iss) !== appId) return { ok: false, reason: `'Issuer' claim ('iss') must be ${appId}` };
  if (typeof iat !== 'number' || iat > nowSeconds + 60) {
    return {
      ok: false,
      reason: "'Issued at' claim ('iat') must be an Integer representing a time in the past",
    };
  }
  if (typeof exp !== 'number' || exp <= nowSeconds) {
    return { ok: false, reason: "'Expiration time' claim ('exp') must be a numeric value in the future" };
  }
  if (exp > nowSeconds + 600 || exp - iat > 660) {
    return { ok: false, reason: "'Expiration time' claim ('exp') is too far in the future" };
  }
  return { ok: true, appId };
}
