import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  createTestDatabase,
  freePort,
  type LlmRecordedRequest,
  REPO_ROOT,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  waitFor,
  waitForStatus,
} from '@kodus/test-helpers';
import { APPS, readTaskTemplate, type TaskDefinition } from './support/deploy-files';
import {
  buildImage,
  compose,
  containerState,
  docker,
  image,
  imageSize,
  danglingImages,
  publishedPort,
  removeContainer,
  removeImages,
} from './support/docker';
import { dockerRunArgs } from './support/ecs-run';
import {
  azureDevopsDriver,
  bitbucketDriver,
  githubDriver,
  gitlabDriver,
  type ProviderDriver,
  remoteStandIn,
} from './support/provider-drivers';
import { providerReviewSuite, type ReviewTarget, scriptModel } from './support/provider-review-suite';
import { githubControlAt, type RunningTarget, reviewSuite } from './support/review-suite';

/**
 * Containers for real: the images built from docker/, each run as a container (non-root, healthy,
 * draining on `docker stop`), then THE review suite against the compose stack and against containers
 * started exactly as the ECS task definitions say.
 */
const BASE_IMAGE = 'node:24-bookworm-slim';
/**
 * What each image may add to the Node base. The worker also carries the LLM review: the AI SDK and its
 * provider packages (~15 MB) and the tokenizer's BPE tables (gpt-tokenizer, ~24 MB), measured at 75.8 MB.
 */
const SIZE_BUDGET_MB: Record<string, number> = { 'webhook-handler': 60, 'api-rest': 60, worker: 90 };
const HOUR = 3600000;

// What this run leaves behind is removed at the end: its containers with their anonymous volumes, the
// compose project with its volumes, and the untagged images its builds created. The kodus/*:e2e tags
// stay (one copy, reused by the next run).
let danglingBefore = new Set<string>();
beforeAll(() => {
  danglingBefore = danglingImages();
  for (const name of ['webhook-handler', 'api-rest', 'worker', 'stand-ins']) buildImage(name);
}, HOUR);

afterAll(() => {
  removeImages([...danglingImages()].filter((id) => !danglingBefore.has(id)));
}, 300000);

describe('images', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('images');
  });
  afterAll(async () => {
    await database.drop();
  });

  it.each(APPS)(
    '$app: size, labels, non-root, healthy, drains on docker stop with exit 0',
    async ({ app, component, portVariable }) => {
      const extra = imageSize(image(app)) - imageSize(BASE_IMAGE);
      const budgetMb = SIZE_BUDGET_MB[app] ?? 60;
      console.log(
        `image ${image(app)}: ${(imageSize(image(app)) / 1e6).toFixed(0)} MB = ${BASE_IMAGE} + ${(extra / 1e6).toFixed(1)} MB (goal: + ${budgetMb} MB at most)`,
      );
      expect(extra).toBeLessThanOrEqual(budgetMb * 1000 * 1000);
      const labels = JSON.parse(
        docker(['image', 'inspect', '--format', '{{json .Config.Labels}}', image(app)]),
      ) as Record<string, string>;
      expect(labels).toMatchObject({
        'org.opencontainers.image.version': '0.0.0-e2e',
        'org.opencontainers.image.revision': 'e2e',
      });

      // Host networking: the container reaches the test's Redis and PostgreSQL on loopback.
      const name = `kodus-image-${app}-${randomUUID().slice(0, 8)}`;
      const port = await freePort();
      const env = {
        ...testSecrets(),
        HOST: '127.0.0.1',
        REDIS_KEY_PREFIX: uniquePrefix('image'),
        DATABASE_URL: database.url,
        ...(portVariable === undefined ? {} : { [portVariable]: String(port) }),
      };
      docker([
        'run',
        '-d',
        '--name',
        name,
        '--network',
        'host',
        ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
        image(app),
      ]);
      try {
        expect(docker(['exec', name, 'id', '-u'])).not.toBe('0');
        await waitFor(
          'the container to be healthy',
          () => (containerState(name).health === 'healthy' ? true : undefined),
          {
            timeoutMs: 90000,
            intervalMs: 500,
          },
        );
        if (portVariable !== undefined) {
          await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200);
          // The build it runs: the image's VERSION and REVISION build arguments.
          const live = await fetch(`http://127.0.0.1:${port}/health/live`);
          expect(await live.json()).toEqual({ status: 'live', version: '0.0.0-e2e', revision: 'e2e' });
        }
        docker(['stop', '--time', '30', name]);
        expect(containerState(name)).toMatchObject({ status: 'exited', exitCode: 0 });
        const logs = docker(['logs', name]);
        expect(logs).toContain('"msg":"drained"');
        expect(logs).toContain(`"component":"${app}"`);
        expect(logs).toContain('"version":"0.0.0-e2e","revision":"e2e"');
        expect(JSON.parse(docker(['inspect', '--format', '{{json .Config.Env}}', name]))).toContain(
          `COMPONENT_TYPE=${component}`,
        );
      } finally {
        removeContainer(name);
      }
    },
    180000,
  );
});

