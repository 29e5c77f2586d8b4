import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@kodus/test-helpers';
import { parse } from 'yaml';

export const APPS = [
  {
    app: 'webhook-handler',
    component: 'webhook',
    port: 3332,
    portVariable: 'WEBHOOK_PORT',
    pm2: 'kodus-webhook',
  },
  { app: 'api-rest', component: 'api', port: 3331, portVariable: 'API_PORT', pm2: 'kodus-api' },
  { app: 'worker', component: 'worker', port: undefined, portVariable: undefined, pm2: 'kodus-worker' },
] as const;

export interface Dockerfile {
  stages: string[];
  instructions: Array<{ keyword: string; args: string }>;
}

/** Dockerfile instructions, continuation lines joined, comments dropped. */
export function readDockerfile(app: string): Dockerfile {
  const text = readFileSync(join(REPO_ROOT, 'docker', `Dockerfile.${app}`), 'utf8');
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const instructions = logical.map((line) => {
    const [keyword = '', ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
  });
  return { stages: instructions.filter((i) => i.keyword === 'FROM').map((i) => i.args), instructions };
}

export function lastInstruction(dockerfile: Dockerfile, keyword: string): string | undefined {
  return dockerfile.instructions.filter((i) => i.keyword === keyword).at(-1)?.args;
}

export interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  depends_on?: Record<string, { condition: string }>;
}

export function readCompose(): { services: Record<string, ComposeService> } {
  return parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
}

export interface TaskDefinition {
  family: string;
  containerDefinitions: Array<{
    name: string;
    command: string[];
    environment: Array<{ name: string; value: string }>;
    secrets: Array<{ name: string; valueFrom: string }>;
    portMappings?: Array<{ containerPort: number; hostPort: number }>;
    healthCheck?: { command: string[] };
    stopTimeout: number;
  }>;
}

export function readTaskTemplate(app: string): string {
  return readFileSync(join(REPO_ROOT, 'ecs', 'task-definitions', `${app}.json`), 'utf8');
}

export function readServiceTemplate(app: string): string {
  return readFileSync(join(REPO_ROOT, 'ecs', 'services', `${app}.json`), 'utf8');
}

/** `20s`, `1m30s` → milliseconds. */
export function durationMs(value: string): number {
  let total = 0;
  for (const [, n, unit] of value.matchAll(/(\d+)(ms|s|m|h)/g)) {
    total += Number(n) * { ms: 1, s: 1000, m: 60000, h: 3600000 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  return total;
}
