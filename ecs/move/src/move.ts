import type { TargetDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import { readDefinitions, readTaskDefinition } from './definitions';
import { planMigrate } from './migrate';
import type { MoveOptions } from './options';
import { planCutover, planRollback, planSideBySide, type PhaseInput } from './phases';
import { type MoveContext, runPlan, type Step } from './plan';
import { type OldSide, pm2Side, serviceSide } from './sides';
import { statusStep } from './status';

function pm2TargetOf(options: MoveOptions, port: number | undefined): TargetDescription | undefined {
  if (port === undefined || options.pm2InstanceId === undefined) return undefined;
  return { Id: options.pm2InstanceId, Port: options.pm2Port ?? port };
}

/** The steps of the chosen phase (for status: one read per app). */
export function planFor(options: MoveOptions): { title: string; steps: Step[] } {
  if (options.phase === 'migrate') {
    // The cluster (and on Fargate the subnets) are the services': the worker's is read for them.
    const { service } = readDefinitions(options.definitions, 'worker');
    return {
      title: `migrate (${options.definitions})`,
      steps: planMigrate(readTaskDefinition(options.definitions, 'migrate'), service),
    };
  }
  if (options.phase === 'status') {
    return {
      title: `status of ${options.apps.map((a) => a.name).join(', ')} (${options.definitions})`,
      steps: options.apps.map((app) => {
        const pm2Target = pm2TargetOf(options, app.port);
        return statusStep({
          app,
          definitions: readDefinitions(options.definitions, app.name),
          ...(pm2Target !== undefined ? { pm2Target } : {}),
        });
      }),
    };
  }
  const app = options.apps[0]!;
  const definitions = readDefinitions(options.definitions, app.name);
  const old: OldSide =
    options.fromService !== undefined
      ? serviceSide(
          definitions.service.cluster,
          options.fromService,
          options.count ?? definitions.service.desiredCount,
        )
      : pm2Side(app, pm2TargetOf(options, app.port), definitions.targetGroupArn);
  const input: PhaseInput = {
    app,
    definitions,
    old,
    ...(options.url !== undefined ? { url: options.url } : {}),
    probes: options.probes,
    secrets: options.secrets,
  };
  const plan = { 'side-by-side': planSideBySide, cutover: planCutover, rollback: planRollback }[
    options.phase
  ];
  return {
    title: `${options.phase} ${app.name}: ${old.label} ↔ ECS service ${definitions.service.serviceName}`,
    steps: plan(input),
  };
}

/** Runs (or, with --dry-run, prints) the phase; true when every step passed. */
export async function move(options: MoveOptions, context: MoveContext): Promise<boolean> {
  const { title, steps } = planFor(options);
  return runPlan(title, steps, context, options.dryRun);
}
