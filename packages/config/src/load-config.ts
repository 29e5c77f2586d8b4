import {
  type ApiEnv,
  type ComponentType,
  type Issue,
  type LlmProvider,
  type LogLevel,
  type MigrateEnv,
  type WebhookEnv,
  type WorkerEnv,
  COMPONENT_TYPES,
  DEFAULT_HEARTBEAT_FILE,
  migrateShape,
  SECRET_VARIABLES,
  schemas,
} from './schema';

/** Exit status for a configuration error (sysexits.h EX_CONFIG). */
export const EX_CONFIG = 78;

/** The PostgreSQL pool of an api or webhook-handler process when DATABASE_POOL_MAX is unset. */
export const DEFAULT_HTTP_DATABASE_POOL_MAX = 10;

/** The worker's PostgreSQL pool when DATABASE_POOL_MAX is unset: room for every review slot's statements. */
export function defaultWorkerDatabasePoolMax(concurrency: number): number {
  return 2 * concurrency + 2;
}

export interface BaseConfig {
  component: ComponentType;
  nodeEnv: 'production' | 'development' | 'test';
  host: string;
  log: { level: LogLevel; pretty: boolean };
  redis: { url: string; keyPrefix: string };
  /** How long a drain may take after SIGTERM/SIGINT before the process gives up and exits non-zero. */
  shutdownTimeoutMs: number;
  /** The build that runs (KODUS_VERSION, KODUS_REVISION). */
  build: { version: string; revision: string };
}

export interface WebhookConfig extends BaseConfig {
  component: 'webhook';
  port: number;
  webhookSecrets: {
    github?: string;
    gitlab?: string;
    bitbucket?: string;
    azureDevOps?: { user: string; password: string };
  };
  /** `postgres`: deliveries are recorded in PostgreSQL before their 202 (at-least-once across a Redis loss). */
  deliveryLog: 'none' | 'postgres';
  /** Used only when `deliveryLog` is `postgres`. */
  databaseUrl: string;
  /** The most PostgreSQL connections this process opens (DATABASE_POOL_MAX, default 10; with `postgres` only). */
  databasePoolMax: number;
  /** The client-side timeout of one PostgreSQL query (DATABASE_QUERY_TIMEOUT_MS). */
  databaseQueryTimeoutMs: number;
}

export interface ApiConfig extends BaseConfig {
  component: 'api';
  port: number;
  databaseUrl: string;
  /** The most PostgreSQL connections this process opens (DATABASE_POOL_MAX, default 10). */
  databasePoolMax: number;
  /** The client-side timeout of one PostgreSQL query (DATABASE_QUERY_TIMEOUT_MS). */
  databaseQueryTimeoutMs: number;
  adminToken: string;
  encryptionKey: Buffer;
  /** The Azure DevOps organization or collection URL manual reviews address repositories under. */
  azureDevOps: { url: string };
}

export interface WorkerConfig extends BaseConfig {
  component: 'worker';
  databaseUrl: string;
  /** The most PostgreSQL connections this process opens (DATABASE_POOL_MAX, default 2 × concurrency + 2). */
  databasePoolMax: number;
  /**
   * Set when DATABASE_POOL_MAX leaves fewer connections than review slots plus one: the worker still works
   * (no review holds a connection between its statements) but says so at start.
   */
  databasePoolWarning: string | undefined;
  encryptionKey: Buffer;
  concurrency: number;
  heartbeatFile: string;
  /** Port of the worker's Prometheus /metrics; undefined: not served. */
  metricsPort: number | undefined;
  /** Print the queue backlog as an AWS Embedded Metric Format line every 60 s. */
  emfMetrics: boolean;
  /** One review attempt's deadline (REVIEW_TIMEOUT_MS). */
  reviewTimeoutMs: number;
  /** A review job's BullMQ lock duration (WORKER_LOCK_DURATION_MS): how soon a killed worker's jobs return. */
  lockDurationMs: number;
  /** How long an unrenewed head lease holds other reviews of that head back (WORKER_HEAD_LEASE_TTL_MS). */
  headLeaseTtlMs: number;
  /** The delivery log's sweeper: how often it runs, and the age after which a delivery not in Redis is lost. */
  deliverySweep: { intervalMs: number; ageMs: number };
  /** REVIEW_RETENTION_DAYS: review history older than this is deleted; undefined: kept for good. */
  retentionDays: number | undefined;
  /** The client-side timeout of one PostgreSQL query (DATABASE_QUERY_TIMEOUT_MS). */
  databaseQueryTimeoutMs: number;
  github: { apiUrl: string; token?: string; app?: { id: string; privateKey: string } };
  gitlab: { url: string; token?: string };
  bitbucket: { apiUrl: string; token?: string; credentials?: { username: string; appPassword: string } };
  azureDevOps: { url: string; token?: string };
  llm: {
    provider: LlmProvider;
    model?: string;
    apiKey?: string;
    baseUrl?: string;
    fallbackModel?: string;
    maxConcurrency: number;
    timeoutMs: number;
    contextWindow?: number;
    maxInputTokens: number;
    maxCallsPerReview: number;
    pricesFile?: string;
    monthlyBudgetUsd?: number;
  };
}

