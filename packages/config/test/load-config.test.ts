import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError, EX_CONFIG, loadConfig, withoutEmptyValues } from '../src';

const KEY_HEX = 'a'.repeat(64);
const TOKEN = 't'.repeat(40);

function problems(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the contract defaults for the webhook component', () => {
    const config = loadConfig('webhook', { COMPONENT_TYPE: 'webhook' });
    expect(config).toMatchObject({
      component: 'webhook',
      host: '0.0.0.0',
      port: 3332,
      log: { level: 'info', pretty: false },
      redis: { url: 'redis://127.0.0.1:6379', keyPrefix: 'kodus' },
      shutdownTimeoutMs: 10000,
    });
  });

  it('applies the contract defaults for api and worker', () => {
    const api = loadConfig('api', { COMPONENT_TYPE: 'api', API_ADMIN_TOKEN: TOKEN, ENCRYPTION_KEY: KEY_HEX });
    expect(api.port).toBe(3331);
    expect(api.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/kodus');
    expect(api.encryptionKey).toHaveLength(32);
    const worker = loadConfig('worker', { COMPONENT_TYPE: 'worker', ENCRYPTION_KEY: KEY_HEX });
    expect(worker.llm.provider).toBe('none');
    expect(worker.github.apiUrl).toBe('https://api.github.com');
    expect(worker.concurrency).toBe(2);
    expect(worker).toMatchObject({
      lockDurationMs: 30000,
      headLeaseTtlMs: 120000,
      deliverySweep: { intervalMs: 30000, ageMs: 60000 },
      databaseQueryTimeoutMs: 20000,
    });
  });

  it('names the build that runs (KODUS_VERSION, KODUS_REVISION), and refuses a label with spaces or markup', () => {
    expect(loadConfig('webhook', { COMPONENT_TYPE: 'webhook' }).build).toEqual({
      version: 'dev',
      revision: 'unknown',
    });
    const built = loadConfig('worker', {
      COMPONENT_TYPE: 'worker',
      ENCRYPTION_KEY: KEY_HEX,
      KODUS_VERSION: '1.4.0-rc.1+build.7',
      KODUS_REVISION: '0123abc',
    });
    expect(built.build).toEqual({ version: '1.4.0-rc.1+build.7', revision: '0123abc' });
    const text = problems(() =>
      loadConfig('api', {
        COMPONENT_TYPE: 'api',
        API_ADMIN_TOKEN: TOKEN,
        ENCRYPTION_KEY: KEY_HEX,
        KODUS_VERSION: '1.0 beta',
        KODUS_REVISION: '<b>',
      }),
    ).join('\n');
    expect(text).toMatch(/KODUS_VERSION must be 1-64 letters/);
    expect(text).toMatch(/KODUS_REVISION must be 1-64 letters/);
  });

  it('gives the api and the webhook handler the PostgreSQL query timeout too', () => {
    const api = loadConfig('api', {
      COMPONENT_TYPE: 'api',
      API_ADMIN_TOKEN: TOKEN,
      ENCRYPTION_KEY: KEY_HEX,
      DATABASE_QUERY_TIMEOUT_MS: '4000',
    });
    expect(api.databaseQueryTimeoutMs).toBe(4000);
    const webhook = loadConfig('webhook', { COMPONENT_TYPE: 'webhook', WEBHOOK_DELIVERY_LOG: 'postgres' });
    expect(webhook.databaseQueryTimeoutMs).toBe(20000);
    const text = problems(() =>
      loadConfig('webhook', { COMPONENT_TYPE: 'webhook', DATABASE_QUERY_TIMEOUT_MS: '600001' }),
    ).join('\n');
    expect(text).toContain('DATABASE_QUERY_TIMEOUT_MS must be between 1000 and 600000 (ms) (got "600001")');
  });

  describe('DATABASE_POOL_MAX', () => {
    const api = (env: Record<string, string> = {}) =>
      loadConfig('api', { COMPONENT_TYPE: 'api', API_ADMIN_TOKEN: TOKEN, ENCRYPTION_KEY: KEY_HEX, ...env });
    const webhook = (env: Record<string, string> = {}) =>
      loadConfig('webhook', { COMPONENT_TYPE: 'webhook', WEBHOOK_DELIVERY_LOG: 'postgres', ...env });
    const worker = (env: Record<string, string> = {}) =>
      loadConfig('worker', { COMPONENT_TYPE: 'worker', ENCRYPTION_KEY: KEY_HEX, ...env });

    it('unset or empty: 10 for the api and the webhook-handler, 2 × WORKER_CONCURRENCY + 2 for the worker', () => {
      const envs: Record<string, string>[] = [{}, { DATABASE_POOL_MAX: '' }, { DATABASE_POOL_MAX: '  ' }];
      for (const env of envs) {
        expect(api(env).databasePoolMax).toBe(10);
        expect(webhook(env).databasePoolMax).toBe(10);
        expect(worker(env)).toMatchObject({ databasePoolMax: 6, databasePoolWarning: undefined });
        expect(worker({ ...env, WORKER_CONCURRENCY: '8' }).databasePoolMax).toBe(18);
        expect(worker({ ...env, WORKER_CONCURRENCY: '64' }).databasePoolMax).toBe(130);
      }
    });

    it('sets every app pool, from 1 to 200', () => {
      expect(api({ DATABASE_POOL_MAX: '3' }).databasePoolMax).toBe(3);
      expect(webhook({ DATABASE_POOL_MAX: '1' }).databasePoolMax).toBe(1);
      expect(worker({ DATABASE_POOL_MAX: '200' }).databasePoolMax).toBe(200);
      expect(worker({ DATABASE_POOL_MAX: '3', WORKER_CONCURRENCY: '2' })).toMatchObject({
        databasePoolMax: 3,
        databasePoolWarning: undefined,
      });
    });

    it('warns (does not refuse) a worker pool below WORKER_CONCURRENCY + 1', () => {
      const small = worker({ DATABASE_POOL_MAX: '2', WORKER_CONCURRENCY: '4' });
      expect(small.databasePoolMax).toBe(2);
      expect(small.databasePoolWarning).toMatch(
        /^DATABASE_POOL_MAX=2 is below WORKER_CONCURRENCY \+ 1 \(5\)/,
      );
      expect(worker({ DATABASE_POOL_MAX: '1', WORKER_CONCURRENCY: '1' }).databasePoolWarning).toContain(
        'below WORKER_CONCURRENCY + 1 (2)',
      );
    });

    it.each([
      ['0', 'must be between 1 and 200 (connections per process) (got "0")'],
      ['201', 'must be between 1 and 200 (connections per process) (got "201")'],
      ['-5', 'must be between 1 and 200 (connections per process) (got "-5")'],
      ['2.5', 'must be a whole number of connections (got "2.5")'],
      ['ten', 'must be a number of connections (got "ten")'],
    ])('refuses %j in every app', (value, message) => {
      for (const load of [api, webhook, worker]) {
        expect(problems(() => load({ DATABASE_POOL_MAX: value }))).toContain(`DATABASE_POOL_MAX ${message}`);
      }
    });
  });

  it('reads the worker timers an operator (or a test) shortens, and refuses ones out of range', () => {
    const worker = loadConfig('worker', {
      COMPONENT_TYPE: 'worker',
      ENCRYPTION_KEY: KEY_HEX,
      WORKER_LOCK_DURATION_MS: '5000',
      WORKER_HEAD_LEASE_TTL_MS: '10000',
      WEBHOOK_DELIVERY_SWEEP_INTERVAL_MS: '1000',
      WEBHOOK_DELIVERY_SWEEP_AGE_MS: '3000',
      DATABASE_QUERY_TIMEOUT_MS: '2500',
    });
    expect(worker).toMatchObject({
      lockDurationMs: 5000,
      headLeaseTtlMs: 10000,
      deliverySweep: { intervalMs: 1000, ageMs: 3000 },
      databaseQueryTimeoutMs: 2500,
    });
    const text = problems(() =>
      loadConfig('worker', {
        COMPONENT_TYPE: 'worker',
        ENCRYPTION_KEY: KEY_HEX,
        WORKER_LOCK_DURATION_MS: '1000',
        WORKER_HEAD_LEASE_TTL_MS: '3600001',
        WEBHOOK_DELIVERY_SWEEP_INTERVAL_MS: 'soon',
        WEBHOOK_DELIVERY_SWEEP_AGE_MS: '1.5',
        DATABASE_QUERY_TIMEOUT_MS: '0',
      }),
    ).join('\n');
    expect(text).toContain('WORKER_LOCK_DURATION_MS must be between 5000 and 3600000 (ms) (got "1000")');
    expect(text).toContain('WORKER_HEAD_LEASE_TTL_MS must be between 5000 and 3600000 (ms) (got "3600001")');
    expect(text).toContain('WEBHOOK_DELIVERY_SWEEP_INTERVAL_MS must be a number of milliseconds');
    expect(text).toContain('WEBHOOK_DELIVERY_SWEEP_AGE_MS must be a whole number of milliseconds');
    expect(text).toContain('DATABASE_QUERY_TIMEOUT_MS must be between 1000 and 600000 (ms) (got "0")');
  });

  it('reads REVIEW_RETENTION_DAYS (unset or empty: history kept for good), refusing less than a month', () => {
    const worker = (env: Record<string, string>) =>
      loadConfig('worker', { COMPONENT_TYPE: 'worker', ENCRYPTION_KEY: KEY_HEX, ...env });
    expect(worker({}).retentionDays).toBeUndefined();
    expect(worker({ REVIEW_RETENTION_DAYS: '' }).retentionDays).toBeUndefined();
    expect(worker({ REVIEW_RETENTION_DAYS: '365' }).retentionDays).toBe(365);
    expect(problems(() => worker({ REVIEW_RETENTION_DAYS: '7' })).join('\n')).toContain(
      'REVIEW_RETENTION_DAYS must be between 31 and 36500',
    );
  });

  it('accepts a base64 encryption key and a GHES API URL', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const worker = loadConfig('worker', {
      COMPONENT_TYPE: 'worker',
      ENCRYPTION_KEY: key,
      GITHUB_API_URL: 'https://ghes.example.com/api/v3/',
    });
    expect(worker.encryptionKey.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(worker.github.apiUrl).toBe('https://ghes.example.com/api/v3');
  });

  it('gives the worker a Bitbucket access token (BITBUCKET_TOKEN) beside user + app password', () => {
    const worker = loadConfig('worker', {
      COMPONENT_TYPE: 'worker',
      ENCRYPTION_KEY: KEY_HEX,
      BITBUCKET_TOKEN: 'bb-access-token',
      BITBUCKET_API_URL: 'https://api.bitbucket.org/2.0/',
    });
    expect(worker.bitbucket).toEqual({ apiUrl: 'https://api.bitbucket.org/2.0', token: 'bb-access-token' });
  });

  it('treats empty values as unset', () => {
    const config = loadConfig('webhook', { COMPONENT_TYPE: 'webhook', WEBHOOK_PORT: '', LOG_LEVEL: ' ' });
    expect(config.port).toBe(3332);
    expect(config.log.level).toBe('info');
  });

  it('gives that rule to other readers of the variables (kodus review): empty and blank values dropped', () => {
    expect(
      withoutEmptyValues({ LLM_TIMEOUT_MS: '', LLM_MODEL: ' ', LLM_PROVIDER: 'none', X: undefined }),
    ).toEqual({
      LLM_PROVIDER: 'none',
    });
  });

  it('names every missing and invalid variable at once', () => {
    const found = problems(() =>
      loadConfig('worker', {
        COMPONENT_TYPE: 'worker',
        WORKER_CONCURRENCY: 'lots',
        LOG_LEVEL: 'verbose',
        REDIS_URL: 'http://nope',
        LLM_PROVIDER: 'openai',
        GITHUB_APP_ID: '123',
      }),
    );
    const text = found.join('\n');
    for (const name of [
      'ENCRYPTION_KEY',
      'WORKER_CONCURRENCY',
      'LOG_LEVEL',
      'REDIS_URL',
      'LLM_MODEL',
      'LLM_API_KEY',
      'GITHUB_APP_PRIVATE_KEY',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain('ENCRYPTION_KEY is required');
    expect(text).toContain('LOG_LEVEL must be one of');
    expect(text).toContain('"verbose"');
  });

  it('never echoes a secret value', () => {
    const secretUrl = 'http://user:hunter2-password@redis:6379';
    const found = problems(() =>
      loadConfig('api', {
        COMPONENT_TYPE: 'api',
        API_ADMIN_TOKEN: 'short-secret-value',
        ENCRYPTION_KEY: 'not-a-key-secret-value',
        REDIS_URL: secretUrl,
      }),
    ).join('\n');
    expect(found).toContain('API_ADMIN_TOKEN must be at least 32 characters');
    expect(found).toContain('ENCRYPTION_KEY must be 32 bytes');
    expect(found).toContain('REDIS_URL');
    expect(found).not.toContain('short-secret-value');
    expect(found).not.toContain('not-a-key-secret-value');
    expect(found).not.toContain('hunter2');
  });

  it('refuses a missing or wrong COMPONENT_TYPE with one clear line', () => {
    expect(problems(() => loadConfig('api', {}))).toEqual([
      'COMPONENT_TYPE is required: set COMPONENT_TYPE=api to run this app',
    ]);
    expect(problems(() => loadConfig('api', { COMPONENT_TYPE: 'worker' }))[0]).toMatch(
      /COMPONENT_TYPE is "worker" but this is the api app; refusing to start/,
    );
    expect(problems(() => loadConfig('api', { COMPONENT_TYPE: 'frontend' }))[0]).toMatch(
      /COMPONENT_TYPE must be one of webhook, api, worker/,
    );
  });

  it('checks ports, booleans and the drain timeout', () => {
    const text = problems(() =>
      loadConfig('webhook', {
        COMPONENT_TYPE: 'webhook',
        WEBHOOK_PORT: '70000',
        LOG_PRETTY: 'maybe',
        SHUTDOWN_TIMEOUT_MS: '5',
        AZURE_DEVOPS_WEBHOOK_USER: 'hook',
      }),
    ).join('\n');
    expect(text).toContain('WEBHOOK_PORT must be between 1 and 65535 (got "70000")');
    expect(text).toContain('LOG_PRETTY must be true or false');
    expect(text).toContain('SHUTDOWN_TIMEOUT_MS must be at least 1000');
    expect(text).toContain('AZURE_DEVOPS_WEBHOOK_PASSWORD is required when AZURE_DEVOPS_WEBHOOK_USER is set');
  });
});

describe('loadConfigOrExit', () => {
  it('prints one message to stderr and exits 78 without a stack trace', () => {
    const script = `require(${JSON.stringify(join(__dirname, '..', 'dist'))}).loadConfigOrExit('api');`;
    const result = spawnSync(process.execPath, ['-e', script], {
      env: { PATH: process.env.PATH, COMPONENT_TYPE: 'api', API_ADMIN_TOKEN: 'secret-but-too-short' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(EX_CONFIG);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^kodus api: invalid configuration \(2 problems\):\n/);
    expect(result.stderr).toContain('  - API_ADMIN_TOKEN must be at least 32 characters');
    expect(result.stderr).toContain('  - ENCRYPTION_KEY is required');
    expect(result.stderr).not.toContain('secret-but-too-short');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
