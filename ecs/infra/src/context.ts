import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import { PROVIDER_TABLE, PROVIDERS } from './providers';

/**
 * Every value the stack reads from CDK context (`cdk.json`, `cdk.context.json` or `-c key=value`),
 * validated once. The CLI passes `-c` values as strings, cdk.json as JSON: numbers and lists accept both.
 * Values that differ per AWS account (VPC, listener, host names, image tag) have no default, so a
 * synthesis never carries a placeholder into a deploy.
 */

const RETENTION_DAYS = new Set<number>(
  Object.values(RetentionDays).filter((value): value is number => typeof value === 'number'),
);

const count = (min: number) => z.coerce.number().int().min(min);
const list = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : value,
  z.array(z.string().min(1)).min(1),
);

const oneOf = (names: readonly string[], what: string) =>
  z.string().refine((name) => names.includes(name), `${what}: one of ${names.join(', ')}`);
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });

const LISTENER_ARN =
  /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/app\/[^/]+\/[^/]+\/[^/]+$/;
const HOST_NAME = /^[a-z0-9*]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;

const contextFields = z.object({
  // Where the hosts live: an existing VPC, its private subnets and their availability zones.
  vpcId: z.string().regex(/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/, 'a VPC id'),
  subnetIds: list.pipe(z.array(z.string().regex(/^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/, 'subnet ids'))),
  availabilityZones: list,
  // The existing Application Load Balancer: one listener (usually HTTPS :443) and its security group.
  albListenerArn: z.string().regex(LISTENER_ARN, 'an ALB listener ARN (…:listener/app/<name>/<id>/<id>)'),
  albSecurityGroupId: z.string().regex(/^sg-([0-9a-f]{8}|[0-9a-f]{17})$/, 'a security group id'),
  webhookHost: z.string().regex(HOST_NAME, 'a host name'),
  apiHost: z.string().regex(HOST_NAME, 'a host name'),
  webhookRulePriority: count(1).max(50000).default(100),
  apiRulePriority: count(1).max(50000).default(110),
  // The images every task runs: one tag for the three repositories (a commit, never `latest`).
  // The PM2 host during the move (ecs/README.md): its app ports join the target groups, so the new
  // listener rules never point at an empty group. Remove it once every app is cut over.
  pm2InstanceId: z
    .string()
    .regex(/^i-([0-9a-f]{8}|[0-9a-f]{17})$/, 'an EC2 instance id')
    .optional(),
  imageTag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'an image tag'),
  clusterName: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .default('kodus'),
  ssmPrefix: z
    .string()
    .regex(/^(\/[A-Za-z0-9_.-]+)+$/, 'a parameter path such as /kodus')
    .default('/kodus'),
  /** Customer-managed KMS key of the SecureString parameters; unset: the AWS-managed aws/ssm key. */
  secretsKmsKeyArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]+$/)
    .optional(),
  logRetentionDays: z.coerce
    .number()
    .int()
    .refine(
      (days) => RETENTION_DAYS.has(days),
      'one of CloudWatch Logs retention periods (1, 3, 5, 7, 14, 30…)',
    )
    .default(30),
  imagesToKeep: count(1).max(1000).default(30),
  instanceType: z
    .string()
    .regex(/^[a-z0-9-]+\.[a-z0-9]+$/)
    .default('t3.medium'),
  hostsMin: count(0).default(1),
  hostsMax: count(1).default(4),
  // Auto-scaling. Minimum tasks default to the service templates' desiredCount.
  webhookHandlerMinTasks: count(1).optional(),
  webhookHandlerMaxTasks: count(1).default(6),
  apiRestMinTasks: count(1).optional(),
  apiRestMaxTasks: count(1).default(4),
  // At least one worker: the backlog per task divides by the running task count.
  workerMinTasks: count(1).optional(),
  workerMaxTasks: count(1).default(10),
  cpuTargetPercent: count(10).max(95).default(60),
  requestsPerTargetPerMinute: count(1).default(600),
  workerBacklogPerTask: count(1).default(10),
  // Holds every desired count where an operator (or the move tool's rollback) puts it.
  suspendScaling: flag.default(false),
  // The Git providers reviewed (render.mjs --providers): each adds its SSM secrets and settings.
  providers: list
    .pipe(z.array(oneOf(PROVIDERS, 'a provider')))
    .transform((names) => PROVIDERS.filter((name) => names.includes(name)))
    .default(['github']),
  gitlabUrl: httpUrl.optional(),
  bitbucketApiUrl: httpUrl.optional(),
  azureDevopsUrl: httpUrl.optional(),
  // The worker's LLM review (render.mjs --llm): off by default.
  llmProvider: oneOf(PROVIDER_TABLE.llmProviders, 'an LLM provider').default('none'),
  llmModel: z.string().min(1).optional(),
  llmBaseUrl: httpUrl.optional(),
  llmMonthlyBudgetUsd: z.coerce.number().positive().optional(),
  /** Whether the worker reads LLM_API_KEY from SSM; default: every provider but openai-compatible. */
  llmWithApiKey: flag.optional(),
});

