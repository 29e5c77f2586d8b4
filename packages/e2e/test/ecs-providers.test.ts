import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@kodus/test-helpers';
import { REGISTER_TASK_DEFINITION, validateShape } from './support/ecs-shape';

/** `node ecs/render.mjs --providers ... --llm ...`: what each choice adds to the task definitions. */

interface Container {
  environment: Array<{ name: string; value: string }>;
  secrets: Array<{ name: string; valueFrom: string }>;
}
interface Task {
  family: string;
  containerDefinitions: Container[];
}

const SAMPLE = {
  AWS_ACCOUNT_ID: '123456789012',
  AWS_REGION: 'us-east-1',
  IMAGE_TAG: '0123abc',
  ECS_CLUSTER: 'kodus',
  TARGET_GROUP_WEBHOOK_HANDLER: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/w/1',
  TARGET_GROUP_API_REST: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/a/2',
  FARGATE_SUBNETS: 'subnet-0123456789abcdef0',
  FARGATE_SECURITY_GROUPS: 'sg-0123456789abcdef0',
  TARGET_GROUP_WEBHOOK_HANDLER_FARGATE:
    'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/wi/3',
  TARGET_GROUP_API_REST_FARGATE: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ai/4',
};
const ssm = (name: string) => `arn:aws:ssm:us-east-1:123456789012:parameter/kodus/${name}`;
const APPS = ['webhook-handler', 'api-rest', 'worker', 'migrate'];

let temp: string;
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'kodus-ecs-providers-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

let runs = 0;
/** Runs render.mjs with only SAMPLE and `env` in its environment (no LLM_* of the caller's shell). */
function renderCli(args: string[], env: Record<string, string> = {}) {
  const out = join(temp, String(runs++));
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'ecs', 'render.mjs'), '--out', out, ...args], {
    env: { PATH: process.env.PATH ?? '', ...SAMPLE, ...env },
    encoding: 'utf8',
  });
  const text = (folder: string, app: string) => readFileSync(join(out, folder, `${app}.json`), 'utf8');
  const task = (app: string) => JSON.parse(text('task-definitions', app)) as Task;
  return { ...result, out, text, task };
}
const names = (entries: Array<{ name: string }>) => entries.map((entry) => entry.name);
const container = (task: Task) => task.containerDefinitions[0]!;
const env = (task: Task) => Object.fromEntries(container(task).environment.map((e) => [e.name, e.value]));
const secrets = (task: Task) => Object.fromEntries(container(task).secrets.map((s) => [s.name, s.valueFrom]));

