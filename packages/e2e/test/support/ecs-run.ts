import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import type { TaskDefinition } from './deploy-files';

/**
 * `docker run` arguments that start a container exactly as an ECS task definition describes it on an
 * EC2 container instance in bridge mode: image, command, environment, secrets (resolved from a local
 * file standing in for SSM), port mappings (hostPort 0 → a dynamic host port, on loopback here), the
 * health check, stopTimeout, user, read-only root with its tmpfs, and the init process.
 */
export function dockerRunArgs(
  definition: TaskDefinition & Record<string, unknown>,
  options: { name: string; network: string; secretsFile: string },
): string[] {
  // The local stand-in for SSM Parameter Store: NAME=value lines, one per secret the task references.
  const secrets = parseEnv(readFileSync(options.secretsFile, 'utf8'));
  const container = definition.containerDefinitions[0] as TaskDefinition['containerDefinitions'][number] & {
    image: string;
    user?: string;
    readonlyRootFilesystem?: boolean;
    memory?: number;
    linuxParameters?: {
      initProcessEnabled?: boolean;
      tmpfs?: Array<{ containerPath: string; size: number; mountOptions?: string[] }>;
    };
    healthCheck?: {
      command: string[];
      interval: number;
      timeout: number;
      retries: number;
      startPeriod: number;
    };
  };
  const args = [
    'run',
    '-d',
    '--name',
    options.name,
    '--network',
    options.network,
    '--stop-timeout',
    String(container.stopTimeout),
  ];
  for (const { name, value } of container.environment) args.push('-e', `${name}=${value}`);
  for (const { name } of container.secrets) {
    const value = secrets[name];
    if (value === undefined)
      throw new Error(`secret ${name} of ${definition.family} has no value in the local secrets file`);
    args.push('-e', `${name}=${value}`);
  }
  for (const mapping of container.portMappings ?? []) {
    args.push(
      '-p',
      mapping.hostPort === 0
        ? `127.0.0.1::${mapping.containerPort}`
        : `127.0.0.1:${mapping.hostPort}:${mapping.containerPort}`,
    );
  }
  const health = container.healthCheck;
  if (health !== undefined) {
    const [kind, ...command] = health.command;
    if (kind !== 'CMD') throw new Error(`${definition.family}: only CMD health checks are exercised`);
    args.push(
      '--health-cmd',
      command.map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' '),
      '--health-interval',
      `${health.interval}s`,
      '--health-timeout',
      `${health.timeout}s`,
      '--health-retries',
      String(health.retries),
      '--health-start-period',
      `${health.startPeriod}s`,
    );
  }
  if (container.user !== undefined) args.push('--user', container.user);
  if (container.readonlyRootFilesystem === true) args.push('--read-only');
  for (const tmpfs of container.linuxParameters?.tmpfs ?? []) {
    args.push(
      '--tmpfs',
      `${tmpfs.containerPath}:size=${tmpfs.size}m${tmpfs.mountOptions?.length ? `,${tmpfs.mountOptions.join(',')}` : ''}`,
    );
  }
  if (container.linuxParameters?.initProcessEnabled === true) args.push('--init');
  if (container.memory !== undefined) args.push('--memory', `${container.memory}m`);
  args.push(container.image, ...container.command);
  return args;
}