export const contextSchema = contextFields
  .refine((context) => context.hostsMin <= context.hostsMax, {
    message: 'hostsMin must not exceed hostsMax',
    path: ['hostsMin'],
  })
  .refine((context) => context.subnetIds.length % context.availabilityZones.length === 0, {
    message: 'give one subnet per availability zone (subnetIds and availabilityZones in the same order)',
    path: ['subnetIds'],
  })
  .refine((context) => context.webhookRulePriority !== context.apiRulePriority, {
    message: 'the two listener rules need different priorities',
    path: ['apiRulePriority'],
  })
  .refine((context) => context.llmProvider === 'none' || context.llmModel !== undefined, {
    message: 'required when llmProvider is not none',
    path: ['llmModel'],
  })
  .refine((context) => context.llmProvider !== 'openai-compatible' || context.llmBaseUrl !== undefined, {
    message: 'required when llmProvider is openai-compatible',
    path: ['llmBaseUrl'],
  });

export type InfraContext = z.infer<typeof contextSchema>;

export class ContextError extends Error {}

/** The validated context; throws one error naming every missing or invalid key. */
export function parseContext(lookup: (key: string) => unknown, keys: readonly string[]): InfraContext {
  const raw: Record<string, unknown> = {};
  for (const key of keys) {
    const value = lookup(key);
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const result = contextSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(context)';
    const missing = issue.code === 'invalid_type' && raw[key] === undefined;
    return `${key}: ${missing ? 'required' : issue.message}`;
  });
  throw new ContextError(
    `invalid CDK context (pass -c key=value or set it in cdk.json):\n  ${problems.join('\n  ')}`,
  );
}

/** Every context key the stack reads. */
export const CONTEXT_KEYS: readonly string[] = Object.keys(contextFields.shape);

/** Minimum and maximum task counts of one app's service (its name as in ecs/services/<app>.json). */
export function taskBounds(context: InfraContext, app: string, templateDesiredCount: number) {
  const bounds: Record<string, [number | undefined, number]> = {
    'webhook-handler': [context.webhookHandlerMinTasks, context.webhookHandlerMaxTasks],
    'api-rest': [context.apiRestMinTasks, context.apiRestMaxTasks],
    worker: [context.workerMinTasks, context.workerMaxTasks],
  };
  const entry = bounds[app];
  if (!entry) throw new ContextError(`no task bounds for service ${app}`);
  const min = entry[0] ?? Math.max(1, templateDesiredCount);
  if (min > entry[1]) throw new ContextError(`${app}: minimum tasks ${min} exceed the maximum ${entry[1]}`);
  return { min, max: entry[1] };
}

/** The {{SETTING}} values the chosen providers and LLM put into the task definitions. */
export function settingValues(context: InfraContext): Record<string, string> {
  const given: Record<string, string | number | undefined> = {
    GITLAB_URL: context.gitlabUrl,
    BITBUCKET_API_URL: context.bitbucketApiUrl,
    AZURE_DEVOPS_URL: context.azureDevopsUrl,
    LLM_MODEL: context.llmModel,
    LLM_BASE_URL: context.llmBaseUrl,
    LLM_MONTHLY_BUDGET_USD: context.llmMonthlyBudgetUsd,
  };
  const values: Record<string, string> = { ...PROVIDER_TABLE.defaults };
  for (const [name, value] of Object.entries(given)) if (value !== undefined) values[name] = String(value);
  return values;
}
