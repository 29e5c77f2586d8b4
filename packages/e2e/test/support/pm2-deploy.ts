import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { join } from 'node:path';
import { REPO_ROOT } from '@kodus/test-helpers';

export const DEPLOY_SCRIPT = join(REPO_ROOT, 'pm2', 'deploy.sh');

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** pm2/deploy.sh with `env` as its whole environment, asynchronously (requests keep flowing meanwhile). */
export function runDeploy(env: Record<string, string>, ...args: string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [DEPLOY_SCRIPT, ...args], { env, cwd: env.HOME });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** One GET on a fresh connection (as a load balancer's new client would): the status, or the error. */
function probe(url: string): Promise<string> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false, timeout: 5000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(String(response.statusCode)));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

export interface ProbeTally {
  ok: number;
  failures: string[];
}

/**
 * Requests `urls` in turn until `stop()` is called (bounded: at most `limit` rounds), counting what was
 * not a 200. The caller awaits the returned promise after stopping.
 */
export function probeUntilStopped(urls: string[], limit = 20000): { stop: () => Promise<ProbeTally> } {
  let stopped = false;
  const tally: ProbeTally = { ok: 0, failures: [] };
  const done = (async () => {
    for (let round = 0; round < limit && !stopped; round++) {
      for (const url of urls) {
        const status = await probe(url);
        if (status === '200') tally.ok++;
        else tally.failures.push(`${url}: ${status}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    return tally;
  })();
  return {
    stop: () => {
      stopped = true;
      return done;
    },
  };
}
