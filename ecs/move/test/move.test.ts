import { move, parseMoveArgs } from '../src';
import {
  API_TOKEN,
  PM2_INSTANCE,
  RENDER_ENV,
  renderDefinitions,
  standIns,
  WEBHOOK_SECRET,
  WEBHOOK_SECRETS,
} from './support/fixture';

type StandIns = Awaited<ReturnType<typeof standIns>>;

const ENV = { GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET, API_ADMIN_TOKEN: API_TOKEN };
const WEBHOOK_GROUP = RENDER_ENV.TARGET_GROUP_WEBHOOK_HANDLER;
const PM2_TARGET = [{ Id: PM2_INSTANCE, Port: '3332' }];

let ec2: ReturnType<typeof renderDefinitions>;
let s: StandIns;

beforeAll(() => {
  ec2 = renderDefinitions('ec2');
});
afterAll(() => ec2.remove());
beforeEach(async () => {
  s = await standIns({
    'kodus-webhook': ['online', 'online'],
    'kodus-api': ['online', 'online'],
    'kodus-worker': ['online'],
  });
});
afterEach(() => s.close());

function run(...argv: string[]): Promise<boolean> {
  const options = parseMoveArgs([...argv, '--definitions', ec2.dir, '--url', s.balancer.url], ENV, '/');
  return move(options, s.context);
}

const webhook = (phase: string) => run(phase, 'webhook-handler', '--pm2-instance', PM2_INSTANCE);

