import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AppName,
  type AppProcess,
  createTestDatabase,
  GithubStandIn,
  githubSignature,
  PrivateRedis,
  REPO_ROOT,
  startApp,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  waitFor,
  waitForStatus,
} from '@kodus/test-helpers';
import pg from 'pg';
import { TcpProxy } from './tcp-proxy';

export interface StackOptions {
  label: string;
  /** Redis the apps use (a PrivateRedis the scenario restarts, say). Default: a private one of the stack's own. */
  redisUrl?: string;
  /** Put a TCP proxy between the apps and PostgreSQL (`stack.postgresProxy`). */
  proxyPostgres?: boolean;
  /** Put a TCP proxy between the worker and the GitHub stand-in (`stack.githubProxy`, for latency). */
  proxyGithub?: boolean;
  /** Extra environment for every app (timeouts, opt-ins). */
  env?: Record<string, string>;
}

/** One app process the stack started, by role; every one's output is kept for the secret grep. */
export interface StackApp {
  name: AppName;
  process: AppProcess;
  baseUrl: string;
}

/**
 * A whole Kodus deployment for one chaos scenario: its own database (reached through a password the
 * trust-authenticated test server ignores, so the password is a secret in the environment like any
 * other), its own Redis key prefix, a GitHub stand-in, fresh credentials, and the three built apps as
 * real processes. Every process ever started is kept, so its logs can be searched for the secrets.
 */
export class KodusStack {
  readonly apps: StackApp[] = [];
  readonly github: GithubStandIn;
  readonly webhookSecret = `whsec-${randomBytes(16).toString('hex')}`;
  readonly githubToken = `ghp_${randomBytes(18).toString('hex')}`;
  readonly databasePassword = `pw-${randomBytes(12).toString('hex')}`;
  readonly secrets = testSecrets();
  readonly prefix: string;
  postgresProxy: TcpProxy | undefined;
  githubProxy: TcpProxy | undefined;
  private database: TestDatabase | undefined;
  private scratch = mkdtempSync(join(tmpdir(), 'kodus-chaos-'));
  private sql: pg.Pool | undefined;
  private redis: PrivateRedis | undefined;

  constructor(private readonly options: StackOptions) {
    this.prefix = uniquePrefix(options.label);
    // The stand-in accepts only this run's token.
    this.github = new GithubStandIn({ tokens: { [this.githubToken]: 'kodus-bot' } });
  }

  /** Every value that must never reach a log line. */
  get secretValues(): Record<string, string> {
    return {
      GITHUB_TOKEN: this.githubToken,
      GITHUB_WEBHOOK_SECRET: this.webhookSecret,
      API_ADMIN_TOKEN: this.secrets.API_ADMIN_TOKEN,
      ENCRYPTION_KEY: this.secrets.ENCRYPTION_KEY,
      DATABASE_PASSWORD: this.databasePassword,
    };
  }

