import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@kodus/test-helpers';
import { APPS, readDockerfile } from './support/deploy-files';
import {
  actionlint,
  allSteps,
  fakeAws,
  readWorkflow,
  runStep,
  type Step,
  stepEnv,
  stepNamed,
  substitute,
  WORKFLOWS_DIR,
  workflowFiles,
} from './support/workflows';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const VERSION = '1.4.0-3-g0123456';
const ENVIRONMENT = {
  'vars.AWS_ACCOUNT_ID': '123456789012',
  'vars.AWS_REGION': 'eu-west-1',
  'vars.ECS_CLUSTER': 'kodus-test',
  "vars.SSM_PREFIX || '/kodus'": '/kodus',
  'vars.TARGET_GROUP_WEBHOOK_HANDLER': 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/w/1',
  'vars.TARGET_GROUP_API_REST': 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/a/2',
  "vars.KODUS_PROVIDERS || 'github'": 'github',
  'vars.GITLAB_URL': '',
  'vars.BITBUCKET_API_URL': '',
  'vars.AZURE_DEVOPS_URL': '',
  "vars.LLM_PROVIDER || 'none'": 'none',
  'vars.LLM_MODEL': '',
  'vars.LLM_BASE_URL': '',
  'vars.LLM_MONTHLY_BUDGET_USD': '',
  'vars.LLM_WITH_API_KEY': '',
  'github.sha': SHA,
  'needs.images.outputs.version': VERSION,
};
const DEPLOY_ACTION = 'aws-actions/amazon-ecs-deploy-task-definition@v2';
const DEPLOY_INPUTS = [
  'task-definition',
  'service',
  'cluster',
  'desired-count',
  'force-new-deployment',
  'wait-for-service-stability',
  'wait-for-minutes',
  'run-task',
  'run-task-launch-type',
  'run-task-started-by',
  'wait-for-task-stopped',
];

interface RenderedTask {
  family: string;
  requiresCompatibilities: string[];
  containerDefinitions: Array<{
    name: string;
    image: string;
    portMappings?: Array<{ containerPort: number }>;
  }>;
}
interface RenderedService {
  cluster: string;
  serviceName: string;
  taskDefinition: string;
  deploymentConfiguration: { deploymentCircuitBreaker: { enable: boolean; rollback: boolean } };
  loadBalancers?: Array<{ containerName: string; containerPort: number }>;
}

let temp: string;
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'kodus-workflows-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const withInput = (step: Step, name: string): string => String(step.with?.[name] ?? '');

describe('GitHub Actions workflows', () => {
  it('pass actionlint (the real linter, run offline from its WebAssembly build)', () => {
    const files = workflowFiles();
    expect(files).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
    const { status, output } = actionlint('.github/workflows/*.{yml,yaml}');
    expect(output).toContain(`Checking ${files.length} workflow file(s)`);
    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('passed') as unknown });
  });

  it('actionlint rejects a workflow with a misspelt input and a wrong expression', () => {
    const broken = readFileSync(join(WORKFLOWS_DIR, 'release.yml'), 'utf8')
      .replace('role-to-assume:', 'role-to-asume:')
      .replace('steps.worker.outputs', 'step.worker.outputs');
    mkdirSync(join(temp, 'lint', '.github', 'workflows'), { recursive: true });
    writeFileSync(join(temp, 'lint', '.github', 'workflows', 'release.yml'), broken);
    const { status, output } = actionlint('.github/workflows/*.yml', join(temp, 'lint'));
    expect(status).toBe(1);
    expect(output).toContain('input "role-to-asume" is not defined');
    expect(output).toMatch(/undefined variable "step"/);
  });

  it('have run scripts bash can parse', () => {
    for (const file of workflowFiles()) {
      for (const step of allSteps(readWorkflow(file)).filter((s) => s.run !== undefined)) {
        const script = (step.run ?? '').replace(/\$\{\{.+?\}\}/g, 'x');
        const result = spawnSync('bash', ['-n', '-c', script], { encoding: 'utf8' });
        expect({ file, step: step.name ?? step.run, stderr: result.stderr }).toEqual({
          file,
          step: step.name ?? step.run,
          stderr: '',
        });
      }
    }
  });

  it('name only files that exist and carry no secret or long-lived key', () => {
    for (const file of workflowFiles()) {
      const text = readFileSync(join(WORKFLOWS_DIR, file), 'utf8');
      expect(text).not.toMatch(/secrets\.|aws-access-key-id|aws-secret-access-key/);
      // Repository paths (not actions, not the rendered copies under the runner's temp folder).
      const paths = text.match(
        /(?<![\w$}/.-])(?:\.nvmrc|(?:ecs|docker|pm2|scripts)\/[\w./-]+)(?![\w./-]*@)/g,
      );
      for (const path of paths ?? [])
        expect(`${file}: ${path} ${existsSync(join(REPO_ROOT, path))}`).toMatch(/true$/);
    }
  });
});

