import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { appEntry, REPO_ROOT } from '@kodus/test-helpers';

export const ECOSYSTEM = join(REPO_ROOT, 'pm2', 'ecosystem.config.js');
const PM2 = require.resolve('pm2/bin/pm2');

/** The pm2 CLI with `env` as its whole environment (PM2_HOME included), as an operator runs it. */
export function pm2(env: Record<string, string>, ...args: string[]): string {
  const result = spawnSync(process.execPath, [PM2, ...args], {
    env,
    encoding: 'utf8',
    cwd: REPO_ROOT,
    timeout: 60000,
  });
  if (result.status !== 0) throw new Error(`pm2 ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** The worker's health command in `env`: true when it exits 0. */
export function workerHealthy(env: Record<string, string>): boolean {
  return (
    spawnSync(process.execPath, [appEntry('worker', 'health.js')], {
      env: { ...env, COMPONENT_TYPE: 'worker' },
    }).status === 0
  );
}
