import { DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  type TargetDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { MoveContext, Progress } from './plan';

const sameTarget = (a: TargetDescription | undefined, b: TargetDescription) =>
  a?.Id === b.Id && (b.Port === undefined || a?.Port === b.Port);

export const describeTarget = (t: TargetDescription) => `${t.Id}${t.Port !== undefined ? `:${t.Port}` : ''}`;

/** The service as ECS describes it; throws when it does not exist (waiting would not create it). */
export async function describeService(context: MoveContext, cluster: string, name: string) {
  const answer = await context.ecs.send(new DescribeServicesCommand({ cluster, services: [name] }));
  const service = answer.services?.find((s) => s.serviceName === name);
  if (service === undefined || service.status === 'INACTIVE') {
    throw new Error(`service ${name} does not exist in cluster ${cluster}`);
  }
  return service;
}

/** One deployment, fully rolled out, every desired task running; a failed rollout stops the wait. */
export async function serviceStable(context: MoveContext, cluster: string, name: string): Promise<Progress> {
  const service = await describeService(context, cluster, name);
  const deployments = service.deployments ?? [];
  const primary = deployments.find((d) => d.status === 'PRIMARY');
  if (primary?.rolloutState === 'FAILED') {
    throw new Error(`${name}: deployment failed (${primary.rolloutStateReason ?? 'no reason given'})`);
  }
  const running = service.runningCount ?? 0;
  const desired = service.desiredCount ?? 0;
  const rollout = primary?.rolloutState ?? 'COMPLETED';
  return {
    done:
      service.status === 'ACTIVE' &&
      deployments.length === 1 &&
      desired > 0 &&
      running === desired &&
      rollout === 'COMPLETED',
    detail: `${name}: ${running}/${desired} running, ${deployments.length} deployment(s), rollout ${rollout}`,
  };
}

/** Every task the service runs is RUNNING and its health checks say HEALTHY; at least `minimum` of them. */
export async function tasksHealthy(
  context: MoveContext,
  cluster: string,
  name: string,
  minimum: number,
): Promise<Progress> {
  const listed = await context.ecs.send(
    new ListTasksCommand({ cluster, serviceName: name, desiredStatus: 'RUNNING' }),
  );
  const arns = listed.taskArns ?? [];
  if (arns.length === 0) return { done: false, detail: `${name}: no task running yet` };
  const described = await context.ecs.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(0, 100) }));
  const tasks = described.tasks ?? [];
  const healthy = tasks.filter((t) => t.lastStatus === 'RUNNING' && t.healthStatus === 'HEALTHY').length;
  const states = tasks.map((t) => `${t.lastStatus ?? '?'}/${t.healthStatus ?? '?'}`).join(', ');
  return {
    done: healthy >= minimum && healthy === tasks.length,
    detail: `${name}: ${healthy} of ${tasks.length} task(s) RUNNING and HEALTHY (${states}), ${minimum} needed`,
  };
}

/** Targets of the group other than `except` (the PM2 host) that the load balancer finds healthy. */
export async function targetsHealthy(
  context: MoveContext,
  targetGroupArn: string,
  minimum: number,
  except?: TargetDescription,
): Promise<Progress> {
  const answer = await context.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
  const others = (answer.TargetHealthDescriptions ?? []).filter(
    (d) => except === undefined || !sameTarget(d.Target, except),
  );
  const healthy = others.filter((d) => d.TargetHealth?.State === 'healthy').length;
  return {
    done: healthy >= minimum,
    detail: `${healthy} healthy ECS target(s) of ${others.length} in the target group, ${minimum} needed`,
  };
}

/** The load balancer's state for one target: healthy, initial, draining, unused (not registered)... */
export async function targetState(
  context: MoveContext,
  targetGroupArn: string,
  target: TargetDescription,
): Promise<string> {
  const answer = await context.elb.send(
    new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn, Targets: [target] }),
  );
  const found = answer.TargetHealthDescriptions?.find((d) => sameTarget(d.Target, target));
  return found?.TargetHealth?.State ?? 'unused';
}

export async function serviceScaledDown(
  context: MoveContext,
  cluster: string,
  name: string,
): Promise<Progress> {
  const service = await describeService(context, cluster, name);
  const running = (service.runningCount ?? 0) + (service.pendingCount ?? 0);
  return {
    done: service.desiredCount === 0 && running === 0,
    detail: `${name}: desired ${service.desiredCount ?? '?'}, ${running} task(s) still running or pending`,
  };
}

export async function pm2Is(
  context: MoveContext,
  name: string,
  wanted: 'online' | 'stopped',
): Promise<Progress> {
  const { statuses } = await context.pm2.describe(name);
  return {
    done: statuses.length > 0 && statuses.every((s) => s === wanted),
    detail: `pm2 ${name}: ${statuses.length === 0 ? 'not in the process list' : statuses.join(', ')}`,
  };
}
