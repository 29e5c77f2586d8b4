import { DescribeTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import type { AppDefinitions } from './definitions';
import { describeCall, type Step, step, waitFor } from './plan';

/**
 * The migration once per deploy, as an ECS one-off task: register `migrate`, run one task the way the
 * services run (EC2, or Fargate in the services' subnets), wait until it stops, require exit code 0.
 */
export function planMigrate(
  migrate: AppDefinitions['taskDefinition'],
  service: AppDefinitions['service'],
): Step[] {
  const fargate = migrate.requiresCompatibilities?.includes('FARGATE') === true;
  const register = new RegisterTaskDefinitionCommand(migrate);
  const runTask = new RunTaskCommand({
    cluster: service.cluster,
    taskDefinition: migrate.family,
    count: 1,
    startedBy: 'kodus-move',
    launchType: fargate ? 'FARGATE' : 'EC2',
    ...(fargate && service.networkConfiguration !== undefined
      ? { networkConfiguration: service.networkConfiguration }
      : {}),
  });
  let taskArn: string | undefined;
  return [
    step(describeCall('ecs', register), (c) => c.ecs.send(register)),
    step(describeCall('ecs', runTask), async (c) => {
      const answer = await c.ecs.send(runTask);
      taskArn = answer.tasks?.[0]?.taskArn;
      if (taskArn === undefined) {
        const reasons = (answer.failures ?? []).map((f) => f.reason ?? 'unknown').join(', ');
        throw new Error(`ECS started no migration task${reasons !== '' ? `: ${reasons}` : ''}`);
      }
    }),
    waitFor(`ecs DescribeTasks until the migration task has stopped, with exit code 0`, async (c) => {
      const answer = await c.ecs.send(
        new DescribeTasksCommand({ cluster: service.cluster, tasks: [taskArn ?? ''] }),
      );
      const task = answer.tasks?.[0];
      if (task?.lastStatus !== 'STOPPED')
        return { done: false, detail: `migration task ${task?.lastStatus ?? 'not found'}` };
      const exitCode = task.containers?.[0]?.exitCode;
      if (exitCode !== 0) {
        throw new Error(
          `the migration exited ${exitCode ?? '(no exit code)'}: ${task.stoppedReason ?? ''} (logs: /kodus/migrate)`,
        );
      }
      return { done: true, detail: 'migration task exited 0' };
    }),
  ];
}