describe('webhook-handler from PM2 to ECS', () => {
  it('side-by-side registers, creates the service beside PM2, waits healthy and sends a signed ping', async () => {
    await expect(webhook('side-by-side')).resolves.toBe(true);
    expect(s.take()).toEqual([
      'pm2:jlist',
      'elbv2:RegisterTargets',
      'elbv2:DescribeTargetHealth',
      'ecs:RegisterTaskDefinition',
      'ecs:DescribeServices',
      'ecs:CreateService',
      'ecs:DescribeServices',
      'ecs:ListTasks',
      'ecs:DescribeTasks',
      'elbv2:DescribeTargetHealth',
      // The signed ping accepted, the same ping signed with another key refused (3 times: one shown).
      'alb:POST /webhooks/github 200',
      'alb:POST /webhooks/github 401',
    ]);
    expect(s.balancer.requests).toHaveLength(6);
    const [register] = s.aws.calls.filter((c) => c.operation === 'RegisterTargets');
    expect(register?.input).toEqual({ TargetGroupArn: WEBHOOK_GROUP, Targets: PM2_TARGET });
    const create = s.aws.calls.find((c) => c.operation === 'CreateService')?.input;
    expect(create).toMatchObject({
      cluster: 'kodus',
      serviceName: 'kodus-webhook-handler',
      launchType: 'EC2',
      loadBalancers: [
        { targetGroupArn: WEBHOOK_GROUP, containerName: 'webhook-handler', containerPort: 3332 },
      ],
    });
    const task = s.aws.calls.find((c) => c.operation === 'RegisterTaskDefinition')?.input;
    expect(task).toMatchObject({ family: 'kodus-webhook-handler', networkMode: 'bridge' });
  });

  it('a second side-by-side updates the existing service instead of creating it again', async () => {
    await webhook('side-by-side');
    s.take();
    await expect(webhook('side-by-side')).resolves.toBe(true);
    const operations = s.take();
    expect(operations).toContain('ecs:UpdateService');
    expect(operations).not.toContain('ecs:CreateService');
  });

  it('refuses to update an existing service that registers with another target group', async () => {
    await webhook('side-by-side');
    s.aws.services.get('kodus-webhook-handler')!.targetGroupArn =
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/other/0';
    s.take();
    await expect(webhook('side-by-side')).resolves.toBe(false);
    expect(s.take().slice(-2)).toEqual(['ecs:RegisterTaskDefinition', 'ecs:DescribeServices']);
    expect(s.output.join('\n')).toMatch(/registers with .*targetgroup\/other\/0, not .*kodus-webhook/);
  });

  it('cutover drains the PM2 target, checks ECS alone serves, then stops PM2 and keeps its entry', async () => {
    await webhook('side-by-side');
    s.take();
    await expect(webhook('cutover')).resolves.toBe(true);
    expect(s.take()).toEqual([
      'ecs:DescribeServices',
      'ecs:ListTasks',
      'ecs:DescribeTasks',
      'elbv2:DescribeTargetHealth',
      'elbv2:DeregisterTargets',
      'elbv2:DescribeTargetHealth', // draining, then unused
      'alb:POST /webhooks/github 200',
      'alb:POST /webhooks/github 401',
      'pm2:stop kodus-webhook',
      'pm2:jlist',
    ]);
    const deregister = s.aws.calls.find((c) => c.operation === 'DeregisterTargets');
    expect(deregister?.input).toEqual({ TargetGroupArn: WEBHOOK_GROUP, Targets: PM2_TARGET });
    expect((await s.pm2.describe('kodus-webhook')).statuses).toEqual(['stopped', 'stopped']);
  });

  it('rollback starts PM2, puts it back in the target group, then scales the service to 0', async () => {
    await webhook('side-by-side');
    await webhook('cutover');
    s.take();
    await expect(webhook('rollback')).resolves.toBe(true);
    expect(s.take()).toEqual([
      'pm2:start kodus-webhook',
      'pm2:jlist',
      'elbv2:RegisterTargets',
      'elbv2:DescribeTargetHealth',
      'ecs:UpdateService',
      'ecs:DescribeServices',
      'alb:POST /webhooks/github 200',
      'alb:POST /webhooks/github 401',
    ]);
    expect(s.aws.calls.filter((c) => c.operation === 'UpdateService').at(-1)?.input).toEqual({
      cluster: 'kodus',
      service: 'kodus-webhook-handler',
      desiredCount: 0,
    });
    expect((await s.pm2.describe('kodus-webhook')).statuses).toEqual(['online', 'online']);
  });

  it('unhealthy ECS tasks stop side-by-side before the probe, and cutover before anything changes', async () => {
    s.aws.taskHealth = 'UNHEALTHY';
    await expect(webhook('side-by-side')).resolves.toBe(false);
    const sideBySide = s.take();
    expect(sideBySide.at(-1)).toBe('ecs:DescribeTasks');
    expect(sideBySide.filter((o) => o.startsWith('alb:'))).toEqual([]);
    expect(s.output.join('\n')).toMatch(/failed: gave up after .*0 of 2 task\(s\) RUNNING and HEALTHY/);

    await expect(webhook('cutover')).resolves.toBe(false);
    expect(s.take()).toEqual(['ecs:DescribeServices', 'ecs:ListTasks', 'ecs:DescribeTasks']);
    expect((await s.pm2.describe('kodus-webhook')).statuses).toEqual(['online', 'online']);
  });

  it('unhealthy ECS targets in the load balancer stop cutover before the PM2 target is touched', async () => {
    s.aws.ecsTargetHealth = 'unhealthy';
    await expect(webhook('side-by-side')).resolves.toBe(false);
    s.take();
    await expect(webhook('cutover')).resolves.toBe(false);
    const operations = s.take();
    expect(operations.at(-1)).toBe('elbv2:DescribeTargetHealth');
    expect(operations).not.toContain('elbv2:DeregisterTargets');
    expect(operations).not.toContain('pm2:stop kodus-webhook');
  });

  it('a failed check after draining puts the PM2 target back and leaves PM2 running', async () => {
    await webhook('side-by-side');
    s.take();
    s.balancer.healthy = false;
    await expect(webhook('cutover')).resolves.toBe(false);
    expect(s.take()).toEqual([
      'ecs:DescribeServices',
      'ecs:ListTasks',
      'ecs:DescribeTasks',
      'elbv2:DescribeTargetHealth',
      'elbv2:DeregisterTargets',
      'elbv2:DescribeTargetHealth',
      'alb:POST /webhooks/github 502',
      'elbv2:RegisterTargets',
      'elbv2:DescribeTargetHealth',
    ]);
    expect(s.output.join('\n')).toMatch(/answered 502.*PM2 target put back in the target group/);
    expect((await s.pm2.describe('kodus-webhook')).statuses).toEqual(['online', 'online']);
  });

  it('a webhook handler holding another secret fails the side-by-side check', async () => {
    const options = parseMoveArgs(
      [
        'side-by-side',
        'webhook-handler',
        '--pm2-instance',
        PM2_INSTANCE,
        '--definitions',
        ec2.dir,
        '--url',
        s.balancer.url,
      ],
      { GITHUB_WEBHOOK_SECRET: 'another-secret' },
      '/',
    );
    await expect(move(options, s.context)).resolves.toBe(false);
    expect(s.take().at(-1)).toBe('alb:POST /webhooks/github 401');
    expect(s.output.join('\n')).not.toContain('another-secret');
  });
  it('checks every provider whose webhook secret is set (a handler for GitLab, Bitbucket and Azure DevOps only)', async () => {
    const env = {
      GITLAB_WEBHOOK_TOKEN: WEBHOOK_SECRETS.gitlab,
      BITBUCKET_WEBHOOK_SECRET: WEBHOOK_SECRETS.bitbucket,
      AZURE_DEVOPS_WEBHOOK_USER: WEBHOOK_SECRETS.azureDevops.user,
      AZURE_DEVOPS_WEBHOOK_PASSWORD: WEBHOOK_SECRETS.azureDevops.password,
    };
    const argv = ['side-by-side', 'webhook-handler', '--pm2-instance', PM2_INSTANCE, '--probes', '1'];
    const options = parseMoveArgs([...argv, '--definitions', ec2.dir, '--url', s.balancer.url], env, '/');
    await expect(move(options, s.context)).resolves.toBe(true);
    expect(s.take().slice(-6)).toEqual([
      'alb:POST /webhooks/gitlab 200',
      'alb:POST /webhooks/gitlab 401',
      'alb:POST /webhooks/bitbucket 200',
      'alb:POST /webhooks/bitbucket 401',
      'alb:POST /webhooks/azure-devops 200',
      'alb:POST /webhooks/azure-devops 401',
    ]);
    const printed = s.output.join('\n');
    expect(printed).toContain(
      'webhooks/gitlab: a Push Hook carrying it as X-Gitlab-Token (GITLAB_WEBHOOK_TOKEN)',
    );
    for (const secret of Object.values(env)) {
      if (secret !== WEBHOOK_SECRETS.azureDevops.user) expect(printed).not.toContain(secret);
    }
  });

  it('without any webhook secret the check fails and names the variables to set', async () => {
    const argv = ['side-by-side', 'webhook-handler', '--pm2-instance', PM2_INSTANCE];
    const options = parseMoveArgs([...argv, '--definitions', ec2.dir, '--url', s.balancer.url], {}, '/');
    await expect(move(options, s.context)).resolves.toBe(false);
    expect(s.output.join('\n')).toMatch(
      /no webhook secret is set \(GITHUB_WEBHOOK_SECRET, GITLAB_WEBHOOK_TOKEN, BITBUCKET_WEBHOOK_SECRET, or AZURE_DEVOPS_WEBHOOK_USER and AZURE_DEVOPS_WEBHOOK_PASSWORD\)/,
    );
    expect(s.take().filter((line) => line.startsWith('alb:'))).toEqual([]);
  });

  it('side-by-side refuses to start when PM2 does not run the app', async () => {
    await s.pm2.stop('kodus-webhook');
    s.take();
    await expect(webhook('side-by-side')).resolves.toBe(false);
    expect(s.take()).toEqual(['pm2:jlist']);
    expect(s.output.join('\n')).toMatch(/pm2 kodus-webhook: stopped, stopped; a rollback starts it again/);
  });
});

