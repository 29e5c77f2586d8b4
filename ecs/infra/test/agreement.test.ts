import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ECS_DIR } from '../src/templates';
import { evaluate, type Environment } from './support/evaluate';
import { CONTEXT, findResource, resourcesOf, synthesize, type CfnTemplate } from './support/synth';

/**
 * The stack builds its task definitions and services from ecs/task-definitions and ecs/services. This
 * checks the result field by field against the same templates rendered by ecs/render.mjs (the CLI path),
 * with CloudFormation's intrinsics evaluated for one account and region.
 */

interface RenderModule {
  render(template: string, values: Record<string, string>): Record<string, unknown>;
  renderChosen(
    template: { folder: string; file: string; text: string },
    values: Record<string, string>,
    providers: string[],
  ): Record<string, unknown>;
  placeholderValues(given: Record<string, string>): Record<string, string>;
}

const ENV: Environment = { account: '111122223333', region: 'eu-west-1' };
const TARGET_GROUP = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/kodus/0123456789abcdef';
const VALUES = {
  AWS_ACCOUNT_ID: ENV.account,
  AWS_REGION: ENV.region,
  IMAGE_TAG: CONTEXT.imageTag,
  ECS_CLUSTER: 'kodus',
  TARGET_GROUP_WEBHOOK_HANDLER: TARGET_GROUP,
  TARGET_GROUP_API_REST: TARGET_GROUP,
};

const apps = (folder: string) =>
  readdirSync(join(ECS_DIR, folder))
    .filter((file) => file.endsWith('.json'))
    .map((file) => basename(file, '.json'));

/** CloudFormation's PascalCase keys as the ECS API's camelCase (free-form maps such as log options kept). */
function camelKeys(value: unknown, freeForm = false): unknown {
  if (Array.isArray(value)) return value.map((item) => camelKeys(item));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value)
    // CDK writes an empty Capabilities object the template leaves out.
    .filter(([, inner]) => !(typeof inner === 'object' && inner !== null && Object.keys(inner).length === 0))
    .map(([key, inner]) => [
      freeForm ? key : key.charAt(0).toLowerCase() + key.slice(1),
      camelKeys(inner, key === 'Options'),
    ]);
  return Object.fromEntries(entries);
}

/**
 * The same choice of providers and LLM, as render.mjs inputs and as CDK context: the default (GitHub, no
 * LLM) and every other provider with an LLM and settings of their own.
 */
const CHOICES: Array<{
  name: string;
  providers: string[];
  render: Record<string, string>;
  context: Record<string, string>;
}> = [
  { name: 'github (default)', providers: ['github'], render: {}, context: {} },
  {
    name: 'gitlab, bitbucket, azure-devops with openai',
    providers: ['gitlab', 'bitbucket', 'azure-devops'],
    render: {
      GITLAB_URL: 'https://gitlab.example.com',
      AZURE_DEVOPS_URL: 'https://dev.azure.com/acme',
      LLM_PROVIDER: 'openai',
      LLM_MODEL: 'gpt-5-mini',
      LLM_BASE_URL: 'https://llm.example.com/v1',
    },
    context: {
      providers: 'azure-devops,gitlab,bitbucket',
      gitlabUrl: 'https://gitlab.example.com',
      azureDevopsUrl: 'https://dev.azure.com/acme',
      llmProvider: 'openai',
      llmModel: 'gpt-5-mini',
      llmBaseUrl: 'https://llm.example.com/v1',
    },
  },
];

let renderer: RenderModule;
beforeAll(async () => {
  renderer = (await import(join(ECS_DIR, 'render.mjs'))) as RenderModule;
});

