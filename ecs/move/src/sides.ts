import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import {
  DeregisterTargetsCommand,
  RegisterTargetsCommand,
  type TargetDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { MoveApp } from './apps';
import {
  describeService,
  describeTarget,
  pm2Is,
  serviceScaledDown,
  serviceStable,
  targetState,
  tasksHealthy,
} from './checks';
import { describeCall, type Step, step, waitFor } from './plan';

/**
 * What the app runs on before the move: PM2 on the host (the move to ECS), or an ECS service (the move
 * from the EC2 service to its Fargate twin). Each side says how it is checked beside the new service,
 * retired at cutover and brought back by a rollback.
 */
export interface OldSide {
  readonly label: string;
  /** The PM2 target in the new service's target group, left out when counting the ECS targets. */
  readonly target?: TargetDescription;
  beside(): Step[];
  /** Stops serving; `check` runs once nothing else serves, and a failure there undoes the retirement. */
  retire(check?: Step): Step[];
  restore(): Step[];
}

export function pm2Side(
  app: MoveApp,
  pm2Target: TargetDescription | undefined,
  targetGroupArn: string | undefined,
): OldSide {
  const name = app.pm2Name;
  const http = pm2Target !== undefined && targetGroupArn !== undefined;
  const register = http
    ? new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: [pm2Target] })
    : undefined;
  const deregister = http
    ? new DeregisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: [pm2Target] })
    : undefined;
  const back: Step[] =
    register !== undefined && http
      ? [
          step(describeCall('elbv2', register), (c) => c.elb.send(register)),
          waitFor(
            `${describeHealth(targetGroupArn, pm2Target)} until the PM2 target is healthy`,
            async (c) => {
              const state = await targetState(c, targetGroupArn, pm2Target);
              return {
                done: state === 'healthy',
                detail: `PM2 target ${describeTarget(pm2Target)}: ${state}`,
              };
            },
          ),
        ]
      : [];
  return {
    label: `PM2 (${name}${http ? ` on ${describeTarget(pm2Target)}` : ''})`,
    ...(pm2Target !== undefined ? { target: pm2Target } : {}),
    beside: () => [
      // A precondition, not a wait: side-by-side starts beside a running PM2 app.
      step(`pm2 jlist: ${name} is online (it keeps serving beside ECS)`, async (c) => {
        const progress = await pm2Is(c, name, 'online');
        if (!progress.done) throw new Error(`${progress.detail}; a rollback starts it again`);
      }),
      ...back,
    ],
    retire: (check) => [
      ...(deregister !== undefined && http
        ? [
            step(describeCall('elbv2', deregister), (c) => c.elb.send(deregister)),
            waitFor(
              `${describeHealth(targetGroupArn, pm2Target)} until the PM2 target has drained (unused)`,
              async (c) => {
                const state = await targetState(c, targetGroupArn, pm2Target);
                return {
                  done: state === 'unused',
                  detail: `PM2 target ${describeTarget(pm2Target)}: ${state}`,
                };
              },
            ),
          ]
        : []),
      ...(check !== undefined ? [undoing(check, back, `PM2 target put back in the target group`)] : []),
      step(`pm2 stop ${name} (SIGINT: it drains; its ecosystem entry stays for a rollback)`, (c) =>
        c.pm2.stop(name),
      ),
      waitFor(`pm2 jlist until ${name} is stopped`, (c) => pm2Is(c, name, 'stopped')),
    ],
    restore: () => [
      step(
        `pm2 start ${name} (or, when PM2 no longer lists it, pm2 start pm2/ecosystem.config.js --only ${name} --env production)`,
        (c) => c.pm2.start(name),
      ),
      waitFor(`pm2 jlist until every ${name} process is online`, (c) => pm2Is(c, name, 'online')),
      ...back,
    ],
  };
}

export function serviceSide(cluster: string, name: string, count: number): OldSide {
  const down = new UpdateServiceCommand({ cluster, service: name, desiredCount: 0 });
  const up = new UpdateServiceCommand({ cluster, service: name, desiredCount: count });
  const back: Step[] = [
    step(describeCall('ecs', up), (c) => c.ecs.send(up)),
    waitFor(`ecs DescribeServices until ${name} is stable`, (c) => serviceStable(c, cluster, name)),
    waitFor(`ecs ListTasks + DescribeTasks until ${name}'s tasks are RUNNING and HEALTHY`, (c) =>
      tasksHealthy(c, cluster, name, count),
    ),
  ];
  return {
    label: `ECS service ${name}`,
    beside: () => [
      step(
        `ecs DescribeServices ${JSON.stringify({ cluster, services: [name] })}: ${name} exists and runs tasks`,
        async (c) => {
          const service = await describeService(c, cluster, name);
          if ((service.runningCount ?? 0) === 0)
            throw new Error(`${name} runs no task: there is nothing to move from`);
        },
      ),
    ],
    retire: (check) => [
      step(describeCall('ecs', down), (c) => c.ecs.send(down)),
      waitFor(`ecs DescribeServices until ${name} runs no task (ECS drains its targets first)`, (c) =>
        serviceScaledDown(c, cluster, name),
      ),
      ...(check !== undefined ? [undoing(check, back, `${name} scaled back to ${count}`)] : []),
    ],
    restore: () => back,
  };
}

const describeHealth = (targetGroupArn: string, target: TargetDescription) =>
  `elbv2 DescribeTargetHealth ${JSON.stringify({ TargetGroupArn: targetGroupArn, Targets: [target] })}`;

/** `check`, and when it fails, `undo` before the failure is reported (so the old side serves again). */
function undoing(check: Step, undo: Step[], undone: string): Step {
  return {
    say: `${check.say}; if it fails: ${undo.map((s) => s.say).join(', then ')}, and stop`,
    run: async (context) => {
      try {
        await check.run(context);
      } catch (error) {
        context.print(`  ✗ ${error instanceof Error ? error.message : String(error)}: undoing`);
        for (const s of undo) {
          context.print(`  → ${s.say}`);
          await s.run(context);
        }
        throw new Error(`${error instanceof Error ? error.message : String(error)} (${undone})`, {
          cause: error,
        });
      }
    },
  };
}
