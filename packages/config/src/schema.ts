import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The whole environment of the operator contract, one zod schema per component.
 * Every variable is read here and nowhere else; apps receive the typed result.
 */

export const COMPONENT_TYPES = ['webhook', 'api', 'worker'] as const;
export type ComponentType = (typeof COMPONENT_TYPES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_HEARTBEAT_FILE = join(tmpdir(), 'kodus-worker.heartbeat');

export const LLM_PROVIDERS = ['none', 'openai', 'anthropic', 'google', 'openai-compatible'] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

/** Variables whose values must never appear in an error message or a log line. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'REDIS_URL',
  'DATABASE_URL',
  'GITHUB_WEBHOOK_SECRET',
  'GITLAB_WEBHOOK_TOKEN',
  'BITBUCKET_WEBHOOK_SECRET',
  'AZURE_DEVOPS_WEBHOOK_USER',
  'AZURE_DEVOPS_WEBHOOK_PASSWORD',
  'GITHUB_TOKEN',
  'GITHUB_APP_PRIVATE_KEY',
  'GITLAB_TOKEN',
  'BITBUCKET_TOKEN',
  'BITBUCKET_USERNAME',
  'BITBUCKET_APP_PASSWORD',
  'AZURE_DEVOPS_TOKEN',
  'LLM_API_KEY',
  'API_ADMIN_TOKEN',
  'ENCRYPTION_KEY',
]);

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a TCP port number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(fallback);

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);

/** A duration in milliseconds, as whole milliseconds within [min, max]. */
const milliseconds = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(min, `must be between ${min} and ${max} (ms)`)
    .max(max, `must be between ${min} and ${max} (ms)`)
    .default(fallback);

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: readonly string[], fallback?: string) => {
  const schema = z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );
  return fallback === undefined ? schema : schema.default(fallback);
};

const secret = (minLength: number, what: string) =>
  z.string({ error: `is required (${what})` }).min(minLength, `must be at least ${minLength} characters`);

/** 32 bytes given as 64 hex characters or as base64 (44 characters). */
const encryptionKey = z
  .string({ error: 'is required (32 random bytes as 64 hex characters or base64; `openssl rand -hex 32`)' })
  .transform((value, ctx) => {
    const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
    if (key.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(value) && key.toString('base64') !== value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be 32 bytes written as 64 hex characters or as base64 (`openssl rand -hex 32`)',
      });
      return z.NEVER;
    }
    return key;
  });

