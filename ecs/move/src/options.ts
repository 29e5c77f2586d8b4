import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { findApp, MOVE_APPS, type MoveApp } from './apps';
import type { ProbeSecrets } from './probe';

export const PHASES = ['migrate', 'side-by-side', 'cutover', 'rollback', 'status'] as const;
export type Phase = (typeof PHASES)[number];

export interface MoveOptions {
  readonly phase: Phase;
  readonly apps: readonly MoveApp[];
  /** Folder written by `node ecs/render.mjs` (task-definitions/, services/). */
  readonly definitions: string;
  readonly pm2InstanceId?: string;
  readonly pm2Port?: number;
  readonly url?: string;
  readonly fromService?: string;
  readonly count?: number;
  readonly probes: number;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly ecosystem: string;
  readonly dryRun: boolean;
  readonly secrets: ProbeSecrets;
}

export class UsageError extends Error {}

export const USAGE = `usage: kodus-move <side-by-side|cutover|rollback|status> <webhook-handler|api-rest|worker> [options]
       kodus-move migrate [--definitions DIR]   (the one-off migration task, once per deploy)
       (status takes any number of apps, none meaning all three)
  --definitions DIR     rendered definitions (node ecs/render.mjs --out DIR), default ecs/rendered
  --pm2-instance ID     EC2 instance id of the PM2 host (or PM2_INSTANCE_ID); HTTP apps
  --pm2-port N          port PM2 serves the app on (default 3332 webhook-handler, 3331 api-rest)
  --url URL             the app through the load balancer (or KODUS_WEBHOOK_URL / KODUS_API_URL)
  --from-service NAME   move from this ECS service instead of PM2 (EC2 → Fargate)
  --count N             tasks the --from-service service gets back on rollback (default: the new one's)
  --probes N            synthetic requests per check (default 3)
  --interval S          seconds between polls (default 10)
  --timeout S           seconds one wait may take (default 900: ALB draining defaults to 300 s)
  --ecosystem FILE      PM2 ecosystem file for a rollback when PM2 no longer lists the app
  --dry-run             print every call it would make, call nothing
Secrets come from the environment only, never printed:
  webhook-handler: the webhook secrets it holds, at least one, to sign its test requests: GITHUB_WEBHOOK_SECRET,
    GITLAB_WEBHOOK_TOKEN, BITBUCKET_WEBHOOK_SECRET, AZURE_DEVOPS_WEBHOOK_USER with AZURE_DEVOPS_WEBHOOK_PASSWORD
  api-rest: API_ADMIN_TOKEN
AWS: the SDK's usual credentials and region (AWS_REGION, AWS_PROFILE...).`;

const seconds = z.coerce.number().positive().max(86_400);
const optionsSchema = z.object({
  definitions: z.string().min(1),
  pm2Instance: z
    .string()
    .regex(/^i-[0-9a-f]{8,17}$/, 'an EC2 instance id (i-...)')
    .optional(),
  pm2Port: z.coerce.number().int().min(1).max(65535).optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  fromService: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,255}$/, 'an ECS service name')
    .optional(),
  count: z.coerce.number().int().min(1).max(100).optional(),
  probes: z.coerce.number().int().min(1).max(20),
  interval: seconds,
  timeout: seconds,
  ecosystem: z.string().min(1),
});

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