describe('ecs/render.mjs --providers', () => {
  it('renders today’s definitions byte for byte without the flag, and with --providers github', () => {
    const plain = renderCli([]);
    const github = renderCli(['--providers', 'github']);
    expect(plain.status).toBe(0);
    expect(github.status).toBe(0);
    for (const folder of ['task-definitions', 'services']) {
      for (const file of readdirSync(join(plain.out, folder))) {
        const app = file.replace(/\.json$/, '');
        expect(github.text(folder, app)).toBe(plain.text(folder, app));
        // The template as it is, filled: nothing added, nothing removed.
        const template = JSON.parse(readFileSync(join(REPO_ROOT, 'ecs', folder, file), 'utf8')) as Task;
        const variables = (task: Task) =>
          task.containerDefinitions?.map((c) => [names(c.environment ?? []), names(c.secrets ?? [])]);
        expect(variables(JSON.parse(plain.text(folder, app)) as Task)).toEqual(variables(template));
      }
    }
    expect(secrets(plain.task('webhook-handler')).GITHUB_WEBHOOK_SECRET).toBe(ssm('GITHUB_WEBHOOK_SECRET'));
    expect(secrets(plain.task('worker')).GITHUB_TOKEN).toBe(ssm('GITHUB_TOKEN'));
  });

  it('adds each chosen provider’s secrets and settings to the apps that read them, and nothing else', () => {
    const all = renderCli(['--providers', 'github,gitlab,bitbucket,azure-devops'], {
      AZURE_DEVOPS_URL: 'https://dev.azure.com/acme',
    });
    expect(all.stderr).toBe('');
    const webhook = all.task('webhook-handler');
    expect(Object.keys(secrets(webhook)).sort()).toEqual(
      [
        'REDIS_URL',
        'GITHUB_WEBHOOK_SECRET',
        'GITLAB_WEBHOOK_TOKEN',
        'BITBUCKET_WEBHOOK_SECRET',
        'AZURE_DEVOPS_WEBHOOK_USER',
        'AZURE_DEVOPS_WEBHOOK_PASSWORD',
      ].sort(),
    );
    const worker = all.task('worker');
    expect(secrets(worker)).toMatchObject({
      GITHUB_TOKEN: ssm('GITHUB_TOKEN'),
      GITLAB_TOKEN: ssm('GITLAB_TOKEN'),
      BITBUCKET_TOKEN: ssm('BITBUCKET_TOKEN'),
      AZURE_DEVOPS_TOKEN: ssm('AZURE_DEVOPS_TOKEN'),
    });
    // The contract's defaults, or the render input.
    expect(env(worker)).toMatchObject({
      GITHUB_API_URL: 'https://api.github.com',
      GITLAB_URL: 'https://gitlab.com',
      BITBUCKET_API_URL: 'https://api.bitbucket.org/2.0',
      AZURE_DEVOPS_URL: 'https://dev.azure.com/acme',
    });
    expect(env(all.task('api-rest')).AZURE_DEVOPS_URL).toBe('https://dev.azure.com/acme');
    expect(Object.keys(secrets(all.task('api-rest')))).not.toContain('AZURE_DEVOPS_TOKEN');
    // No secret in the environment, every task still a valid RegisterTaskDefinition input.
    for (const app of APPS) {
      const task = all.task(app);
      for (const name of Object.keys(env(task))) expect(name).not.toMatch(/TOKEN$|SECRET|PASSWORD|_KEY$/);
      expect(validateShape(task, REGISTER_TASK_DEFINITION)).toEqual([]);
    }
  });

  it('drops GitHub when it is not chosen, so no task references a parameter nobody created', () => {
    const gitlab = renderCli(['--providers', 'gitlab'], { GITLAB_URL: 'https://git.example.com' });
    expect(gitlab.status).toBe(0);
    const all = APPS.flatMap((app) => [
      ...Object.keys(secrets(gitlab.task(app))),
      ...Object.keys(env(gitlab.task(app))),
    ]);
    expect(all.filter((name) => /GITHUB|BITBUCKET|AZURE/.test(name))).toEqual([]);
    expect(secrets(gitlab.task('webhook-handler')).GITLAB_WEBHOOK_TOKEN).toBe(ssm('GITLAB_WEBHOOK_TOKEN'));
    expect(env(gitlab.task('worker')).GITLAB_URL).toBe('https://git.example.com');
  });

  it('refuses an unknown or empty provider list with exit 2', () => {
    for (const providers of ['github,gitlub', ',']) {
      const result = renderCli(['--providers', providers]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/--providers: .*(gitlub|no provider).*choose from github, gitlab/);
    }
  });

  it('composes with --launch-type fargate', () => {
    const fargate = renderCli(['--launch-type', 'fargate', '--providers', 'bitbucket,azure-devops']);
    expect(fargate.stderr).toBe('');
    const worker = fargate.task('worker');
    expect(worker.family).toBe('kodus-worker-fargate');
    expect(Object.keys(secrets(worker))).toEqual(
      expect.arrayContaining(['BITBUCKET_TOKEN', 'AZURE_DEVOPS_TOKEN']),
    );
    expect(Object.keys(secrets(worker))).not.toContain('GITHUB_TOKEN');
    expect(env(fargate.task('api-rest')).AZURE_DEVOPS_URL).toBe('https://dev.azure.com');
    for (const app of APPS) expect(validateShape(fargate.task(app), REGISTER_TASK_DEFINITION)).toEqual([]);
  });
});

