import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  type TargetDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { MoveApp } from './apps';
import { describeTarget } from './checks';
import type { AppDefinitions } from './definitions';
import { type Step, step } from './plan';

export interface StatusInput {
  readonly app: MoveApp;
  readonly definitions: AppDefinitions;
  readonly pm2Target?: TargetDescription;
}

/** Which side serves the app: `pm2`, `ecs`, `pm2+ecs` or `nothing`, from PM2, ECS and the target group. */
export function statusStep({ app, definitions, pm2Target }: StatusInput): Step {
  const { cluster, serviceName } = definitions.service;
  const group = definitions.targetGroupArn;
  const reads = [
    `pm2 jlist (${app.pm2Name})`,
    `ecs DescribeServices ${JSON.stringify({ cluster, services: [serviceName] })}`,
    ...(group !== undefined
      ? [`elbv2 DescribeTargetHealth ${JSON.stringify({ TargetGroupArn: group })}`]
      : []),
  ];
  return step(`${app.name}: ${reads.join('; ')}`, async (c) => {
    const { statuses } = await c.pm2.describe(app.pm2Name);
    const online = statuses.filter((s) => s === 'online').length;
    const answer = await c.ecs.send(new DescribeServicesCommand({ cluster, services: [serviceName] }));
    const service = answer.services?.find((s) => s.serviceName === serviceName && s.status !== 'INACTIVE');
    const running = service?.runningCount ?? 0;
    let pm2Serves = online > 0;
    let ecsServes = running > 0;
    let pm2Detail = `pm2 ${app.pm2Name}: ${statuses.length === 0 ? 'not listed' : statuses.join(', ')}`;
    let ecsDetail = `ecs ${serviceName}: ${service === undefined ? 'absent' : `${running}/${service.desiredCount ?? 0} running`}`;
    if (group !== undefined) {
      const health = await c.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: group }));
      const all = health.TargetHealthDescriptions ?? [];
      const isPm2 = (t?: TargetDescription) =>
        pm2Target !== undefined && t?.Id === pm2Target.Id && t?.Port === pm2Target.Port;
      const pm2State = all.find((d) => isPm2(d.Target))?.TargetHealth?.State ?? 'not registered';
      const ecsHealthy = all.filter((d) => !isPm2(d.Target) && d.TargetHealth?.State === 'healthy').length;
      if (pm2Target !== undefined) {
        // Not registered: PM2 is reached some other way (before side-by-side), or not at all once stopped.
        pm2Serves = pm2Serves && (pm2State === 'healthy' || pm2State === 'not registered');
        pm2Detail += `, target ${describeTarget(pm2Target)} ${pm2State}`;
      }
      ecsServes = ecsHealthy > 0;
      ecsDetail += `, ${ecsHealthy} healthy target(s)`;
    }
    const serves =
      [pm2Serves ? 'pm2' : '', ecsServes ? 'ecs' : ''].filter((s) => s !== '').join('+') || 'nothing';
    c.print(`  ${app.name} is served by ${serves} — ${pm2Detail}; ${ecsDetail}`);
  });
}
