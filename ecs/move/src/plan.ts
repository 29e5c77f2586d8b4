import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Pm2Control } from './pm2';

/** What a plan runs against: the real SDK clients (or the same clients pointed at a stand-in) and PM2. */
export interface MoveContext {
  readonly ecs: ECSClient;
  readonly elb: ElasticLoadBalancingV2Client;
  readonly pm2: Pm2Control;
  readonly print: (line: string) => void;
  /** How often a wait polls and how long it waits before it gives up. */
  readonly wait: { readonly intervalMs: number; readonly timeoutMs: number };
  readonly sleep: (ms: number) => Promise<void>;
}

/** One step of a phase: what it does, in words an operator can also run by hand, and doing it. */
export interface Step {
  readonly say: string;
  run(context: MoveContext): Promise<void>;
}

export interface Progress {
  readonly done: boolean;
  readonly detail: string;
}

/** An AWS call as the plan prints it: `<service> <Operation> <input as JSON>`. */
export function describeCall(service: 'ecs' | 'elbv2', command: { input: unknown }): string {
  const operation = command.constructor.name.replace(/Command$/, '');
  return `${service} ${operation} ${JSON.stringify(command.input)}`;
}

export function step(say: string, run: (context: MoveContext) => Promise<unknown>): Step {
  return {
    say,
    run: async (context) => {
      await run(context);
    },
  };
}

/**
 * Polls `check` until it is done; fails with the last detail when the time is up. A check throws to stop
 * at once (a failed deployment will not become healthy by waiting). Attempts are counted from the
 * interval, so a wait never depends on how fast the checks themselves answer.
 */
export function waitFor(say: string, check: (context: MoveContext) => Promise<Progress>): Step {
  return {
    say: `wait: ${say}`,
    run: async (context) => {
      const { intervalMs, timeoutMs } = context.wait;
      const attempts = Math.max(1, Math.ceil(timeoutMs / Math.max(1, intervalMs))) + 1;
      let last = '';
      for (let attempt = 1; attempt <= attempts; attempt += 1) {
        const progress = await check(context);
        if (progress.done) {
          context.print(`  ✓ ${progress.detail}`);
          return;
        }
        if (progress.detail !== last) context.print(`  … ${progress.detail}`);
        last = progress.detail;
        if (attempt < attempts) await context.sleep(intervalMs);
      }
      throw new Error(`gave up after ${Math.round(timeoutMs / 1000)} s: ${last}`);
    },
  };
}

/**
 * Runs the steps in order and stops at the first failure (nothing after it runs). With `dryRun`, prints
 * every step — every call it would make, with its input — and runs none.
 */
export async function runPlan(
  title: string,
  steps: readonly Step[],
  context: MoveContext,
  dryRun: boolean,
): Promise<boolean> {
  context.print(`${title}${dryRun ? ' (dry run: nothing is called)' : ''}`);
  for (const [index, current] of steps.entries()) {
    const label = `${index + 1}/${steps.length}`;
    context.print(`${dryRun ? '' : '→ '}${label} ${current.say}`);
    if (dryRun) continue;
    try {
      await current.run(context);
    } catch (error) {
      context.print(`✗ ${label} failed: ${error instanceof Error ? error.message : String(error)}`);
      context.print(`stopped: steps after ${label} did not run`);
      return false;
    }
  }
  if (!dryRun) context.print('✓ done');
  return true;
}