/** The command line and environment of one run, validated; throws UsageError naming every problem. */
export function parseMoveArgs(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): MoveOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        definitions: { type: 'string' },
        'pm2-instance': { type: 'string' },
        'pm2-port': { type: 'string' },
        url: { type: 'string' },
        'from-service': { type: 'string' },
        count: { type: 'string' },
        probes: { type: 'string' },
        interval: { type: 'string' },
        timeout: { type: 'string' },
        ecosystem: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [phaseName, ...appNames] = parsed.positionals;
  const phase = PHASES.find((p) => p === phaseName);
  if (phase === undefined) throw new UsageError(`unknown phase ${phaseName ?? '(none)'}`);
  const apps = appNames.map((name) => {
    const app = findApp(name);
    if (app === undefined) throw new UsageError(`unknown app ${name}`);
    return app;
  });
  if (phase === 'migrate' && apps.length > 0) throw new UsageError('migrate takes no app');
  if (phase !== 'status' && phase !== 'migrate' && apps.length !== 1) {
    throw new UsageError(`${phase} moves one app at a time`);
  }
  const chosen = apps.length > 0 || phase === 'migrate' ? apps : MOVE_APPS;
  const single = chosen.length === 1 ? chosen[0] : undefined;
  const v = parsed.values;
  const result = optionsSchema.safeParse({
    definitions: v.definitions ?? 'ecs/rendered',
    pm2Instance: nonEmpty(v['pm2-instance'] ?? env.PM2_INSTANCE_ID),
    pm2Port: v['pm2-port'],
    url: nonEmpty(v.url ?? (single?.urlVariable !== undefined ? env[single.urlVariable] : undefined)),
    fromService: v['from-service'],
    count: v.count,
    probes: v.probes ?? '3',
    interval: v.interval ?? '10',
    timeout: v.timeout ?? '900',
    ecosystem: v.ecosystem ?? join(__dirname, '..', '..', '..', 'pm2', 'ecosystem.config.js'),
  });
  if (!result.success) {
    throw new UsageError(result.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
  }
  const o = result.data;
  const http = chosen.some((app) => app.port !== undefined);
  if (phase !== 'status' && http && o.fromService === undefined && o.pm2Instance === undefined) {
    throw new UsageError('--pm2-instance (or PM2_INSTANCE_ID) is needed to move an HTTP app from PM2');
  }
  if (phase !== 'status' && single?.port !== undefined && o.url === undefined) {
    throw new UsageError(
      `--url (or ${single.urlVariable}) is needed to check ${single.name} through the load balancer`,
    );
  }
  const fromCwd = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  return {
    phase,
    apps: chosen,
    definitions: fromCwd(o.definitions),
    ...(o.pm2Instance !== undefined ? { pm2InstanceId: o.pm2Instance } : {}),
    ...(o.pm2Port !== undefined ? { pm2Port: o.pm2Port } : {}),
    ...(o.url !== undefined ? { url: o.url } : {}),
    ...(o.fromService !== undefined ? { fromService: o.fromService } : {}),
    ...(o.count !== undefined ? { count: o.count } : {}),
    probes: o.probes,
    intervalMs: o.interval * 1000,
    timeoutMs: o.timeout * 1000,
    ecosystem: fromCwd(o.ecosystem),
    dryRun: v['dry-run'] === true,
    secrets: probeSecretsFrom(env),
  };
}

/** The secrets the synthetic requests use, from the environment (unset and empty alike absent). */
function probeSecretsFrom(env: Record<string, string | undefined>): ProbeSecrets {
  const github = nonEmpty(env.GITHUB_WEBHOOK_SECRET);
  const gitlab = nonEmpty(env.GITLAB_WEBHOOK_TOKEN);
  const bitbucket = nonEmpty(env.BITBUCKET_WEBHOOK_SECRET);
  const azureUser = nonEmpty(env.AZURE_DEVOPS_WEBHOOK_USER);
  const azurePassword = nonEmpty(env.AZURE_DEVOPS_WEBHOOK_PASSWORD);
  const token = nonEmpty(env.API_ADMIN_TOKEN);
  return {
    ...(github === undefined ? {} : { githubWebhookSecret: github }),
    ...(gitlab === undefined ? {} : { gitlabWebhookSecret: gitlab }),
    ...(bitbucket === undefined ? {} : { bitbucketWebhookSecret: bitbucket }),
    ...(azureUser === undefined || azurePassword === undefined
      ? {}
      : { azureDevopsWebhook: { user: azureUser, password: azurePassword } }),
    ...(token === undefined ? {} : { apiAdminToken: token }),
  };
}