  /** Creates and migrates the database and starts the stand-in (and proxies); no app yet. */
  async prepare(): Promise<this> {
    this.database = await createTestDatabase(`chaos_${this.options.label}`);
    if (this.options.redisUrl === undefined) this.redis = await PrivateRedis.start();
    await this.github.start();
    const direct = new URL(this.database.url);
    if (this.options.proxyPostgres === true) {
      this.postgresProxy = await TcpProxy.start({ port: Number(direct.port || 5432) });
    }
    if (this.options.proxyGithub === true) {
      this.githubProxy = await TcpProxy.start({ port: Number(new URL(this.github.origin).port) });
    }
    const migrated = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'packages', 'persistence', 'dist', 'migrate-command.js')],
      { env: { PATH: process.env.PATH ?? '', DATABASE_URL: this.databaseUrl(false), LOG_LEVEL: 'warn' } },
    );
    if (migrated.status !== 0) throw new Error(`migrate failed: ${String(migrated.stderr)}`);
    this.sql = new pg.Pool({ connectionString: this.database.url, max: 2 });
    // An idle connection ended by the server (a drop, another test's terminate) is simply replaced.
    this.sql.on('error', () => undefined);
    return this;
  }

  /** The database URL with this run's password; through the proxy when `viaProxy`. */
  databaseUrl(viaProxy = true): string {
    if (this.database === undefined) throw new Error('prepare() the stack first');
    const url = new URL(this.database.url);
    url.username = 'postgres';
    url.password = this.databasePassword;
    if (viaProxy && this.postgresProxy !== undefined) url.port = String(this.postgresProxy.port);
    return url.toString();
  }

  get githubApiUrl(): string {
    return this.githubProxy === undefined ? this.github.url : `http://127.0.0.1:${this.githubProxy.port}`;
  }

  /** The environment every app gets. */
  environment(extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...this.secrets,
      REDIS_URL: this.options.redisUrl ?? this.redis?.url ?? '',
      REDIS_KEY_PREFIX: this.prefix,
      DATABASE_URL: this.databaseUrl(),
      GITHUB_WEBHOOK_SECRET: this.webhookSecret,
      GITHUB_TOKEN: this.githubToken,
      GITHUB_API_URL: this.githubApiUrl,
      WORKER_HEARTBEAT_FILE: join(this.scratch, `${randomUUID()}.heartbeat`),
      SHUTDOWN_TIMEOUT_MS: '15000',
      LOG_LEVEL: 'debug',
      ...this.options.env,
      ...extra,
    };
  }

  /** Starts an app (a second worker, a restarted one, ...) and waits until it is ready. */
  async start(name: AppName, extra: Record<string, string> = {}): Promise<StackApp> {
    const started = await startApp(name, this.environment(extra));
    const app: StackApp = { name, process: started.process, baseUrl: started.baseUrl };
    this.apps.push(app);
    if (name === 'worker') {
      await app.process.waitForLog((line) => line.msg === 'worker started', 60000);
    } else {
      await waitForStatus(`${app.baseUrl}/health/ready`, 200, 60000);
    }
    return app;
  }

  /** The latest running app of that name. */
  app(name: AppName): StackApp {
    const app = [...this.apps].reverse().find((a) => a.name === name);
    if (app === undefined) throw new Error(`no ${name} started`);
    return app;
  }

  /** A signed GitHub delivery of `payload`; the status, or 0 when nothing answered. */
  async deliver(
    payload: unknown,
    options: { deliveryId?: string; event?: string; timeoutMs?: number } = {},
  ): Promise<{ status: number; body: unknown }> {
    const body = JSON.stringify(payload);
    try {
      const response = await fetch(`${this.app('webhook-handler').baseUrl}/webhooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': options.event ?? 'pull_request',
          'x-github-delivery': options.deliveryId ?? randomUUID(),
          'x-hub-signature-256': this.sign(body),
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 15000),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    } catch {
      return { status: 0, body: undefined };
    }
  }

  sign(body: string | Buffer, secret = this.webhookSecret): string {
    return githubSignature(body, secret);
  }

  /** Review rows, straight from PostgreSQL (not through the apps, which may be cut off from it). */
  async reviewRows(): Promise<ReviewRow[]> {
    if (this.sql === undefined) throw new Error('prepare() the stack first');
    const result = await this.sql.query<ReviewRow>(
      `SELECT repository, pull_request AS "pullRequest", head_sha AS "headSha", delivery_id AS "deliveryId",
              status, status_reason AS "statusReason", attempts
         FROM reviews ORDER BY created_at`,
    );
    return result.rows;
  }

  /** Waits until `done(rows)` holds. */
  async waitForRows(
    what: string,
    done: (rows: ReviewRow[]) => boolean,
    timeoutMs = 120000,
  ): Promise<ReviewRow[]> {
    return waitFor(
      what,
      async () => {
        const rows = await this.reviewRows();
        return done(rows) ? rows : undefined;
      },
      { timeoutMs, intervalMs: 250 },
    );
  }

  /** Every line of every app's stdout and stderr that holds one of the secrets. */
  secretLeaks(): { linesScanned: number; leaks: string[] } {
    const leaks: string[] = [];
    let linesScanned = 0;
    for (const app of this.apps) {
      for (const line of `${app.process.stdout}\n${app.process.stderr}`.split('\n')) {
        linesScanned += 1;
        for (const [name, value] of Object.entries(this.secretValues)) {
          if (line.includes(value)) leaks.push(`${app.name} leaks ${name}: ${line.slice(0, 300)}`);
        }
      }
    }
    return { linesScanned, leaks };
  }

  /** Stops every app still running (SIGKILL: a scenario's end, not a drain test) and tears down. */
  async stop(): Promise<void> {
    for (const app of this.apps) app.process.kill();
    await this.sql?.end();
    await this.postgresProxy?.stop();
    await this.githubProxy?.stop();
    await this.github.stop();
    await this.redis?.stop();
    await this.database?.drop();
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

export interface ReviewRow {
  repository: string;
  pullRequest: number;
  headSha: string | null;
  deliveryId: string;
  status: 'queued' | 'running' | 'completed' | 'failed' | 'skipped';
  statusReason: string | null;
  attempts: number;
}
