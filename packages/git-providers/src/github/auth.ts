import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { GitProviderError } from '../errors';
import { identityOrOwnPosts, type OwnPostsOnly } from '../publish/own-posts';
import { appResponse, authenticatedUserResponse, installationTokenResponse } from './api-schemas';
import { createAppJwt, readAppPrivateKey } from './app-jwt';
import type { GithubTransport } from './transport';

/** A token (personal access token, fine-grained token), or a GitHub App installation. */
export type GithubAuth =
  | { kind: 'token'; token: string }
  | { kind: 'app'; appId: string; privateKey: string; installationId: number };

const githubAuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('token'), token: z.string().trim().min(1, 'token is empty') }),
  z.object({
    kind: z.literal('app'),
    appId: z.string().trim().min(1, 'appId is empty'),
    privateKey: z.string().min(1, 'privateKey is empty'),
    installationId: z.number().int().positive(),
  }),
]);

/** Installation tokens are refreshed this long before they expire (or halfway, for short-lived ones). */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * Whose name the comments posted with these credentials carry: a token's user (by id), or a GitHub App's
 * bot user `<slug>[bot]` (by login and type Bot: no other account can take a `[bot]` login). A token
 * `GET /user` refuses (an installation token, Actions' `GITHUB_TOKEN`: 403 "Resource not accessible by
 * integration") names no one: OWN_POSTS_ONLY, only what the client posted counts.
 */
export type GithubIdentity =
  { kind: 'user'; id: number; login: string } | { kind: 'bot'; login: string } | OwnPostsOnly;

/** The Authorization header for API calls. */
export interface AuthorizationSource {
  header(): Promise<string>;
  /** Forgets a credential GitHub refused; true when a fresh one can be fetched (then retry once). */
  invalidate(): boolean;
  /** Asks GitHub who these credentials post as (`GET /user`, or `GET /app` with the app's JWT). */
  identity(): Promise<GithubIdentity>;
}

class StaticToken implements AuthorizationSource {
  constructor(
    private readonly token: string,
    private readonly transport: GithubTransport,
  ) {}
  header(): Promise<string> {
    return Promise.resolve(`Bearer ${this.token}`);
  }
  /** `GET /user`; OWN_POSTS_ONLY when GitHub refuses it (401/403: an integration's token, not a user's). */
  identity(): Promise<GithubIdentity> {
    return identityOrOwnPosts(async (): Promise<GithubIdentity> => {
      const response = await this.transport.send({
        method: 'GET',
        url: this.transport.url('/user'),
        authorization: await this.header(),
        idempotent: true,
      });
      const user = this.transport.parse(authenticatedUserResponse, response.data, 'GET /user');
      return { kind: 'user', id: user.id, login: user.login };
    });
  }
  invalidate(): boolean {
    return false;
  }
}

/**
 * A GitHub App installation token: exchanged for a fresh app JWT at
 * POST /app/installations/{id}/access_tokens, cached until shortly before `expires_at`, one exchange at a
 * time however many calls wait for it.
 */
class InstallationToken implements AuthorizationSource {
  private cached: { header: string; refreshAt: number } | undefined;
  private inflight: Promise<string> | undefined;

  constructor(
    private readonly transport: GithubTransport,
    private readonly appId: string,
    private readonly privateKey: KeyObject,
    private readonly installationId: number,
  ) {}

  header(): Promise<string> {
    if (this.cached !== undefined && Date.now() < this.cached.refreshAt) {
      return Promise.resolve(this.cached.header);
    }
    this.inflight ??= this.exchange().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  /** Only a cached token is worth replacing: a refused exchange (bad key, unknown installation) is final. */
  invalidate(): boolean {
    const hadToken = this.cached !== undefined;
    this.cached = undefined;
    return hadToken;
  }

  /** The app's bot user, from its slug (`GET /app` with the app's JWT). */
  async identity(): Promise<GithubIdentity> {
    const response = await this.transport.send({
      method: 'GET',
      url: this.transport.url('/app'),
      authorization: `Bearer ${createAppJwt(this.appId, this.privateKey)}`,
      idempotent: true,
    });
    const app = this.transport.parse(appResponse, response.data, 'GET /app');
    return { kind: 'bot', login: `${app.slug}[bot]` };
  }

  private async exchange(): Promise<string> {
    const path = `/app/installations/${this.installationId}/access_tokens`;
    const response = await this.transport.send({
      method: 'POST',
      url: this.transport.url(path),
      authorization: `Bearer ${createAppJwt(this.appId, this.privateKey)}`,
      idempotent: true,
    });
    const { token, expires_at } = this.transport.parse(
      installationTokenResponse,
      response.data,
      `POST ${path}`,
    );
    const now = Date.now();
    const expiresAt = Date.parse(expires_at);
    const margin = Math.min(TOKEN_REFRESH_MARGIN_MS, Math.max(0, expiresAt - now) / 2);
    const header = `Bearer ${token}`;
    this.cached = { header, refreshAt: expiresAt - margin };
    return header;
  }
}

/** Validates the auth settings and returns where API calls get their Authorization header. */
export function createAuthorizationSource(auth: GithubAuth, transport: GithubTransport): AuthorizationSource {
  const parsed = githubAuthSchema.safeParse(auth);
  if (!parsed.success) {
    throw new GitProviderError(`invalid GitHub auth settings:\n${z.prettifyError(parsed.error)}`, {
      provider: 'github',
      retryable: false,
    });
  }
  const valid = parsed.data;
  if (valid.kind === 'token') return new StaticToken(valid.token, transport);
  return new InstallationToken(
    transport,
    valid.appId,
    readAppPrivateKey(valid.privateKey),
    valid.installationId,
  );
}