describe('api-rest', () => {
  it('side-by-side checks an authenticated GET through the load balancer', async () => {
    await expect(
      run('side-by-side', 'api-rest', '--pm2-instance', PM2_INSTANCE, '--probes', '1'),
    ).resolves.toBe(true);
    expect(s.take().slice(-2)).toEqual(['alb:GET /reviews 200', 'alb:GET /reviews 401']);
    expect(s.aws.calls.find((c) => c.operation === 'RegisterTargets')?.input).toEqual({
      TargetGroupArn: RENDER_ENV.TARGET_GROUP_API_REST,
      Targets: [{ Id: PM2_INSTANCE, Port: '3331' }],
    });
    expect(s.output.join('\n')).not.toContain(API_TOKEN);
  });
});

describe('worker (no port)', () => {
  const worker = (phase: string) => run(phase, 'worker');

  it('side-by-side, cutover and rollback', async () => {
    await expect(worker('side-by-side')).resolves.toBe(true);
    expect(s.take()).toEqual([
      'pm2:jlist',
      'ecs:RegisterTaskDefinition',
      'ecs:DescribeServices',
      'ecs:CreateService',
      'ecs:DescribeServices',
      'ecs:ListTasks',
      'ecs:DescribeTasks',
    ]);
    await expect(worker('cutover')).resolves.toBe(true);
    expect(s.take()).toEqual([
      'ecs:DescribeServices',
      'ecs:ListTasks',
      'ecs:DescribeTasks',
      'pm2:stop kodus-worker',
      'pm2:jlist',
    ]);
    await expect(worker('rollback')).resolves.toBe(true);
    expect(s.take()).toEqual([
      'pm2:start kodus-worker',
      'pm2:jlist',
      'ecs:UpdateService',
      'ecs:DescribeServices',
    ]);
  });

  it('unhealthy worker tasks stop cutover before PM2 is stopped', async () => {
    await worker('side-by-side');
    s.aws.taskHealth = 'UNHEALTHY';
    s.take();
    await expect(worker('cutover')).resolves.toBe(false);
    expect(s.take()).toEqual(['ecs:DescribeServices', 'ecs:ListTasks', 'ecs:DescribeTasks']);
  });
});

