import { join } from 'node:path';
import { REPO_ROOT } from '@kodus/test-helpers';
import { CREATE_SERVICE, REGISTER_TASK_DEFINITION, validateShape } from './support/ecs-shape';
import { readServiceTemplate, readTaskTemplate } from './support/deploy-files';

/** The Fargate variant (`node ecs/render.mjs --launch-type fargate`), rendered from the same templates. */
interface Renderer {
  render(template: string, values: Record<string, string>): Record<string, unknown>;
  placeholderValues(given: Record<string, string>): Record<string, string>;
  fargateTaskDefinition(task: Record<string, unknown>): FargateTask;
  fargateService(service: Record<string, unknown>, values: Record<string, string>): Record<string, unknown>;
}

interface Container {
  name: string;
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
  portMappings?: Array<{ containerPort: number; hostPort?: number }>;
  linuxParameters?: Record<string, unknown>;
  mountPoints?: Array<{ sourceVolume: string; containerPath: string; readOnly?: boolean }>;
  readonlyRootFilesystem?: boolean;
  logConfiguration?: { options: Record<string, string> };
  [key: string]: unknown;
}

interface FargateTask {
  family: string;
  requiresCompatibilities: string[];
  networkMode: string;
  cpu: string;
  memory: string;
  volumes?: Array<{ name: string; host?: unknown }>;
  containerDefinitions: Container[];
  [key: string]: unknown;
}

const SAMPLE = {
  AWS_ACCOUNT_ID: '123456789012',
  AWS_REGION: 'us-east-1',
  IMAGE_TAG: '0123abc',
  ECS_CLUSTER: 'kodus',
  TARGET_GROUP_WEBHOOK_HANDLER:
    'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/kodus-webhook/0123456789abcdef',
  TARGET_GROUP_API_REST:
    'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/kodus-api/0123456789abcdef',
  FARGATE_SUBNETS: 'subnet-0123456789abcdef0, subnet-0123456789abcdef1',
  FARGATE_SECURITY_GROUPS: 'sg-0123456789abcdef0',
  TARGET_GROUP_WEBHOOK_HANDLER_FARGATE:
    'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/kodus-webhook-ip/0123456789abcdef',
  TARGET_GROUP_API_REST_FARGATE:
    'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/kodus-api-ip/0123456789abcdef',
};

// Valid Fargate task sizes, from the ECS developer guide ("Task CPU and memory"), written out independently of
// render.mjs's own table.
const VALID_MEMORY: Record<string, number[]> = {
  '256': [512, 1024, 2048],
  '512': [1024, 2048, 3072, 4096],
  '1024': [2048, 3072, 4096, 5120, 6144, 7168, 8192],
  '2048': Array.from({ length: 13 }, (_, i) => 4096 + i * 1024),
  '4096': Array.from({ length: 23 }, (_, i) => 8192 + i * 1024),
};

// Task definition parameters Fargate does not accept (ECS developer guide, "Amazon ECS task definition
// differences for Fargate"), at task and at container level.
const EC2_ONLY_TASK = ['placementConstraints', 'ipcMode', 'inferenceAccelerators'];
const EC2_ONLY_CONTAINER = ['links', 'hostname', 'dockerSecurityOptions', 'privileged', 'extraHosts', 'gpu'];
const EC2_ONLY_LINUX = ['tmpfs', 'devices', 'sharedMemorySize', 'maxSwap', 'swappiness'];
const EC2_ONLY_SERVICE = ['placementStrategy', 'placementConstraints'];

let renderer: Renderer;
beforeAll(async () => {
  renderer = (await import(join(REPO_ROOT, 'ecs', 'render.mjs'))) as Renderer;
});

const values = () => renderer.placeholderValues(SAMPLE);
const ec2Task = (app: string) => renderer.render(readTaskTemplate(app), values());
const fargateTask = (app: string) => renderer.fargateTaskDefinition(ec2Task(app));
const fargateService = (app: string) =>
  renderer.fargateService(renderer.render(readServiceTemplate(app), values()), values());