describe('target: docker compose (docker-compose.yml + docker-compose.test.yml)', () => {
  const project = `kodus-e2e-${randomUUID().slice(0, 8)}`;
  const files = [join(REPO_ROOT, 'docker-compose.yml'), join(REPO_ROOT, 'docker-compose.test.yml')];
  let env: Record<string, string>;
  let running: ReviewTarget;
  const drivers = new Map<ProviderDriver['provider'], ProviderDriver>();

  beforeAll(async () => {
    const secrets = testSecrets();
    const [webhookPort, apiPort, controlPort] = [await freePort(), await freePort(), await freePort()];
    const control = `http://127.0.0.1:${controlPort}`;
    // The worker reaches the stand-ins by their service name (docker-compose.test.yml).
    for (const driver of [
      githubDriver(remoteStandIn(control, 'github'), 'http://stand-ins:8080', `whsec-${randomUUID()}`),
      gitlabDriver(remoteStandIn(control, 'gitlab'), 'http://stand-ins:8082', `gl-${randomUUID()}`),
      bitbucketDriver(remoteStandIn(control, 'bitbucket'), 'http://stand-ins:8083/2.0', `bb-${randomUUID()}`),
      azureDevopsDriver(
        remoteStandIn(control, 'azure-devops'),
        'http://stand-ins:8084/kodus-org',
        `az-${randomUUID()}`,
      ),
    ])
      drivers.set(driver.provider, driver);
    env = {
      ...secrets,
      KODUS_VERSION: 'e2e',
      WEBHOOK_PORT: String(webhookPort),
      API_PORT: String(apiPort),
      STAND_INS_CONTROL_PORT: String(controlPort),
      LLM_API_KEY: `sk-e2e-${randomUUID()}`,
      ...Object.assign({}, ...[...drivers.values()].map((d) => d.webhookEnv)),
    };
    compose(project, files, ['up', '-d', '--no-build'], env);
    const llm = remoteStandIn<{
      script: Parameters<typeof scriptModel>[0]['script'];
      requestsMade(): Promise<LlmRecordedRequest[]>;
    }>(control, 'llm');
    running = {
      webhookUrl: `http://127.0.0.1:${webhookPort}`,
      apiUrl: `http://127.0.0.1:${apiPort}`,
      apiToken: secrets.API_ADMIN_TOKEN,
      llmRequests: () => llm.requestsMade(),
    };
    await waitForStatus(`${running.webhookUrl}/health/ready`, 200, 180000);
    await waitForStatus(`${running.apiUrl}/health/ready`, 200, 120000);
    await waitForStatus(`${control}/health`, 200, 60000);
    await scriptModel(llm);
    await waitFor(
      'the worker to be healthy',
      () => {
        const id = compose(project, files, ['ps', '-q', 'worker'], env);
        return id !== '' && containerState(id).health === 'healthy' ? true : undefined;
      },
      { timeoutMs: 120000, intervalMs: 1000 },
    );
  }, 600000);

  afterAll(() => {
    compose(project, files, ['down', '-v', '--remove-orphans', '--timeout', '30'], env);
  }, 300000);

  providerReviewSuite(
    () => running,
    ['github', 'gitlab', 'bitbucket', 'azure-devops'],
    (provider) => {
      const driver = drivers.get(provider);
      if (driver === undefined) throw new Error(`no ${provider} driver`);
      return driver;
    },
  );
});