describe.each(CHOICES)('$name', (choice) => {
  let json: CfnTemplate;

  beforeAll(() => {
    json = synthesize(choice.context).json;
  });

  function rendered(folder: string, app: string): Record<string, unknown> {
    const text = readFileSync(join(ECS_DIR, folder, `${app}.json`), 'utf8');
    const values = renderer.placeholderValues({ ...VALUES, ...choice.render });
    return renderer.renderChosen({ folder, file: `${app}.json`, text }, values, choice.providers);
  }

  it('the execution role reads exactly the SSM parameters the rendered task definitions name', () => {
    const named = apps('task-definitions').flatMap((app) =>
      (
        rendered('task-definitions', app).containerDefinitions as Array<{
          secrets: Array<{ valueFrom: string }>;
        }>
      ).flatMap((container) => container.secrets.map((secret) => secret.valueFrom)),
    );
    const [, role] = findResource(json, 'AWS::IAM::Role', 'RoleName', 'kodus-ecs-task-execution');
    const roleRef = Object.keys(json.Resources).find((id) => json.Resources[id] === role);
    const statements = resourcesOf(json, 'AWS::IAM::Policy')
      .filter(([, policy]) => JSON.stringify(policy.Properties?.Roles).includes(`"${roleRef}"`))
      .flatMap(
        ([, policy]) =>
          (
            evaluate(policy.Properties?.PolicyDocument, json, ENV) as {
              Statement: Array<{ Action: string | string[]; Resource: string | string[] }>;
            }
          ).Statement,
      );
    const read = statements
      .filter((s) => [s.Action].flat().includes('ssm:GetParameters'))
      .flatMap((s) => [s.Resource].flat());
    expect([...new Set(read)].sort()).toEqual([...new Set(named)].sort());
  });

  describe('task definitions agree with ecs/task-definitions', () => {
    it('builds one task definition per template', () => {
      const families = resourcesOf(json, 'AWS::ECS::TaskDefinition').map(([, r]) => r.Properties?.Family);
      expect(families.sort()).toEqual(
        apps('task-definitions')
          .map((app) => `kodus-${app}`)
          .sort(),
      );
    });

    it.each(apps('task-definitions'))('%s: every field, as render.mjs renders it', (app) => {
      const expected = rendered('task-definitions', app);
      const [, resource] = findResource(json, 'AWS::ECS::TaskDefinition', 'Family', expected.family);
      const actual = camelKeys(evaluate(resource.Properties, json, ENV)) as Record<string, unknown>;
      const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
      expect({ ...actual, tags: (actual.tags as Array<{ key: string }>).sort(byKey) }).toEqual({
        ...expected,
        tags: (expected.tags as Array<{ key: string }>).sort(byKey),
      });
    });
  });

  describe('services agree with ecs/services', () => {
    it.each(apps('services'))('%s: same name, task, deployment, placement, tags and load balancer', (app) => {
      const expected = rendered('services', app);
      const [id, resource] = findResource(json, 'AWS::ECS::Service', 'ServiceName', expected.serviceName);
      const properties = resource.Properties ?? {};
      const actual = camelKeys(
        evaluate({ ...properties, TaskDefinition: undefined, LoadBalancers: undefined }, json, ENV),
      );
      expect(actual).toMatchObject({
        deploymentConfiguration: expected.deploymentConfiguration,
        placementStrategies: expected.placementStrategy,
        enableECSManagedTags: expected.enableECSManagedTags,
        propagateTags: expected.propagateTags,
        schedulingStrategy: expected.schedulingStrategy,
        cluster: expected.cluster,
      });
      expect(properties.HealthCheckGracePeriodSeconds).toBe(expected.healthCheckGracePeriodSeconds);

      const taskDefinition = json.Resources[(properties.TaskDefinition as { Ref: string }).Ref];
      expect(taskDefinition?.Properties?.Family).toBe(expected.taskDefinition);

      const balancers = (properties.LoadBalancers ?? []) as Array<Record<string, unknown>>;
      const expectedBalancers = (expected.loadBalancers ?? []) as Array<Record<string, unknown>>;
      expect(balancers.map(({ ContainerName, ContainerPort }) => ({ ContainerName, ContainerPort }))).toEqual(
        expectedBalancers.map(({ containerName, containerPort }) => ({
          ContainerName: containerName,
          ContainerPort: containerPort,
        })),
      );
      for (const balancer of balancers) {
        const group = json.Resources[(balancer.TargetGroupArn as { Ref: string }).Ref];
        expect(group?.Type).toBe('AWS::ElasticLoadBalancingV2::TargetGroup');
      }

      // By design: placed through the capacity provider (hosts scale with tasks) instead of launchType EC2,
      // and the template's desiredCount is the auto-scaling minimum, which then owns the count.
      expect(properties.LaunchType).toBeUndefined();
      expect(properties.CapacityProviderStrategy).toEqual([
        { CapacityProvider: { Ref: expect.any(String) }, Weight: 1 },
      ]);
      const [, target] = resourcesOf(json, 'AWS::ApplicationAutoScaling::ScalableTarget').find(([, r]) =>
        JSON.stringify(r.Properties?.ResourceId).includes(`"${id}"`),
      ) ?? [undefined, undefined];
      expect(target?.Properties?.MinCapacity).toBe(Math.max(1, expected.desiredCount as number));
    });
  });
});
