import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';

/**
 * The ECS task and service definition templates of ecs/ (the ones render.mjs fills for the CLI path),
 * read as the stack's single source of truth. The schemas are strict: a field the stack does not
 * translate fails the synthesis instead of silently disappearing from the deployed definition.
 */

/** ecs/, seen from src/ (ts-jest) and from dist/ alike. */
export const ECS_DIR = join(__dirname, '..', '..');

const nameValue = z.object({ name: z.string().min(1), value: z.string() }).strict();
const seconds = z.number().int().positive();

const containerDefinition = z
  .object({
    name: z.string().min(1),
    image: z.string().min(1),
    essential: z.boolean(),
    cpu: z.number().int().nonnegative(),
    memoryReservation: z.number().int().positive(),
    memory: z.number().int().positive(),
    command: z.array(z.string()).min(1),
    environment: z.array(nameValue),
    secrets: z.array(z.object({ name: z.string().min(1), valueFrom: z.string().min(1) }).strict()),
    healthCheck: z
      .object({
        command: z.array(z.string()).min(2),
        interval: seconds,
        timeout: seconds,
        retries: z.number().int().positive(),
        startPeriod: z.number().int().nonnegative(),
      })
      .strict()
      .optional(),
    stopTimeout: seconds.max(120),
    readonlyRootFilesystem: z.boolean(),
    user: z.string().min(1),
    linuxParameters: z
      .object({
        initProcessEnabled: z.boolean(),
        tmpfs: z.array(
          z
            .object({
              containerPath: z.string().startsWith('/'),
              size: z.number().int().positive(),
              mountOptions: z.array(z.string()),
            })
            .strict(),
        ),
      })
      .strict(),
    logConfiguration: z
      .object({ logDriver: z.literal('awslogs'), options: z.record(z.string(), z.string()) })
      .strict(),
    portMappings: z
      .array(
        z
          .object({
            containerPort: z.number().int().positive(),
            hostPort: z.number().int().nonnegative(),
            protocol: z.literal('tcp'),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export const taskDefinitionTemplate = z
  .object({
    family: z.string().min(1),
    requiresCompatibilities: z.tuple([z.literal('EC2')]),
    networkMode: z.literal('bridge'),
    executionRoleArn: z.string(),
    taskRoleArn: z.string(),
    containerDefinitions: z.array(containerDefinition).length(1),
    tags: z.array(z.object({ key: z.string().min(1), value: z.string() }).strict()),
  })
  .strict();

export const serviceTemplate = z
  .object({
    cluster: z.string(),
    serviceName: z.string().min(1),
    taskDefinition: z.string().min(1),
    desiredCount: z.number().int().nonnegative(),
    launchType: z.literal('EC2'),
    schedulingStrategy: z.literal('REPLICA'),
    deploymentConfiguration: z
      .object({
        deploymentCircuitBreaker: z.object({ enable: z.literal(true), rollback: z.boolean() }).strict(),
        maximumPercent: z.number().int().positive(),
        minimumHealthyPercent: z.number().int().nonnegative(),
      })
      .strict(),
    placementStrategy: z.array(z.object({ type: z.literal('spread'), field: z.string().min(1) }).strict()),
    enableECSManagedTags: z.boolean(),
    propagateTags: z.enum(['TASK_DEFINITION', 'SERVICE', 'NONE']),
    loadBalancers: z
      .array(
        z
          .object({
            targetGroupArn: z.string(),
            containerName: z.string().min(1),
            containerPort: z.number().int().positive(),
          })
          .strict(),
      )
      .length(1)
      .optional(),
    healthCheckGracePeriodSeconds: z.number().int().nonnegative().optional(),
  })
  .strict();

export type ContainerTemplate = z.infer<typeof containerDefinition>;
export type TaskDefinitionTemplate = z.infer<typeof taskDefinitionTemplate>;
export type ServiceTemplate = z.infer<typeof serviceTemplate>;

/** One template, keyed by its app name (the file name without .json). */
export interface Named<T> {
  app: string;
  template: T;
}

function readFolder<T>(folder: string, schema: z.ZodType<T>): Named<T>[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const path = join(folder, file);
      const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
        throw new Error(`${path} is not a template this stack can build:\n  ${problems.join('\n  ')}`);
      }
      return { app: basename(file, '.json'), template: parsed.data };
    });
}

export interface EcsTemplates {
  taskDefinitions: Named<TaskDefinitionTemplate>[];
  services: Named<ServiceTemplate>[];
}

export function readTemplates(ecsDir: string = ECS_DIR): EcsTemplates {
  return {
    taskDefinitions: readFolder(join(ecsDir, 'task-definitions'), taskDefinitionTemplate),
    services: readFolder(join(ecsDir, 'services'), serviceTemplate),
  };
}

/**
 * `text` with every {{NAME}} filled from `values` (CDK tokens allowed); throws naming any placeholder
 * without a value, as render.mjs does.
 */
export function fill(text: string, values: Readonly<Record<string, string>>): string {
  const missing = new Set<string>();
  const filled = text.replace(/\{\{([A-Z0-9_]+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) missing.add(name);
    return value ?? whole;
  });
  if (missing.size > 0) throw new Error(`no value for ${[...missing].sort().join(', ')} in "${text}"`);
  return filled;
}

/** The part of `text` that `pattern` captures, or an error naming what was expected. */
export function capture(text: string, pattern: RegExp, what: string): string {
  const match = pattern.exec(text);
  if (!match?.[1]) throw new Error(`"${text}" is not ${what}`);
  return match[1];
}

/** The {{IMAGE_X}} placeholder of an image, and the app it names: IMAGE_API_REST → api-rest. */
export function imageApp(image: string): string {
  return capture(image, /^\{\{IMAGE_([A-Z0-9_]+)\}\}$/, 'an {{IMAGE_<APP>}} placeholder')
    .toLowerCase()
    .replaceAll('_', '-');
}

/** The role name of `arn:aws:iam::{{AWS_ACCOUNT_ID}}:role/<name>`. */
export function roleName(arn: string): string {
  return capture(
    arn,
    /^arn:aws:iam::\{\{AWS_ACCOUNT_ID\}\}:role\/([\w+=,.@-]+)$/,
    'a role ARN of this account',
  );
}

/** The parameter name (placeholders filled) of `arn:aws:ssm:{{AWS_REGION}}:{{AWS_ACCOUNT_ID}}:parameter/<name>`. */
export function parameterName(valueFrom: string, values: Readonly<Record<string, string>>): string {
  const name = fill(
    capture(
      valueFrom,
      /^arn:aws:ssm:\{\{AWS_REGION\}\}:\{\{AWS_ACCOUNT_ID\}\}:parameter(.+)$/,
      'an SSM parameter ARN of this account and region',
    ),
    values,
  );
  if (!/^(\/[\w.-]+)+$/.test(name))
    throw new Error(`"${valueFrom}" names the parameter "${name}": not a path`);
  return name;
}