/** A version or a revision: what `/health/live`, the start line and `kodus_build_info` show. */
const buildLabel = (fallback: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_", "+" or "-"')
    .default(fallback);

const common = {
  COMPONENT_TYPE: z.enum(COMPONENT_TYPES),
  // Which build runs: the images set them from their VERSION and REVISION build arguments, pm2/deploy.sh
  // sets the revision of the release it deployed.
  KODUS_VERSION: buildLabel('dev'),
  KODUS_REVISION: buildLabel('unknown'),
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  LOG_PRETTY: bool(false),
  REDIS_URL: url(['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "_" or "-"')
    .default('kodus'),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(1000, 'must be at least 1000 (ms)')
    .max(600000, 'must be at most 600000 (ms)')
    .default(10000),
};

const database = {
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://postgres@127.0.0.1:5432/kodus'),
  // The app's PostgreSQL client gives up on a query that gets no answer after this (a half-open
  // connection); the server's own statement_timeout (15 s) stays.
  DATABASE_QUERY_TIMEOUT_MS: milliseconds(1_000, 600_000, 20_000),
};

/**
 * The most PostgreSQL connections one process opens (its pool's size). Unset: 10 for the api and the
 * webhook-handler, 2 × WORKER_CONCURRENCY + 2 for the worker (load-config.ts). Every process of every app
 * counts against the server's max_connections (README "PostgreSQL connections").
 */
const databasePool = {
  DATABASE_POOL_MAX: z.coerce
    .number({ error: 'must be a number of connections' })
    .int('must be a whole number of connections')
    .min(1, 'must be between 1 and 200 (connections per process)')
    .max(200, 'must be between 1 and 200 (connections per process)')
    .optional(),
};

const webhookShape = z.object({
  ...common,
  WEBHOOK_PORT: port(3332),
  // postgres: each delivery is recorded in PostgreSQL (DATABASE_URL) before its 202, so a Redis that
  // loses jobs cannot lose it (the worker re-enqueues it); none: Redis alone holds it.
  WEBHOOK_DELIVERY_LOG: z.enum(['none', 'postgres'], { error: 'must be none or postgres' }).default('none'),
  ...database,
  ...databasePool,
  GITHUB_WEBHOOK_SECRET: z.string().min(1).optional(),
  GITLAB_WEBHOOK_TOKEN: z.string().min(1).optional(),
  BITBUCKET_WEBHOOK_SECRET: z.string().min(1).optional(),
  AZURE_DEVOPS_WEBHOOK_USER: z.string().min(1).optional(),
  AZURE_DEVOPS_WEBHOOK_PASSWORD: z.string().min(1).optional(),
});

const apiShape = z.object({
  ...common,
  ...database,
  ...databasePool,
  API_PORT: port(3331),
  API_ADMIN_TOKEN: secret(32, 'bootstrap bearer token for the REST API, at least 32 characters'),
  ENCRYPTION_KEY: encryptionKey,
  // POST /reviews names an Azure DevOps repository `organization/project/repo`: this gives its collection URL.
  AZURE_DEVOPS_URL: url(['https:', 'http:'], 'https://dev.azure.com'),
});

const workerShape = z.object({
  ...common,
  ...database,
  ...databasePool,
  ENCRYPTION_KEY: encryptionKey,
  WORKER_CONCURRENCY: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 64')
    .max(64, 'must be between 1 and 64')
    .default(2),
  WORKER_HEARTBEAT_FILE: z.string().min(1).default(DEFAULT_HEARTBEAT_FILE),
  // Prometheus /metrics of the worker on this port (HOST interface); unset: no port at all.
  WORKER_METRICS_PORT: z.coerce
    .number({ error: 'must be a TCP port number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .optional(),
  // The review queue backlog as an AWS Embedded Metric Format log line every 60 s (ECS auto-scaling).
  WORKER_EMF_METRICS: bool(false),
  // One review's deadline: past it the attempt fails as retryable and frees its concurrency slot.
  REVIEW_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number of milliseconds')
    .min(1000, 'must be at least 1000 (ms)')
    .max(3600000, 'must be at most 3600000 (ms)')
    .default(300000),
  // How long a review job's lock lives unrenewed (BullMQ lockDuration; renewed every half of it): a worker
  // killed mid-review loses its jobs' locks after this, and BullMQ's stalled-job check hands them on.
  WORKER_LOCK_DURATION_MS: milliseconds(5_000, 3_600_000, 30_000),
  // How long a pull-request head stays leased to a review whose worker stopped renewing it (died, or lost
  // PostgreSQL mid-review and could not release it): another review of that head waits this long at most.
  WORKER_HEAD_LEASE_TTL_MS: milliseconds(5_000, 3_600_000, 120_000),
  // The delivery log's sweeper (WEBHOOK_DELIVERY_LOG=postgres), run by the worker: how often it looks for
  // recorded deliveries whose job Redis lost, and how old a delivery must be before it counts as lost
  // (a younger one may still be on its way into Redis).
  WEBHOOK_DELIVERY_SWEEP_INTERVAL_MS: milliseconds(1_000, 3_600_000, 30_000),
  WEBHOOK_DELIVERY_SWEEP_AGE_MS: milliseconds(1_000, 86_400_000, 60_000),
  // Review history kept, in days: older finished reviews (their suggestions and candidates), deliveries and
  // model calls (never the current month's, which budgets sum) are deleted by the worker. Unset: kept for good.
  REVIEW_RETENTION_DAYS: wholeNumber(31, 36_500).optional(),
  GITHUB_TOKEN: z.string().min(1).optional(),
  GITHUB_API_URL: url(['https:', 'http:'], 'https://api.github.com'),
  GITHUB_APP_ID: z.string().regex(/^\d+$/, 'must be the numeric GitHub App id').optional(),
  GITHUB_APP_PRIVATE_KEY: z.string().min(1).optional(),
  GITLAB_TOKEN: z.string().min(1).optional(),
  GITLAB_URL: url(['https:', 'http:'], 'https://gitlab.com'),
  BITBUCKET_TOKEN: z.string().min(1).optional(),
  BITBUCKET_USERNAME: z.string().min(1).optional(),
  BITBUCKET_APP_PASSWORD: z.string().min(1).optional(),
  BITBUCKET_API_URL: url(['https:', 'http:'], 'https://api.bitbucket.org/2.0'),
  AZURE_DEVOPS_TOKEN: z.string().min(1).optional(),
  AZURE_DEVOPS_URL: url(['https:', 'http:'], 'https://dev.azure.com'),
  LLM_PROVIDER: z
    .enum(LLM_PROVIDERS, { error: `must be one of ${LLM_PROVIDERS.join(', ')}` })
    .default('none'),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_BASE_URL: url(['https:', 'http:']).optional(),
  // Settings of the LLM review (packages/llm-review).
  LLM_FALLBACK_MODEL: z.string().min(1).optional(),
  // Unset: max(4, WORKER_CONCURRENCY), so no review slot waits for another's model call (load-config.ts).
  LLM_MAX_CONCURRENCY: wholeNumber(1, 64).optional(),
  LLM_TIMEOUT_MS: wholeNumber(1_000, 900_000).default(120_000),
  LLM_CONTEXT_WINDOW: wholeNumber(1_024, 10_000_000).optional(),
  LLM_MAX_INPUT_TOKENS: wholeNumber(1_024, 10_000_000).default(60_000),
  LLM_MAX_CALLS_PER_REVIEW: wholeNumber(1, 500).default(20),
  LLM_PRICES_FILE: z.string().min(1).optional(),
  // Spend per calendar month (UTC, summed from llm_calls) after which the LLM review is skipped with a note.
  LLM_MONTHLY_BUDGET_USD: z.coerce
    .number({ error: 'must be a number of US dollars' })
    .positive('must be more than 0')
    .max(1_000_000, 'must be at most 1000000')
    .optional(),
});

/** The migrate command: a one-off with no COMPONENT_TYPE, needing only the database and logging. */
export const migrateShape = z.object({
  LOG_LEVEL: common.LOG_LEVEL,
  LOG_PRETTY: common.LOG_PRETTY,
  ...database,
});

type Issue = { path: string; message: string };

type RawEnv = Readonly<Record<string, string>>;

function requireTogether(env: RawEnv, names: readonly string[], issues: Issue[]): void {
  const set = names.filter((n) => env[n] !== undefined);
  if (set.length > 0 && set.length < names.length) {
    for (const name of names.filter((n) => env[n] === undefined)) {
      issues.push({ path: name, message: `is required when ${set.join(' and ')} is set` });
    }
  }
}

/** Rules across variables, checked on the raw environment so they are reported with the per-variable ones. */
function workerCrossChecks(env: RawEnv): Issue[] {
  const issues: Issue[] = [];
  requireTogether(env, ['GITHUB_APP_ID', 'GITHUB_APP_PRIVATE_KEY'], issues);
  requireTogether(env, ['BITBUCKET_USERNAME', 'BITBUCKET_APP_PASSWORD'], issues);
  const provider = env.LLM_PROVIDER ?? 'none';
  if (provider !== 'none' && (LLM_PROVIDERS as readonly string[]).includes(provider)) {
    if (env.LLM_MODEL === undefined) {
      issues.push({ path: 'LLM_MODEL', message: `is required when LLM_PROVIDER=${provider}` });
    }
    if (provider === 'openai-compatible') {
      if (env.LLM_BASE_URL === undefined) {
        issues.push({ path: 'LLM_BASE_URL', message: 'is required when LLM_PROVIDER=openai-compatible' });
      }
    } else if (env.LLM_API_KEY === undefined) {
      issues.push({ path: 'LLM_API_KEY', message: `is required when LLM_PROVIDER=${provider}` });
    }
  }
  return issues;
}

function webhookCrossChecks(env: RawEnv): Issue[] {
  const issues: Issue[] = [];
  requireTogether(env, ['AZURE_DEVOPS_WEBHOOK_USER', 'AZURE_DEVOPS_WEBHOOK_PASSWORD'], issues);
  return issues;
}

export const schemas = {
  webhook: { shape: webhookShape, crossChecks: webhookCrossChecks },
  api: { shape: apiShape, crossChecks: (_env: RawEnv): Issue[] => [] },
  worker: { shape: workerShape, crossChecks: workerCrossChecks },
} as const;

/** Every variable any component reads, for documentation checks. */
export const ALL_VARIABLES: readonly string[] = [
  ...new Set([
    ...Object.keys(webhookShape.shape),
    ...Object.keys(apiShape.shape),
    ...Object.keys(workerShape.shape),
  ]),
];

export type WebhookEnv = z.infer<typeof webhookShape>;
export type MigrateEnv = z.infer<typeof migrateShape>;
export type ApiEnv = z.infer<typeof apiShape>;
export type WorkerEnv = z.infer<typeof workerShape>;
export type { Issue };
