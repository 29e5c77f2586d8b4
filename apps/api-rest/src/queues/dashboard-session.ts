import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The dashboard's cookie: a signed expiry, never the token itself. */
export const SESSION_COOKIE = 'kodus_queue_board';
export const SESSION_TTL_MS = 8 * 3600 * 1000;

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Browser sessions for the queue dashboard, derived from API_ADMIN_TOKEN: a browser cannot send a bearer
 * header, so it signs in once with the token (a form POST, never a URL) and gets an HttpOnly,
 * SameSite=Strict cookie holding `<expiry>.<HMAC of the expiry keyed by the token's hash>`. Rotating the
 * token ends every session; only hashes of the token are kept.
 */
export class DashboardSessions {
  private readonly tokenHash: Buffer;

  constructor(adminToken: string) {
    this.tokenHash = digest(adminToken);
  }

  /** Constant-time check of a presented token. */
  isAdminToken(presented: string): boolean {
    return timingSafeEqual(digest(presented), this.tokenHash);
  }

  issue(now = Date.now()): { value: string; maxAgeSeconds: number } {
    const expires = now + SESSION_TTL_MS;
    return { value: `${expires}.${this.sign(expires)}`, maxAgeSeconds: SESSION_TTL_MS / 1000 };
  }

  isValid(value: string | undefined, now = Date.now()): boolean {
    const match = value === undefined ? null : /^(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (match?.[1] === undefined || match[2] === undefined) return false;
    const expires = Number(match[1]);
    if (expires <= now || expires > now + SESSION_TTL_MS) return false;
    return timingSafeEqual(Buffer.from(match[2]), Buffer.from(this.sign(expires)));
  }

  private sign(expires: number): string {
    return createHmac('sha256', this.tokenHash).update(`kodus-queue-board:${expires}`).digest('base64url');
  }
}

/** The value of one cookie in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