describe.each(['webhook-handler', 'api-rest', 'worker', 'migrate'])('Fargate task definition %s', (app) => {
  it('validates against RegisterTaskDefinition', () => {
    expect(validateShape(fargateTask(app), REGISTER_TASK_DEFINITION)).toEqual([]);
  });

  it('is awsvpc + FARGATE with a valid task size holding its containers, in a family of its own', () => {
    const task = fargateTask(app);
    expect(task.requiresCompatibilities).toEqual(['FARGATE']);
    expect(task.networkMode).toBe('awsvpc');
    expect(task.family).toBe(`kodus-${app}-fargate`);
    expect(VALID_MEMORY[task.cpu]).toContain(Number(task.memory));
    const containers = task.containerDefinitions;
    expect(containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0)).toBeLessThanOrEqual(Number(task.cpu));
    expect(
      containers.reduce((sum, c) => sum + (c.memory ?? c.memoryReservation ?? 0), 0),
    ).toBeLessThanOrEqual(Number(task.memory));
  });

  it('maps host port = container port and carries no EC2-only field', () => {
    const task = fargateTask(app);
    expect(EC2_ONLY_TASK.filter((key) => key in task)).toEqual([]);
    for (const volume of task.volumes ?? []) expect(volume.host).toBeUndefined();
    for (const container of task.containerDefinitions) {
      for (const mapping of container.portMappings ?? [])
        expect(mapping.hostPort).toBe(mapping.containerPort);
      expect(EC2_ONLY_CONTAINER.filter((key) => key in container)).toEqual([]);
      expect(EC2_ONLY_LINUX.filter((key) => key in (container.linuxParameters ?? {}))).toEqual([]);
    }
  });

  it('keeps everything else of the EC2 definition: image, command, environment, secrets, health, logs', () => {
    const ec2 = (ec2Task(app).containerDefinitions as Container[])[0]!;
    const fargate = fargateTask(app).containerDefinitions[0]!;
    for (const key of [
      'image',
      'command',
      'environment',
      'secrets',
      'healthCheck',
      'stopTimeout',
      'user',
      'logConfiguration',
    ]) {
      expect({ key, value: fargate[key] }).toEqual({ key, value: ec2[key] });
    }
    expect(fargate.linuxParameters).toEqual({ initProcessEnabled: true });
  });

  it('keeps a writable /tmp under the read-only root (the tmpfs becomes a task volume)', () => {
    const task = fargateTask(app);
    const container = task.containerDefinitions[0]!;
    expect(container.readonlyRootFilesystem).toBe(true);
    const mount = container.mountPoints?.find((m) => m.containerPath === '/tmp');
    expect(mount).toMatchObject({ readOnly: false });
    expect(task.volumes?.map((v) => v.name)).toContain(mount?.sourceVolume);
  });
});

describe.each(['webhook-handler', 'api-rest', 'worker'])('Fargate service %s', (app) => {
  it('validates against CreateService and runs beside the EC2 service in private subnets', () => {
    const service = fargateService(app);
    expect(validateShape(service, CREATE_SERVICE)).toEqual([]);
    expect(service).toMatchObject({
      serviceName: `kodus-${app}-fargate`,
      taskDefinition: `kodus-${app}-fargate`,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
          securityGroups: ['sg-0123456789abcdef0'],
          assignPublicIp: 'DISABLED',
        },
      },
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    });
    expect(EC2_ONLY_SERVICE.filter((key) => key in service)).toEqual([]);
  });
});

describe('Fargate services of the HTTP apps', () => {
  it.each([
    ['webhook-handler', SAMPLE.TARGET_GROUP_WEBHOOK_HANDLER_FARGATE, 3332],
    ['api-rest', SAMPLE.TARGET_GROUP_API_REST_FARGATE, 3331],
  ])('%s registers with its own ip target group', (app, targetGroupArn, containerPort) => {
    expect(fargateService(app).loadBalancers).toEqual([
      { targetGroupArn, containerName: app, containerPort },
    ]);
  });

  it('refuses to render without the subnets, security groups and ip target group', () => {
    const { FARGATE_SUBNETS: _subnets, TARGET_GROUP_API_REST_FARGATE: _group, ...rest } = SAMPLE;
    const given = renderer.placeholderValues(rest);
    expect(() =>
      renderer.fargateService(renderer.render(readServiceTemplate('api-rest'), given), given),
    ).toThrow('no value for FARGATE_SUBNETS, TARGET_GROUP_API_REST_FARGATE');
  });
});

describe('the worker logs', () => {
  it('send Embedded Metric Format lines as metrics (awslogs-format json/emf), on EC2 and on Fargate', () => {
    const ec2 = (ec2Task('worker').containerDefinitions as Container[])[0]!;
    expect(ec2.logConfiguration?.options['awslogs-format']).toBe('json/emf');
    expect(fargateTask('worker').containerDefinitions[0]!.logConfiguration?.options['awslogs-format']).toBe(
      'json/emf',
    );
  });
});
