import { move, parseMoveArgs } from '../src';
import { renderDefinitions, standIns } from './support/fixture';

type StandIns = Awaited<ReturnType<typeof standIns>>;

let ec2: ReturnType<typeof renderDefinitions>;
let fargate: ReturnType<typeof renderDefinitions>;
let s: StandIns;

beforeAll(() => {
  ec2 = renderDefinitions('ec2');
  fargate = renderDefinitions('fargate');
});
afterAll(() => {
  ec2.remove();
  fargate.remove();
});
beforeEach(async () => {
  s = await standIns({ 'kodus-worker': ['online'] });
});
afterEach(() => s.close());

const run = (dir: string, ...argv: string[]) =>
  move(parseMoveArgs([...argv, '--definitions', dir], {}, '/'), s.context);

describe('the worker from its EC2 service to Fargate and back', () => {
  it('side-by-side beside kodus-worker, cutover scales it to 0, rollback brings it back', async () => {
    // The worker already moved from PM2 to the EC2 service.
    await expect(run(ec2.dir, 'side-by-side', 'worker')).resolves.toBe(true);
    await expect(run(ec2.dir, 'cutover', 'worker')).resolves.toBe(true);
    s.take();

    await expect(run(fargate.dir, 'side-by-side', 'worker', '--from-service', 'kodus-worker')).resolves.toBe(
      true,
    );
    expect(s.take()).toEqual([
      'ecs:DescribeServices', // kodus-worker runs
      'ecs:RegisterTaskDefinition',
      'ecs:DescribeServices',
      'ecs:CreateService',
      'ecs:DescribeServices',
      'ecs:ListTasks',
      'ecs:DescribeTasks',
    ]);
    const task = s.aws.calls.find(
      (c) => c.operation === 'RegisterTaskDefinition' && c.input.family === 'kodus-worker-fargate',
    );
    expect(task?.input).toMatchObject({
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '512',
      memory: '1024',
    });
    const create = s.aws.calls.filter((c) => c.operation === 'CreateService').at(-1)?.input;
    expect(create).toMatchObject({ serviceName: 'kodus-worker-fargate', launchType: 'FARGATE' });

    await expect(run(fargate.dir, 'cutover', 'worker', '--from-service', 'kodus-worker')).resolves.toBe(true);
    expect(s.take()).toEqual([
      'ecs:DescribeServices',
      'ecs:ListTasks',
      'ecs:DescribeTasks',
      'ecs:UpdateService', // kodus-worker → 0
      'ecs:DescribeServices',
    ]);
    expect(s.aws.services.get('kodus-worker')?.desiredCount).toBe(0);

    await expect(run(fargate.dir, 'rollback', 'worker', '--from-service', 'kodus-worker')).resolves.toBe(
      true,
    );
    expect(s.take()).toEqual([
      'ecs:UpdateService', // kodus-worker → 1
      'ecs:DescribeServices',
      'ecs:ListTasks',
      'ecs:DescribeTasks',
      'ecs:UpdateService', // kodus-worker-fargate → 0
      'ecs:DescribeServices',
    ]);
    expect(s.aws.services.get('kodus-worker')?.desiredCount).toBe(1);
    expect(s.aws.services.get('kodus-worker-fargate')?.desiredCount).toBe(0);
  });

  it('refuses to start beside a service that does not run', async () => {
    await expect(run(fargate.dir, 'side-by-side', 'worker', '--from-service', 'kodus-worker')).resolves.toBe(
      false,
    );
    expect(s.take()).toEqual(['ecs:DescribeServices']);
  });
});