describe('status', () => {
  it('says which side serves each app', async () => {
    await webhook('side-by-side');
    await run('side-by-side', 'worker');
    s.output.length = 0;
    await expect(run('status', '--pm2-instance', PM2_INSTANCE)).resolves.toBe(true);
    const lines = s.output.filter((l) => l.includes(' is served by '));
    expect(lines[0]).toMatch(
      /webhook-handler is served by pm2\+ecs .*target i-0123456789abcdef0:3332 healthy.*2\/2 running, 2 healthy target/,
    );
    expect(lines[1]).toMatch(/api-rest is served by pm2 .*ecs kodus-api-rest: absent/);
    expect(lines[2]).toMatch(/worker is served by pm2\+ecs/);
    await webhook('cutover');
    s.output.length = 0;
    await run('status', 'webhook-handler', '--pm2-instance', PM2_INSTANCE);
    expect(s.output.find((l) => l.includes(' is served by '))).toMatch(
      /webhook-handler is served by ecs — pm2 kodus-webhook: stopped, stopped/,
    );
  });
});

describe('--dry-run', () => {
  it('prints every call with its input and calls nothing', async () => {
    await expect(webhook('side-by-side').then(() => s.take())).resolves.toBeDefined();
    s.output.length = 0;
    await expect(
      run('cutover', 'webhook-handler', '--pm2-instance', PM2_INSTANCE, '--dry-run'),
    ).resolves.toBe(true);
    expect(s.take()).toEqual([]);
    const printed = s.output.join('\n');
    expect(printed).toContain('dry run');
    expect(printed).toContain(
      `elbv2 DeregisterTargets {"TargetGroupArn":"${WEBHOOK_GROUP}","Targets":[{"Id":"${PM2_INSTANCE}","Port":3332}]}`,
    );
    expect(printed).toContain('pm2 stop kodus-webhook');
    expect(printed).not.toContain(WEBHOOK_SECRET);
  });
});
