import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError, loadConfig, SECRET_VARIABLES } from '@kodus/config';
import { REPO_ROOT } from '@kodus/test-helpers';
import { CREATE_SERVICE, REGISTER_TASK_DEFINITION, validateShape } from './support/ecs-shape';
import {
  APPS,
  durationMs,
  lastInstruction,
  readCompose,
  readDockerfile,
  readServiceTemplate,
  readTaskTemplate,
  type TaskDefinition,
} from './support/deploy-files';

interface RenderModule {
  render(template: string, values: Record<string, string>): unknown;
  placeholderValues(given: Record<string, string>): Record<string, string>;
}

const SAMPLE = {
  AWS_ACCOUNT_ID: '123456789012',
  AWS_REGION: 'eu-west-1',
  IMAGE_TAG: '0123abc',
  ECS_CLUSTER: 'kodus',
  TARGET_GROUP_WEBHOOK_HANDLER:
    'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/kodus-webhook/0123456789abcdef',
  TARGET_GROUP_API_REST:
    'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/kodus-api/0123456789abcdef',
};
const DRAIN_MS_DEFAULT = 10000;
/**
 * V8 flags an app is started with, on node's command line wherever it runs (Dockerfile CMD, compose
 * `command`, the ECS task's `command`, PM2 `node_args`). The worker's young generation is capped at 8 MiB
 * semi-spaces: Node 24's default lets it grow to 2 × 64 MiB, which put the worker's peak RSS over its
 * 300 MB goal with 20 reviews in flight (docker/Dockerfile.worker says more). On the command line, not in
 * NODE_OPTIONS: an operator's NODE_OPTIONS then adds flags instead of silently dropping these.
 */
const NODE_FLAGS: Record<string, string[]> = {
  'webhook-handler': [],
  'api-rest': [],
  worker: ['--max-semi-space-size=8'],
};

/** Variables a component cannot start without (no default), read off the config schema itself. */
function requiredVariables(component: 'webhook' | 'api' | 'worker'): string[] {
  try {
    loadConfig(component, { COMPONENT_TYPE: component });
    return ['COMPONENT_TYPE'];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return ['COMPONENT_TYPE', ...error.problems.map((p) => p.split(' ')[0] ?? '')];
  }
}

let renderer: RenderModule;
// The ecosystem file is CommonJS read by PM2 itself: load it the way PM2 does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pm2 = require(join(REPO_ROOT, 'pm2', 'ecosystem.config.js')) as {
  apps: Array<{
    name: string;
    script: string;
    interpreter: string;
    node_args?: string[];
    env: Record<string, string>;
    kill_timeout: number;
  }>;
};

beforeAll(async () => {
  renderer = (await import(join(REPO_ROOT, 'ecs', 'render.mjs'))) as RenderModule;
});

function task(app: string): TaskDefinition {
  return renderer.render(readTaskTemplate(app), renderer.placeholderValues(SAMPLE)) as TaskDefinition;
}

describe('ECS definitions', () => {
  it.each(['webhook-handler', 'api-rest', 'worker', 'migrate'])(
    '%s validates against RegisterTaskDefinition',
    (app) => {
      expect(validateShape(task(app), REGISTER_TASK_DEFINITION)).toEqual([]);
    },
  );

  it.each(['webhook-handler', 'api-rest', 'worker'])('service %s validates against CreateService', (app) => {
    const service = renderer.render(readServiceTemplate(app), renderer.placeholderValues(SAMPLE)) as Record<
      string,
      unknown
    >;
    expect(validateShape(service, CREATE_SERVICE)).toEqual([]);
    expect(service.deploymentConfiguration).toMatchObject({
      deploymentCircuitBreaker: { enable: true, rollback: true },
    });
  });

  it('the shape check rejects unknown keys and wrong types', () => {
    const broken = task('worker') as unknown as Record<string, unknown> & TaskDefinition;
    (broken as unknown as Record<string, unknown>).familly = 'typo';
    (broken.containerDefinitions[0] as unknown as Record<string, unknown>).stopTimeout = '20';
    expect(validateShape(broken, REGISTER_TASK_DEFINITION).sort()).toEqual([
      '$.containerDefinitions[0].stopTimeout: expected a number',
      '$.familly: not a member of RegisterTaskDefinitionRequest',
    ]);
  });

  it('the render step refuses to leave a placeholder unfilled', () => {
    expect(() => renderer.render(readTaskTemplate('api-rest'), { AWS_REGION: 'eu-west-1' })).toThrow(
      /no value for .*AWS_ACCOUNT_ID/,
    );
  });

  it.each(['webhook-handler', 'api-rest', 'worker', 'migrate'])(
    '%s keeps every credential out of `environment`',
    (app) => {
      const container = task(app).containerDefinitions[0]!;
      expect(container.environment.filter((e) => SECRET_VARIABLES.has(e.name)).map((e) => e.name)).toEqual(
        [],
      );
      for (const secret of container.secrets)
        expect(secret.valueFrom).toMatch(/^arn:aws:(ssm|secretsmanager):/);
    },
  );
});

