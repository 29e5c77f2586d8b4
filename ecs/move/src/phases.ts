import {
  CreateServiceCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type { MoveApp } from './apps';
import { describeService, serviceScaledDown, serviceStable, targetsHealthy, tasksHealthy } from './checks';
import type { AppDefinitions } from './definitions';
import { describeCall, type Step, step, waitFor } from './plan';
import { describeProbe, probeApp, type ProbeSecrets } from './probe';
import type { OldSide } from './sides';

export interface PhaseInput {
  readonly app: MoveApp;
  readonly definitions: AppDefinitions;
  readonly old: OldSide;
  /** Base URL that reaches the app through the load balancer (HTTP apps). */
  readonly url?: string;
  readonly probes: number;
  readonly secrets: ProbeSecrets;
}

/** The synthetic request through the load balancer, for the HTTP apps. */
function probe(input: PhaseInput): Step | undefined {
  const { app, url } = input;
  if (app.port === undefined) return undefined;
  if (url === undefined)
    throw new Error(`${app.name}: the URL through the load balancer is needed (--url or ${app.urlVariable})`);
  return step(describeProbe(app, url, input.probes, input.secrets), () =>
    probeApp(app, url, input.secrets, input.probes),
  );
}

/** The new service healthy: stable, its tasks RUNNING and HEALTHY, its targets healthy in the ALB. */
function healthyChecks(input: PhaseInput): Step[] {
  const { service, targetGroupArn } = input.definitions;
  const { cluster, serviceName: name, desiredCount } = service;
  const steps = [
    waitFor(
      `ecs DescribeServices ${JSON.stringify({ cluster, services: [name] })} until one deployment runs ${desiredCount} task(s)`,
      (c) => serviceStable(c, cluster, name),
    ),
    waitFor(`ecs ListTasks + DescribeTasks until ${name}'s tasks are RUNNING and HEALTHY`, (c) =>
      tasksHealthy(c, cluster, name, desiredCount),
    ),
  ];
  if (targetGroupArn !== undefined) {
    steps.push(
      waitFor(
        `elbv2 DescribeTargetHealth ${JSON.stringify({ TargetGroupArn: targetGroupArn })} until ${desiredCount} ECS target(s) are healthy`,
        (c) => targetsHealthy(c, targetGroupArn, desiredCount, input.old.target),
      ),
    );
  }
  return steps;
}

/** Register the task definition, run the service beside the old side, and check it serves. */
export function planSideBySide(input: PhaseInput): Step[] {
  const { taskDefinition, service } = input.definitions;
  const register = new RegisterTaskDefinitionCommand(taskDefinition);
  const create = new CreateServiceCommand(service);
  const update = new UpdateServiceCommand({
    cluster: service.cluster,
    service: service.serviceName,
    taskDefinition: service.taskDefinition,
    desiredCount: service.desiredCount,
  });
  const check = probe(input);
  return [
    ...input.old.beside(),
    step(describeCall('ecs', register), (c) => c.ecs.send(register)),
    step(
      `${describeCall('ecs', create)} — or, when ${service.serviceName} already exists, ${describeCall('ecs', update)}`,
      async (c) => {
        const existing = await describeService(c, service.cluster, service.serviceName).then(
          (s) => (s.status === 'ACTIVE' ? s : undefined),
          () => undefined,
        );
        if (existing === undefined) {
          await c.ecs.send(create);
          return;
        }
        // The checks below read the rendered target group: it must be the one the service registers with.
        const groups = (existing.loadBalancers ?? []).map((b) => b.targetGroupArn);
        const wanted = input.definitions.targetGroupArn;
        if (wanted !== undefined && !groups.includes(wanted)) {
          throw new Error(
            `${service.serviceName} registers with ${groups.join(', ') || 'no target group'}, not ${wanted}: render with the stack's target group`,
          );
        }
        await c.ecs.send(update);
      },
    ),
    ...healthyChecks(input),
    ...(check !== undefined ? [check] : []),
  ];
}

/** Only when the new service is healthy: retire the old side, check the app through the balancer. */
export function planCutover(input: PhaseInput): Step[] {
  return [...healthyChecks(input), ...input.old.retire(probe(input))];
}

/** Bring the old side back, then scale the new service to 0. */
export function planRollback(input: PhaseInput): Step[] {
  const { cluster, serviceName } = input.definitions.service;
  const down = new UpdateServiceCommand({ cluster, service: serviceName, desiredCount: 0 });
  const check = probe(input);
  return [
    ...input.old.restore(),
    step(describeCall('ecs', down), (c) => c.ecs.send(down)),
    waitFor(`ecs DescribeServices until ${serviceName} runs no task`, (c) =>
      serviceScaledDown(c, cluster, serviceName),
    ),
    ...(check !== undefined ? [check] : []),
  ];
}
