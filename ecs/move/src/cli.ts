#!/usr/bin/env node
import { setTimeout as sleep } from 'node:timers/promises';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { move } from './move';
import { parseMoveArgs, USAGE, UsageError } from './options';
import { Pm2Cli } from './pm2';

/** kodus-move <phase> <app> [options]: exit 0 when the phase passed, 1 when a step failed, 64 on bad usage. */
async function main(): Promise<number> {
  let options;
  try {
    options = parseMoveArgs(process.argv.slice(2), process.env, process.env.INIT_CWD ?? process.cwd());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`kodus-move: ${error.message}\n${USAGE}\n`);
    return 64;
  }
  // Region, credentials and endpoint (AWS_ENDPOINT_URL) come from the SDK's own configuration chain.
  const context = {
    ecs: new ECSClient({}),
    elb: new ElasticLoadBalancingV2Client({}),
    pm2: new Pm2Cli(options.ecosystem),
    print: (line: string) => process.stdout.write(`${line}\n`),
    wait: { intervalMs: options.intervalMs, timeoutMs: options.timeoutMs },
    sleep: (ms: number) => sleep(ms),
  };
  try {
    return (await move(options, context)) ? 0 : 1;
  } catch (error) {
    process.stderr.write(`kodus-move: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`kodus-move: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