describe.each(APPS)(
  '$app: compose, ECS, PM2 and the Dockerfile agree',
  ({ app, component, port, portVariable, pm2: pm2Name }) => {
    const compose = () => readCompose().services[app]!;
    const container = () => task(app).containerDefinitions[0]!;
    const dockerfile = () => readDockerfile(app);
    const pm2App = () => pm2.apps.find((a) => a.name === pm2Name)!;

    it('runs the same command, with the same V8 flags', () => {
      const cmd = JSON.parse(lastInstruction(dockerfile(), 'CMD') ?? '[]') as string[];
      expect(cmd).toEqual(['node', ...(NODE_FLAGS[app] ?? []), `apps/${app}/dist/main.js`]);
      expect(compose().command).toEqual(cmd);
      expect(container().command).toEqual(cmd);
      expect([pm2App().interpreter, ...(pm2App().node_args ?? []), pm2App().script]).toEqual(cmd);
    });

    it('sets no NODE_OPTIONS of its own (V8 flags go on the command line)', () => {
      expect(container().environment.map((e) => e.name)).not.toContain('NODE_OPTIONS');
      expect(Object.keys(compose().environment ?? {})).not.toContain('NODE_OPTIONS');
      expect(Object.keys(pm2App().env)).not.toContain('NODE_OPTIONS');
      expect(
        dockerfile().instructions.filter((i) => i.keyword === 'ENV' && /\bNODE_OPTIONS=/.test(i.args)),
      ).toEqual([]);
    });

    it('sets the same COMPONENT_TYPE', () => {
      const env = Object.fromEntries(container().environment.map((e) => [e.name, e.value]));
      expect(env.COMPONENT_TYPE).toBe(component);
      expect(compose().environment?.COMPONENT_TYPE).toBe(component);
      expect(pm2App().env.COMPONENT_TYPE).toBe(component);
      expect(lastInstruction(dockerfile(), 'ENV')).toContain(`COMPONENT_TYPE=${component}`);
    });

    it('listens on the same port', () => {
      if (port === undefined || portVariable === undefined) {
        expect(container().portMappings).toBeUndefined();
        expect(compose().ports).toBeUndefined();
        return;
      }
      expect(lastInstruction(dockerfile(), 'EXPOSE')).toBe(String(port));
      expect(container().portMappings).toEqual([{ containerPort: port, hostPort: 0, protocol: 'tcp' }]);
      expect(container().environment).toContainEqual({ name: portVariable, value: String(port) });
      expect(compose().environment?.[portVariable]).toBe(port);
      expect(compose().ports).toEqual([`\${KODUS_BIND:-127.0.0.1}:\${${portVariable}:-${port}}:${port}`]);
    });

    it('checks health the same way', () => {
      const healthcheck = lastInstruction(dockerfile(), 'HEALTHCHECK') ?? '';
      const command = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
      expect(compose().healthcheck?.test).toEqual(['CMD', ...command]);
      expect(container().healthCheck?.command).toEqual(['CMD', ...command]);
    });

    it('sets every variable the app cannot start without', () => {
      const ecsNames = new Set([
        ...container().environment.map((e) => e.name),
        ...container().secrets.map((s) => s.name),
      ]);
      const composeNames = new Set(Object.keys(compose().environment ?? {}));
      const required = requiredVariables(component);
      expect(required.filter((name) => !ecsNames.has(name))).toEqual([]);
      expect(required.filter((name) => !composeNames.has(name))).toEqual([]);
    });

    it('gives the drain time to finish before a kill', () => {
      const drain = Number(
        container().environment.find((e) => e.name === 'SHUTDOWN_TIMEOUT_MS')?.value ?? DRAIN_MS_DEFAULT,
      );
      expect(container().stopTimeout * 1000).toBeGreaterThan(drain);
      expect(durationMs(compose().stop_grace_period ?? '10s')).toBeGreaterThan(drain);
      expect(pm2App().kill_timeout).toBeGreaterThan(drain);
    });
  },
);