describe('target: ECS task definitions (ecs/task-definitions, run as the EC2 agent would)', () => {
  const run = randomUUID().slice(0, 8);
  const network = `kodus-e2e-ecs-${run}`;
  const started: string[] = [];
  let running: RunningTarget;
  let secretsFile: string | undefined;

  /** A task definition rendered for this run: the image built above, placeholders filled. */
  async function definition(app: string): Promise<TaskDefinition & Record<string, unknown>> {
    const renderer = (await import(join(REPO_ROOT, 'ecs', 'render.mjs'))) as {
      render(template: string, values: Record<string, string>): unknown;
    };
    return renderer.render(readTaskTemplate(app), {
      AWS_ACCOUNT_ID: '123456789012',
      AWS_REGION: 'eu-west-1',
      SSM_PREFIX: '/kodus-e2e',
      IMAGE_WEBHOOK_HANDLER: image('webhook-handler'),
      IMAGE_API_REST: image('api-rest'),
      IMAGE_WORKER: image('worker'),
    }) as TaskDefinition & Record<string, unknown>;
  }

  function start(name: string, args: string[]): string {
    docker(args);
    started.push(name);
    return name;
  }

  beforeAll(async () => {
    docker(['network', 'create', network]);
    // What the AWS account provides: Redis, PostgreSQL, GitHub (the stand-in) and SSM parameters.
    start(`redis-${run}`, [
      'run',
      '-d',
      '--name',
      `redis-${run}`,
      '--network',
      network,
      '--network-alias',
      'redis',
      'redis:7.0-bookworm',
    ]);
    start(`postgres-${run}`, [
      'run',
      '-d',
      '--name',
      `postgres-${run}`,
      '--network',
      network,
      '--network-alias',
      'postgres',
      '-e',
      'POSTGRES_PASSWORD=e2e-password',
      '-e',
      'POSTGRES_DB=kodus',
      'postgres:15-bookworm',
    ]);
    const controlPort = await freePort();
    start(`github-${run}`, [
      'run',
      '-d',
      '--name',
      `github-${run}`,
      '--network',
      network,
      '--network-alias',
      'github',
      '-e',
      'TOKENS=e2e-token',
      '-p',
      `127.0.0.1:${controlPort}:8081`,
      image('stand-ins'),
    ]);
    const appSecrets = testSecrets();
    const webhookSecret = `whsec-${randomUUID()}`;
    const secrets: Record<string, string> = {
      REDIS_URL: 'redis://redis:6379',
      DATABASE_URL: 'postgres://postgres:e2e-password@postgres:5432/kodus',
      API_ADMIN_TOKEN: appSecrets.API_ADMIN_TOKEN,
      ENCRYPTION_KEY: appSecrets.ENCRYPTION_KEY,
      GITHUB_WEBHOOK_SECRET: webhookSecret,
      GITHUB_TOKEN: 'e2e-token',
    };
    secretsFile = join(mkdtempSync(join(tmpdir(), 'kodus-ecs-')), 'ssm.env');
    writeFileSync(
      secretsFile,
      Object.entries(secrets)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
      { mode: 0o600 },
    );
    // Over TCP: while the image initialises the database, a temporary server answers on the socket only,
    // then stops before the real one starts; the socket would say ready too soon.
    await waitFor(
      'postgres to accept connections',
      () =>
        docker(
          ['exec', `postgres-${run}`, 'pg_isready', '-h', '127.0.0.1', '-U', 'postgres', '-d', 'kodus'],
          {
            allowFailure: true,
          },
        ).includes('accepting')
          ? true
          : undefined,
      { timeoutMs: 60000, intervalMs: 500 },
    );

    // The one-off migrate task, then the three services' tasks.
    const migrate = start(
      `migrate-${run}`,
      dockerRunArgs(await definition('migrate'), {
        name: `migrate-${run}`,
        network,
        secretsFile: secretsFile!,
      }),
    );
    await waitFor(
      'the migrate task to exit',
      () => (containerState(migrate).status === 'exited' ? true : undefined),
      {
        timeoutMs: 60000,
        intervalMs: 500,
      },
    );
    expect(containerState(migrate).exitCode).toBe(0);
    for (const app of ['webhook-handler', 'api-rest', 'worker']) {
      const definitionForRun = await definition(app);
      // The worker gets the stand-in instead of api.github.com.
      if (app === 'worker') {
        definitionForRun.containerDefinitions[0]!.environment =
          definitionForRun.containerDefinitions[0]!.environment.map((e) =>
            e.name === 'GITHUB_API_URL' ? { name: e.name, value: 'http://github:8080' } : e,
          );
      }
      start(
        `${app}-${run}`,
        dockerRunArgs(definitionForRun, { name: `${app}-${run}`, network, secretsFile: secretsFile! }),
      );
    }
    running = {
      webhookUrl: `http://127.0.0.1:${publishedPort(`webhook-handler-${run}`, 3332)}`,
      apiUrl: `http://127.0.0.1:${publishedPort(`api-rest-${run}`, 3331)}`,
      apiToken: appSecrets.API_ADMIN_TOKEN,
      webhookSecret,
      github: githubControlAt(`http://127.0.0.1:${controlPort}`),
    };
    for (const app of ['webhook-handler', 'api-rest', 'worker']) {
      await waitFor(
        `${app} to be healthy`,
        () => (containerState(`${app}-${run}`).health === 'healthy' ? true : undefined),
        {
          timeoutMs: 120000,
          intervalMs: 1000,
        },
      );
    }
    await waitForStatus(`${running.apiUrl}/health/ready`, 200, 60000);
  }, 600000);

  afterAll(() => {
    for (const name of started.reverse()) removeContainer(name);
    docker(['network', 'rm', network], { allowFailure: true });
    if (secretsFile !== undefined) rmSync(dirname(secretsFile), { recursive: true, force: true });
  }, 300000);

  reviewSuite(() => running);

  it('stops every task with SIGTERM within stopTimeout and exit code 0', () => {
    for (const app of ['webhook-handler', 'api-rest', 'worker']) {
      docker(['stop', '--time', '20', `${app}-${run}`]);
      expect(containerState(`${app}-${run}`)).toMatchObject({ status: 'exited', exitCode: 0 });
    }
  }, 120000);
});