export interface ConfigByComponent {
  webhook: WebhookConfig;
  api: ApiConfig;
  worker: WorkerConfig;
}

export type AnyConfig = ConfigByComponent[ComponentType];

export interface MigrateConfig {
  log: { level: LogLevel; pretty: boolean };
  databaseUrl: string;
}

/** Thrown by {@link loadConfig}; `problems` names every bad variable, never a secret's value. */
export class ConfigError extends Error {
  constructor(
    readonly component: ComponentType | 'migrate',
    readonly problems: readonly string[],
  ) {
    super(
      `kodus ${component}: invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * `VAR=` in a .env file or an unset compose interpolation means "not set", not "empty value": the
 * environment without its empty (or blank) values. Every reader of the operator's variables applies it
 * (the apps here, `kodus review` in @kodus/cli), so a variable means the same wherever it is read.
 */
export function withoutEmptyValues(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') out[key] = value;
  }
  return out;
}

function describe(issue: Issue, env: Record<string, string>): string {
  const value = env[issue.path];
  const shown =
    value === undefined || SECRET_VARIABLES.has(issue.path) ? '' : ` (got ${JSON.stringify(value)})`;
  if (value === undefined && /expected .*, received undefined/.test(issue.message)) {
    return `${issue.path} is required`;
  }
  return `${issue.path} ${issue.message}${shown}`;
}

function parse<C extends ComponentType>(component: C, env: Record<string, string>): ConfigByComponent[C] {
  const declared = env.COMPONENT_TYPE;
  if (declared !== component) {
    const why =
      declared === undefined
        ? `COMPONENT_TYPE is required: set COMPONENT_TYPE=${component} to run this app`
        : (COMPONENT_TYPES as readonly string[]).includes(declared)
          ? `COMPONENT_TYPE is ${JSON.stringify(declared)} but this is the ${component} app; refusing to start (set COMPONENT_TYPE=${component})`
          : `COMPONENT_TYPE must be one of ${COMPONENT_TYPES.join(', ')} (got ${JSON.stringify(declared)}); this is the ${component} app`;
    throw new ConfigError(component, [why]);
  }
  const { shape, crossChecks } = schemas[component];
  const result = shape.safeParse(env);
  const issues: Issue[] = result.success
    ? []
    : result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  issues.push(...crossChecks(env));
  if (!result.success || issues.length > 0) {
    throw new ConfigError(
      component,
      dedupe(issues).map((i) => describe(i, env)),
    );
  }
  return toConfig(result.data) as ConfigByComponent[C];
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => (seen.has(i.path) ? false : (seen.add(i.path), true)));
}

function base(env: WebhookEnv | ApiEnv | WorkerEnv): Omit<BaseConfig, 'component'> {
  return {
    nodeEnv: env.NODE_ENV,
    host: env.HOST,
    log: { level: env.LOG_LEVEL, pretty: env.LOG_PRETTY },
    redis: { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    build: { version: env.KODUS_VERSION, revision: env.KODUS_REVISION },
  };
}

function toConfig(env: WebhookEnv | ApiEnv | WorkerEnv): AnyConfig {
  switch (env.COMPONENT_TYPE) {
    case 'webhook': {
      const e = env as WebhookEnv;
      return {
        ...base(e),
        component: 'webhook',
        port: e.WEBHOOK_PORT,
        webhookSecrets: {
          github: e.GITHUB_WEBHOOK_SECRET,
          gitlab: e.GITLAB_WEBHOOK_TOKEN,
          bitbucket: e.BITBUCKET_WEBHOOK_SECRET,
          azureDevOps:
            e.AZURE_DEVOPS_WEBHOOK_USER !== undefined && e.AZURE_DEVOPS_WEBHOOK_PASSWORD !== undefined
              ? { user: e.AZURE_DEVOPS_WEBHOOK_USER, password: e.AZURE_DEVOPS_WEBHOOK_PASSWORD }
              : undefined,
        },
        deliveryLog: e.WEBHOOK_DELIVERY_LOG,
        databaseUrl: e.DATABASE_URL,
        databasePoolMax: e.DATABASE_POOL_MAX ?? DEFAULT_HTTP_DATABASE_POOL_MAX,
        databaseQueryTimeoutMs: e.DATABASE_QUERY_TIMEOUT_MS,
      };
    }
    case 'api': {
      const e = env as ApiEnv;
      return {
        ...base(e),
        component: 'api',
        port: e.API_PORT,
        databaseUrl: e.DATABASE_URL,
        databasePoolMax: e.DATABASE_POOL_MAX ?? DEFAULT_HTTP_DATABASE_POOL_MAX,
        databaseQueryTimeoutMs: e.DATABASE_QUERY_TIMEOUT_MS,
        adminToken: e.API_ADMIN_TOKEN,
        encryptionKey: e.ENCRYPTION_KEY,
        azureDevOps: { url: e.AZURE_DEVOPS_URL.replace(/\/+$/, '') },
      };
    }
    case 'worker': {
      const e = env as WorkerEnv;
      return {
        ...base(e),
        component: 'worker',
        databaseUrl: e.DATABASE_URL,
        databasePoolMax: e.DATABASE_POOL_MAX ?? defaultWorkerDatabasePoolMax(e.WORKER_CONCURRENCY),
        databasePoolWarning: workerPoolWarning(e.DATABASE_POOL_MAX, e.WORKER_CONCURRENCY),
        encryptionKey: e.ENCRYPTION_KEY,
        concurrency: e.WORKER_CONCURRENCY,
        heartbeatFile: e.WORKER_HEARTBEAT_FILE,
        metricsPort: e.WORKER_METRICS_PORT,
        emfMetrics: e.WORKER_EMF_METRICS,
        reviewTimeoutMs: e.REVIEW_TIMEOUT_MS,
        lockDurationMs: e.WORKER_LOCK_DURATION_MS,
        headLeaseTtlMs: e.WORKER_HEAD_LEASE_TTL_MS,
        deliverySweep: {
          intervalMs: e.WEBHOOK_DELIVERY_SWEEP_INTERVAL_MS,
          ageMs: e.WEBHOOK_DELIVERY_SWEEP_AGE_MS,
        },
        retentionDays: e.REVIEW_RETENTION_DAYS,
        databaseQueryTimeoutMs: e.DATABASE_QUERY_TIMEOUT_MS,
        github: {
          apiUrl: e.GITHUB_API_URL.replace(/\/+$/, ''),
          token: e.GITHUB_TOKEN,
          app:
            e.GITHUB_APP_ID !== undefined && e.GITHUB_APP_PRIVATE_KEY !== undefined
              ? { id: e.GITHUB_APP_ID, privateKey: e.GITHUB_APP_PRIVATE_KEY }
              : undefined,
        },
        gitlab: { url: e.GITLAB_URL.replace(/\/+$/, ''), token: e.GITLAB_TOKEN },
        bitbucket: {
          apiUrl: e.BITBUCKET_API_URL.replace(/\/+$/, ''),
          token: e.BITBUCKET_TOKEN,
          credentials:
            e.BITBUCKET_USERNAME !== undefined && e.BITBUCKET_APP_PASSWORD !== undefined
              ? { username: e.BITBUCKET_USERNAME, appPassword: e.BITBUCKET_APP_PASSWORD }
              : undefined,
        },
        azureDevOps: { url: e.AZURE_DEVOPS_URL.replace(/\/+$/, ''), token: e.AZURE_DEVOPS_TOKEN },
        llm: {
          provider: e.LLM_PROVIDER,
          model: e.LLM_MODEL,
          apiKey: e.LLM_API_KEY,
          baseUrl: e.LLM_BASE_URL,
          fallbackModel: e.LLM_FALLBACK_MODEL,
          maxConcurrency: e.LLM_MAX_CONCURRENCY ?? Math.max(4, e.WORKER_CONCURRENCY),
          timeoutMs: e.LLM_TIMEOUT_MS,
          contextWindow: e.LLM_CONTEXT_WINDOW,
          maxInputTokens: e.LLM_MAX_INPUT_TOKENS,
          maxCallsPerReview: e.LLM_MAX_CALLS_PER_REVIEW,
          pricesFile: e.LLM_PRICES_FILE,
          monthlyBudgetUsd: e.LLM_MONTHLY_BUDGET_USD,
        },
      };
    }
  }
}

/**
 * The worker's statements are short and none holds a connection across another (the head lock is a lease
 * row, no transaction spans a provider or model call), so any pool works: a smaller one makes statements
 * wait their turn. Below one connection per review slot plus one (the delivery sweeper, lease renewals,
 * the readiness check) reviews wait on one another, and a statement left waiting past the pool's connect
 * timeout (5 s) fails its attempt (retried later): worth a warning, not a refusal.
 */
function workerPoolWarning(poolMax: number | undefined, concurrency: number): string | undefined {
  if (poolMax === undefined || poolMax >= concurrency + 1) return undefined;
  return (
    `DATABASE_POOL_MAX=${poolMax} is below WORKER_CONCURRENCY + 1 (${concurrency + 1}): the ${concurrency} ` +
    `review slots wait for one another's PostgreSQL statements, and one left waiting over 5 s fails its ` +
    `attempt (retried later); raise DATABASE_POOL_MAX or lower WORKER_CONCURRENCY`
  );
}

/** Parse the environment for one component; throws {@link ConfigError} naming every bad variable. */
export function loadConfig<C extends ComponentType>(
  component: C,
  env: Env = process.env,
): ConfigByComponent[C] {
  return parse(component, withoutEmptyValues(env));
}

/**
 * What every app's main calls first: parse once, or print ONE message naming every bad variable
 * to stderr and exit 78 (EX_CONFIG) — no stack trace, no secret value.
 */
export function loadConfigOrExit<C extends ComponentType>(
  component: C,
  env: Env = process.env,
): ConfigByComponent[C] {
  try {
    return loadConfig(component, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EX_CONFIG);
    }
    throw error;
  }
}

/** The migrate command's configuration (DATABASE_URL, LOG_LEVEL, LOG_PRETTY); exits 78 when invalid. */
export function loadMigrateConfigOrExit(env: Env = process.env): MigrateConfig {
  const raw = withoutEmptyValues(env);
  const result = migrateShape.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      message: i.message,
    }));
    process.stderr.write(
      `${
        new ConfigError(
          'migrate',
          dedupe(issues).map((i) => describe(i, raw)),
        ).message
      }\n`,
    );
    process.exit(EX_CONFIG);
  }
  const e: MigrateEnv = result.data;
  return { log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY }, databaseUrl: e.DATABASE_URL };
}

/**
 * The worker's heartbeat file from the environment alone, for its health command: that command must
 * not need the worker's whole configuration (an operator runs it from a shell without COMPONENT_TYPE).
 */
export function workerHeartbeatFile(env: Env = process.env): string {
  const value = env.WORKER_HEARTBEAT_FILE?.trim();
  return value === undefined || value === '' ? DEFAULT_HEARTBEAT_FILE : value;
}
