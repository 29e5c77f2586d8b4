import { createPublicKey, type KeyObject, randomBytes } from 'node:crypto';
import { checkAppJwt } from './app-jwt';
import type { Reply } from './routes';
import { errorBody } from './shapes';

export interface StandInAppOptions {
  appId: string;
  publicKey: string | KeyObject;
  /** Installations that exist; any id when left out. */
  installations?: number[];
  /** Lifetime of issued installation tokens (GitHub: one hour). */
  tokenTtlSeconds?: number;
  botLogin?: string;
}

/** Who may call the stand-in: static tokens, and installation tokens it issued to a GitHub App. */
export class StandInCredentials {
  private readonly tokens: Map<string, string>;
  private readonly appKey: KeyObject | undefined;
  private readonly installationTokens = new Map<string, { installationId: number; expiresAt: number }>();

  constructor(
    tokens: Record<string, string>,
    private readonly app: StandInAppOptions | undefined,
  ) {
    this.tokens = new Map(Object.entries(tokens));
    const key = app?.publicKey;
    this.appKey = key === undefined ? undefined : typeof key === 'string' ? createPublicKey(key) : key;
  }

  /** The app's bot user (`<slug>[bot]`), who installation tokens post as. */
  botLogin(): string {
    return this.app?.botLogin ?? 'kodus-app[bot]';
  }

  /**
   * Who Kodus posts as here: the app's bot user when an app is set up, else the first static token's user.
   * Reviews a test adds without a user are by it (an earlier Kodus run).
   */
  kodusLogin(): string {
    if (this.app !== undefined) return this.botLogin();
    return this.tokens.values().next().value ?? 'kodus-user';
  }

  /** The login a token belongs to, or undefined for an unknown, expired or revoked token. */
  loginFor(token: string): string | undefined {
    const staticLogin = this.tokens.get(token);
    if (staticLogin !== undefined) return staticLogin;
    const installation = this.installationTokens.get(token);
    if (installation === undefined || installation.expiresAt <= Date.now()) return undefined;
    return this.botLogin();
  }

  setTokenTtl(seconds: number): void {
    if (this.app !== undefined) this.app.tokenTtlSeconds = seconds;
  }

  revokeInstallationTokens(): void {
    this.installationTokens.clear();
  }

  /** Why an app JWT is refused (a 401 reply), or undefined with the app's id when it is good. */
  checkAppJwt(jwt: string): { refused: Reply } | { appId: string } {
    const app = this.app;
    if (app === undefined || this.appKey === undefined) {
      return { refused: { status: 401, body: errorBody(401, 'A JSON web token could not be decoded') } };
    }
    const check = checkAppJwt(jwt, this.appKey, app.appId);
    return check.ok ? { appId: app.appId } : { refused: { status: 401, body: errorBody(401, check.reason) } };
  }

  /** POST /app/installations/{id}/access_tokens: the app's JWT in, an installation token out. */
  issueInstallationToken(jwt: string, installationId: number): Reply {
    const app = this.app;
    if (app === undefined || this.appKey === undefined) {
      return { status: 401, body: errorBody(401, 'A JSON web token could not be decoded') };
    }
    const check = checkAppJwt(jwt, this.appKey, app.appId);
    if (!check.ok) return { status: 401, body: errorBody(401, check.reason) };
    if (app.installations !== undefined && !app.installations.includes(installationId)) {
      return { status: 404, body: errorBody(404, 'Not Found') };
    }
    const token = `ghs_${randomBytes(18).toString('base64url')}`;
    const expiresAt = Date.now() + (app.tokenTtlSeconds ?? 3600) * 1000;
    this.installationTokens.set(token, { installationId, expiresAt });
    return {
      status: 201,
      body: {
        token,
        expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        permissions: { contents: 'read', metadata: 'read', pull_requests: 'write' },
        repository_selection: 'all',
      },
    };
  }
}
