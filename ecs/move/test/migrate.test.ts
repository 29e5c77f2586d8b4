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
  s = await standIns({});
});
afterEach(() => s.close());

const migrate = (dir: string) => move(parseMoveArgs(['migrate', '--definitions', dir], {}, '/'), s.context);

describe('migrate', () => {
  it('registers the one-off task, runs it on EC2 and waits for exit 0', async () => {
    await expect(migrate(ec2.dir)).resolves.toBe(true);
    expect(s.take()).toEqual(['ecs:RegisterTaskDefinition', 'ecs:RunTask', 'ecs:DescribeTasks']);
    expect(s.aws.calls.find((c) => c.operation === 'RunTask')?.input).toEqual({
      cluster: 'kodus',
      taskDefinition: 'kodus-migrate',
      count: 1,
      startedBy: 'kodus-move',
      launchType: 'EC2',
      // The SDK's model fills RunTask's idempotency token itself.
      clientToken: expect.any(String),
    });
  });

  it('fails when the migration exits non-zero', async () => {
    s.aws.migrateExitCode = 1;
    await expect(migrate(ec2.dir)).resolves.toBe(false);
    expect(s.output.join('\n')).toMatch(/the migration exited 1/);
  });

  it('runs on Fargate in the services subnets', async () => {
    await expect(migrate(fargate.dir)).resolves.toBe(true);
    expect(s.aws.calls.find((c) => c.operation === 'RunTask')?.input).toMatchObject({
      taskDefinition: 'kodus-migrate-fargate',
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] },
      },
    });
  });
});
