import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateServiceCommandInput, RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { z } from 'zod';
import { CREATE_SERVICE_INPUT, REGISTER_TASK_DEFINITION_INPUT, shapeProblems } from './sdk-shape';

/** What the move reads off a rendered service definition; the rest goes to ECS as rendered. */
const serviceSchema = z
  .object({
    cluster: z.string().min(1),
    serviceName: z.string().min(1),
    taskDefinition: z.string().min(1),
    desiredCount: z.number().int().min(1).max(100),
    loadBalancers: z
      .array(
        z.object({
          targetGroupArn: z.string().startsWith('arn:'),
          containerName: z.string().min(1),
          containerPort: z.number().int().min(1).max(65535),
        }),
      )
      .max(1)
      .optional(),
  })
  .loose();

const taskDefinitionSchema = z
  .object({ family: z.string().min(1), containerDefinitions: z.array(z.object({}).loose()).min(1) })
  .loose();

export interface AppDefinitions {
  readonly taskDefinition: RegisterTaskDefinitionCommandInput;
  readonly service: CreateServiceCommandInput & {
    cluster: string;
    serviceName: string;
    taskDefinition: string;
    desiredCount: number;
  };
  /** The ALB target group the service registers its tasks with (HTTP apps). */
  readonly targetGroupArn?: string;
}

const MAX_DEFINITION_BYTES = 256 * 1024;

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new Error(`${path} does not exist: render the definitions first (node ecs/render.mjs --out DIR)`, {
      cause: error,
    });
  }
  if (text.length > MAX_DEFINITION_BYTES) throw new Error(`${path} is larger than 256 KiB`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** What the move relies on (zod), then the whole request against the SDK's own model of the operation. */
function parse<T>(schema: z.ZodType<T>, value: unknown, path: string, operationInput: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${path}: ${problems.join('; ')}`);
  }
  const problems = shapeProblems(result.data, operationInput);
  if (problems.length > 0) throw new Error(`${path}: ${problems.join('; ')}`);
  return result.data;
}

export function readTaskDefinition(folder: string, name: string): RegisterTaskDefinitionCommandInput {
  const path = join(folder, 'task-definitions', `${name}.json`);
  // Checked against the SDK's model of the request just above.
  return parse(
    taskDefinitionSchema,
    readJson(path),
    path,
    REGISTER_TASK_DEFINITION_INPUT,
  ) as RegisterTaskDefinitionCommandInput;
}

/**
 * The task and service definitions of one app from a folder written by `node ecs/render.mjs`
 * (task-definitions/<app>.json, services/<app>.json).
 */
export function readDefinitions(folder: string, app: string): AppDefinitions {
  const taskPath = join(folder, 'task-definitions', `${app}.json`);
  const servicePath = join(folder, 'services', `${app}.json`);
  const taskDefinition = readTaskDefinition(folder, app);
  const service = parse(
    serviceSchema,
    readJson(servicePath),
    servicePath,
    CREATE_SERVICE_INPUT,
  ) as AppDefinitions['service'];
  if (service.taskDefinition !== taskDefinition.family) {
    throw new Error(
      `${servicePath}: runs ${service.taskDefinition}, but ${taskPath} is ${taskDefinition.family}`,
    );
  }
  const targetGroupArn = service.loadBalancers?.[0]?.targetGroupArn;
  return { taskDefinition, service, ...(targetGroupArn !== undefined ? { targetGroupArn } : {}) };
}