describe('.github/workflows/ci.yml', () => {
  const ci = readWorkflow('ci.yml');
  const job = Object.values(ci.jobs)[0]!;

  it('runs the README test command on pull requests, with Redis, PostgreSQL, npm and turbo caches', () => {
    expect(Object.keys(ci.on)).toContain('pull_request');
    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain('npm ci && npm test');
    const runs = job.steps.map((s) => s.run?.trim()).filter((r) => r?.startsWith('npm '));
    expect(runs).toEqual([expect.stringMatching(/^npm ci\b/) as unknown, 'npm test']);
    expect(job['timeout-minutes']).toBeLessThanOrEqual(30);
    expect(job.services?.redis?.ports).toEqual(['6379:6379']);
    expect(job.services?.postgres?.ports).toEqual(['5432:5432']);
    const setupNode = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setupNode?.with).toMatchObject({ 'node-version-file': '.nvmrc', cache: 'npm' });
    const turboCache = job.steps.find((s) => s.uses?.startsWith('actions/cache@'));
    expect(turboCache?.with?.path).toBe('.turbo/cache');
  });
});

describe('.github/workflows/release.yml', () => {
  const release = readWorkflow('release.yml');
  const steps = allSteps(release);
  const rendered = () => join(temp, 'render', 'ecs');
  const values = () => ({ ...ENVIRONMENT, 'runner.temp': join(temp, 'render') });
  // The workflow's own render step, run as the runner would, with the environment's variables.
  let render: ReturnType<typeof runStep>;
  beforeAll(() => {
    const step = stepNamed(release, 'Render the task and service definitions');
    render = runStep(step, { ...stepEnv(release, step, values()), RUNNER_TEMP: join(temp, 'render') });
  });

  it('runs on main and on version tags with OIDC credentials, never stored keys', () => {
    expect(release.on.push).toEqual({ branches: ['main'], tags: ['v*'] });
    expect(release.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const credentials = steps.filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials.length).toBeGreaterThan(0);
    for (const step of credentials) expect(step.with?.['role-to-assume']).toBe('${{ vars.AWS_ROLE_ARN }}');
    for (const job of Object.values(release.jobs)) expect(job.environment).toMatch(/production.*staging/);
  });

  it('builds each app image once from its Dockerfile, tagged with the version, unless ECR holds it', () => {
    const builds = steps.filter((s) => s.uses?.startsWith('docker/build-push-action@'));
    expect(builds.map((s) => withInput(s, 'file')).sort()).toEqual(
      APPS.map(({ app }) => `docker/Dockerfile.${app}`).sort(),
    );
    for (const { app } of APPS) {
      const step = builds.find((s) => withInput(s, 'file') === `docker/Dockerfile.${app}`)!;
      const image = `\${{ steps.ecr.outputs.registry }}/kodus/${app}`;
      expect(withInput(step, 'tags').trim()).toBe(`${image}:\${{ steps.version.outputs.version }}`);
      expect(step.if).toBe(`steps.existing.outputs.${app} != 'present'`);
      const declared = readDockerfile(app)
        .instructions.filter((i) => i.keyword === 'ARG')
        .map((i) => i.args);
      for (const arg of withInput(step, 'build-args').trim().split('\n')) {
        const name = arg.split('=')[0]!;
        expect(declared.some((d) => d.split('=')[0] === name)).toBe(true);
      }
      expect(withInput(step, 'cache-from')).toBe(`type=gha,scope=${app}`);
      expect(withInput(step, 'cache-to')).toBe(`type=gha,mode=max,scope=${app}`);
    }
  });

  it('finds the images ECR holds already (immutable tags: a re-run, main and its tag on one commit), and stops on another error', () => {
    const step = stepNamed(release, 'Find the images already in ECR');
    const output = join(temp, 'existing-output');
    const aws = fakeAws(join(temp, 'aws-ecr'), { [`kodus_worker:${VERSION}`]: '' });
    const found = runStep(step, {
      PATH: `${aws.bin}:${process.env.PATH}`,
      VERSION,
      GITHUB_OUTPUT: output,
    });
    expect(found).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(output, 'utf8').trim().split('\n').sort()).toEqual([
      'api-rest=absent',
      'webhook-handler=absent',
      'worker=present',
    ]);
    expect(aws.calls()).toContain(
      `ecr describe-images --repository-name kodus/worker --image-ids imageTag=${VERSION}`,
    );
    // Credentials refused, a repository missing: not "absent", the release stops.
    const broken = join(temp, 'aws-broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(
      join(broken, 'aws'),
      '#!/usr/bin/env bash\necho "An error occurred (AccessDeniedException)" >&2; exit 254\n',
      {
        mode: 0o755,
      },
    );
    const refused = runStep(step, { PATH: `${broken}:${process.env.PATH}`, VERSION, GITHUB_OUTPUT: output });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('AccessDeniedException');
  });

  it('computes a version that is a valid image tag', () => {
    const output = join(temp, 'github-output');
    const result = runStep(stepNamed(release, 'Version'), { GITHUB_OUTPUT: output });
    expect(result.stderr).toBe('');
    expect(readFileSync(output, 'utf8')).toMatch(/^version=[0-9A-Za-z][0-9A-Za-z_.-]{0,127}\n$/);
  });

  it('renders every definition for the environment, with the images it builds', () => {
    expect(render).toMatchObject({ status: 0, stderr: '' });
    const registry = `${ENVIRONMENT['vars.AWS_ACCOUNT_ID']}.dkr.ecr.${ENVIRONMENT['vars.AWS_REGION']}.amazonaws.com`;
    const built = APPS.map(({ app }) => `${registry}/kodus/${app}:${VERSION}`);
    for (const file of readdirSync(join(REPO_ROOT, 'ecs', 'task-definitions'))) {
      const task = readJson<RenderedTask>(join(rendered(), 'task-definitions', file));
      for (const container of task.containerDefinitions) expect(built).toContain(container.image);
    }
  });

  it('renders GitHub alone unless the environment chooses providers and an LLM (KODUS_PROVIDERS, LLM_*)', () => {
    const secretNames = (dir: string, app: string) =>
      readJson<{ containerDefinitions: Array<{ secrets: Array<{ name: string }> }> }>(
        join(dir, 'task-definitions', `${app}.json`),
      ).containerDefinitions.flatMap((c) => c.secrets.map((s) => s.name));
    expect(secretNames(rendered(), 'worker')).toContain('GITHUB_TOKEN');
    expect(secretNames(rendered(), 'worker')).not.toContain('LLM_API_KEY');

    const step = stepNamed(release, 'Render the task and service definitions');
    const chosen = {
      ...values(),
      'runner.temp': join(temp, 'chosen'),
      "vars.KODUS_PROVIDERS || 'github'": 'gitlab,azure-devops',
      'vars.AZURE_DEVOPS_URL': 'https://dev.azure.com/acme',
      "vars.LLM_PROVIDER || 'none'": 'anthropic',
      'vars.LLM_MODEL': 'claude-sonnet-4-5',
    };
    const result = runStep(step, { ...stepEnv(release, step, chosen), RUNNER_TEMP: join(temp, 'chosen') });
    expect(result).toMatchObject({ status: 0, stderr: '' });
    const dir = join(temp, 'chosen', 'ecs');
    expect(secretNames(dir, 'worker')).toEqual(
      expect.arrayContaining(['GITLAB_TOKEN', 'AZURE_DEVOPS_TOKEN', 'LLM_API_KEY']),
    );
    expect(secretNames(dir, 'worker')).not.toContain('GITHUB_TOKEN');
    expect(secretNames(dir, 'webhook-handler')).toEqual(
      expect.arrayContaining(['GITLAB_WEBHOOK_TOKEN', 'AZURE_DEVOPS_WEBHOOK_PASSWORD']),
    );
  });

  it('migrates once, then deploys every ECS service one after the other, each checked for a rollback', () => {
    const deploys = steps.filter((s) => s.uses?.startsWith(DEPLOY_ACTION));
    // actionlint knows no inputs of this action: check them against the ones its v2 reads.
    for (const step of deploys)
      expect(DEPLOY_INPUTS).toEqual(expect.arrayContaining(Object.keys(step.with ?? {})));
    const [migrate, ...services] = deploys;
    expect(migrate?.with).toMatchObject({ 'run-task': true, 'wait-for-task-stopped': true });
    const migrateTask = readJson<RenderedTask>(substitute(withInput(migrate!, 'task-definition'), values()));
    expect(migrateTask.family).toBe('kodus-migrate');
    expect(migrateTask.requiresCompatibilities).toContain(withInput(migrate!, 'run-task-launch-type'));

    const serviceFiles = readdirSync(join(REPO_ROOT, 'ecs', 'services'));
    expect(services.map((s) => withInput(s, 'service')).sort()).toEqual(
      serviceFiles.map((f) => readJson<RenderedService>(join(rendered(), 'services', f)).serviceName).sort(),
    );
    for (const step of services) {
      const taskPath = substitute(withInput(step, 'task-definition'), values());
      expect(existsSync(join(REPO_ROOT, 'ecs', 'task-definitions', taskPath.split('/').at(-1)!))).toBe(true);
      const task = readJson<RenderedTask>(taskPath);
      const service = serviceFiles
        .map((f) => readJson<RenderedService>(join(rendered(), 'services', f)))
        .find((s) => s.serviceName === step.with?.service)!;
      expect(service.taskDefinition).toBe(task.family);
      expect(substitute(withInput(step, 'cluster'), values())).toBe(service.cluster);
      expect(service.deploymentConfiguration.deploymentCircuitBreaker).toEqual({
        enable: true,
        rollback: true,
      });
      for (const balancer of service.loadBalancers ?? []) {
        const container = task.containerDefinitions.find((c) => c.name === balancer.containerName);
        expect(container?.portMappings?.map((p) => p.containerPort)).toContain(balancer.containerPort);
      }
      expect(step.with?.['wait-for-service-stability']).toBe(true);
      const check = steps[steps.indexOf(step) + 1]!;
      expect(check.run).toContain(`check-deployment.sh" ${String(step.with?.service)} "$TASK_DEFINITION"`);
      expect(check.env?.TASK_DEFINITION).toBe(`\${{ steps.${step.id}.outputs.task-definition-arn }}`);
    }
    expect(steps.indexOf(migrate!)).toBeLessThan(
      steps.indexOf(stepNamed(release, 'Find the services to deploy')),
    );
    for (const step of services) {
      const app = String(step.with?.service).replace(/^kodus-/, '');
      expect(step.if).toBe(`steps.services.outputs.${app} == 'true'`);
      expect(steps[steps.indexOf(step) + 1]?.if).toBe(step.if);
    }
  });

  it('deploys only the services on ECS, creating none; an app served by its Fargate twin stops the release', () => {
    const find = (answers: Record<string, string>) => {
      const dir = mkdtempSync(join(temp, 'aws-services-'));
      const aws = fakeAws(dir, answers);
      const output = join(dir, 'output');
      const result = runStep(stepNamed(release, 'Find the services to deploy'), {
        PATH: `${aws.bin}:${process.env.PATH}`,
        ECS_CLUSTER: 'kodus-test',
        GITHUB_OUTPUT: output,
      });
      const outputs = existsSync(output) ? readFileSync(output, 'utf8').trim().split('\n').sort() : [];
      return { result, outputs, calls: aws.calls() };
    };
    // The worker moved to ECS, the HTTP apps still on PM2: only the worker is deployed.
    const moving = find({ 'kodus-worker': 'ACTIVE\t2' });
    expect(moving.result.status).toBe(0);
    expect(moving.outputs).toEqual(['api-rest=false', 'webhook-handler=false', 'worker=true']);
    expect(moving.result.stdout).toContain('::notice::kodus-api-rest is not on ECS (yet)');
    expect(moving.calls.filter((c) => !c.startsWith('ecs describe-services'))).toEqual([]);
    // A service scaled to 0 (after a rollback to PM2) is still updated, so it starts on the new image.
    expect(find({ 'kodus-worker': 'ACTIVE\t0', 'kodus-api-rest': 'ACTIVE\t2' }).outputs).toContain(
      'worker=true',
    );
    // The worker on Fargate (its EC2 service at 0): a release would leave it on the old image.
    const fargate = find({ 'kodus-worker': 'ACTIVE\t0', 'kodus-worker-fargate': 'ACTIVE\t2' });
    expect(fargate.result.status).not.toBe(0);
    expect(fargate.result.stdout).toContain('::error::kodus-worker-fargate serves worker');
  });

  it('fails the release when a deployment was rolled back or did not complete', () => {
    const prepared = runStep(stepNamed(release, 'Prepare the rollback check'), { RUNNER_TEMP: temp });
    expect(prepared.status).toBe(0);
    const arn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/kodus-api-rest:8';
    const check = (answer: string) => {
      const aws = fakeAws(mkdtempSync(join(temp, 'aws-check-')), { 'kodus-api-rest': answer });
      return spawnSync('bash', [join(temp, 'check-deployment.sh'), 'kodus-api-rest', arn], {
        env: { PATH: `${aws.bin}:${process.env.PATH}`, ECS_CLUSTER: 'kodus-test' },
        encoding: 'utf8',
      }).status;
    };
    expect(check(`COMPLETED\t${arn}`)).toBe(0);
    expect(check(`COMPLETED\t${arn.replace(':8', ':7')}`)).toBe(1); // rolled back to the previous revision
    expect(check(`FAILED\t${arn}`)).toBe(1);
    expect(check('None')).toBe(1);
  });
});