describe('ecs/render.mjs --llm', () => {
  it('keeps the LLM review off, with no LLM_API_KEY secret, unless chosen', () => {
    for (const run of [renderCli([]), renderCli([], { LLM_PROVIDER: 'none' })]) {
      expect(env(run.task('worker')).LLM_PROVIDER).toBe('none');
      expect(Object.keys(secrets(run.task('worker')))).not.toContain('LLM_API_KEY');
    }
  });

  it('sets provider and model as environment and the key as a secret, on the worker only', () => {
    const run = renderCli(['--llm', 'anthropic'], { LLM_MODEL: 'claude-sonnet-4-5' });
    expect(run.stderr).toBe('');
    const worker = run.task('worker');
    expect(env(worker)).toMatchObject({ LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-sonnet-4-5' });
    expect(env(worker)).not.toHaveProperty('LLM_BASE_URL');
    expect(secrets(worker).LLM_API_KEY).toBe(ssm('LLM_API_KEY'));
    expect(names(container(worker).environment).filter((n) => n === 'LLM_PROVIDER')).toHaveLength(1);
    for (const app of ['webhook-handler', 'api-rest', 'migrate']) {
      expect(Object.keys(env(run.task(app))).filter((n) => n.startsWith('LLM_'))).toEqual([]);
    }
  });

  it('reads LLM_PROVIDER from the environment; openai-compatible needs a base URL and no key unless told', () => {
    const local = renderCli([], {
      LLM_PROVIDER: 'openai-compatible',
      LLM_MODEL: 'qwen2.5-coder',
      LLM_BASE_URL: 'http://ollama.internal:11434/v1',
    });
    expect(local.stderr).toBe('');
    expect(env(local.task('worker'))).toMatchObject({
      LLM_PROVIDER: 'openai-compatible',
      LLM_BASE_URL: 'http://ollama.internal:11434/v1',
    });
    expect(Object.keys(secrets(local.task('worker')))).not.toContain('LLM_API_KEY');
    const routed = renderCli(['--llm', 'openai-compatible'], {
      LLM_MODEL: 'm',
      LLM_BASE_URL: 'https://openrouter.ai/api/v1',
      LLM_WITH_API_KEY: 'true',
    });
    expect(secrets(routed.task('worker')).LLM_API_KEY).toBe(ssm('LLM_API_KEY'));
  });

  it('refuses a missing model or base URL, and an unknown provider', () => {
    expect(renderCli(['--llm', 'openai']).stderr).toMatch(/worker\.json: no value for LLM_MODEL/);
    expect(renderCli(['--llm', 'openai-compatible'], { LLM_MODEL: 'm' }).stderr).toMatch(
      /no value for LLM_BASE_URL/,
    );
    const unknown = renderCli(['--llm', 'gpt']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/LLM provider gpt is not one of none, openai/);
  });
});

describe('ecs/README.md "Providers and LLM"', () => {
  it('lists, per provider, every parameter and setting that ecs/providers.json adds', () => {
    const readme = readFileSync(join(REPO_ROOT, 'ecs', 'README.md'), 'utf8');
    const table = JSON.parse(readFileSync(join(REPO_ROOT, 'ecs', 'providers.json'), 'utf8')) as {
      providers: Record<string, Record<string, { secrets?: string[]; settings?: string[] }>>;
    };
    for (const [provider, apps] of Object.entries(table.providers)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${provider}\``));
      expect(row).toBeDefined();
      const listed = [...(row ?? '').matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]);
      const added = Object.values(apps).flatMap((entry) => [
        ...(entry.secrets ?? []),
        ...(entry.settings ?? []),
      ]);
      expect([...new Set(listed)].sort()).toEqual([...new Set(added)].sort());
    }
  });
});