describe('Dockerfiles', () => {
  it.each(APPS.map((a) => a.app))(
    '%s: multi-stage, pinned base, non-root, tini, HEALTHCHECK, node as CMD',
    (app) => {
      const file = readDockerfile(app);
      expect(file.stages.length).toBeGreaterThanOrEqual(3);
      const base = file.instructions.find(
        (i) => i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE='),
      )?.args;
      expect(base).toBe('NODE_IMAGE=node:24-bookworm-slim');
      expect(lastInstruction(file, 'USER')).toBe('node');
      expect(lastInstruction(file, 'ENTRYPOINT')).toBe('["/usr/bin/tini", "--"]');
      expect(lastInstruction(file, 'HEALTHCHECK')).toMatch(/CMD \[/);
      const cmd = lastInstruction(file, 'CMD') ?? '';
      expect(cmd.startsWith('["node",')).toBe(true);
      expect(cmd).not.toMatch(/npm/);
      expect(
        file.instructions.some((i) => i.keyword === 'RUN' && /turbo@[\d.]+ prune @kodus\//.test(i.args)),
      ).toBe(true);
      for (const label of ['source', 'revision', 'version']) {
        expect(lastInstruction(file, 'LABEL')).toContain(`org.opencontainers.image.${label}=`);
      }
    },
  );
});

describe('docker-compose', () => {
  it('is accepted by docker-compose config', () => {
    const result = spawnSync(
      'docker-compose',
      ['-f', join(REPO_ROOT, 'docker-compose.yml'), 'config', '-q'],
      {
        env: process.env,
        encoding: 'utf8',
      },
    );
    if (result.error !== undefined)
      throw new Error(`docker-compose is needed for this check: ${result.error.message}`);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('passes every Git provider’s and the LLM’s variables from .env to the apps that read them', () => {
    // The operator contract's table: which app reads which provider and LLM variable.
    const reads: Record<string, string[]> = {
      'webhook-handler': [
        'GITHUB_WEBHOOK_SECRET',
        'GITLAB_WEBHOOK_TOKEN',
        'BITBUCKET_WEBHOOK_SECRET',
        'AZURE_DEVOPS_WEBHOOK_USER',
        'AZURE_DEVOPS_WEBHOOK_PASSWORD',
      ],
      'api-rest': ['AZURE_DEVOPS_URL'],
      worker: [
        ...['GITHUB_TOKEN', 'GITHUB_API_URL', 'GITHUB_APP_ID', 'GITHUB_APP_PRIVATE_KEY'],
        ...['GITLAB_TOKEN', 'GITLAB_URL', 'AZURE_DEVOPS_TOKEN', 'AZURE_DEVOPS_URL'],
        ...['BITBUCKET_TOKEN', 'BITBUCKET_USERNAME', 'BITBUCKET_APP_PASSWORD', 'BITBUCKET_API_URL'],
        ...['LLM_PROVIDER', 'LLM_MODEL', 'LLM_API_KEY', 'LLM_BASE_URL'],
      ],
    };
    const { services } = readCompose();
    for (const [app, names] of Object.entries(reads)) {
      const environment = services[app]?.environment ?? {};
      // ${NAME:-default}: the .env value, or the default (empty: unset, as the config reads it).
      for (const name of names)
        expect([name, environment[name]]).toEqual([
          name,
          expect.stringMatching(new RegExp(`^\\$\\{${name}:-`)),
        ]);
    }
  });

  it('starts the apps after Redis is healthy and the migration has completed', () => {
    const { services } = readCompose();
    for (const app of ['webhook-handler', 'api-rest', 'worker']) {
      expect(services[app]?.depends_on).toMatchObject({
        redis: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    }
  });
});
