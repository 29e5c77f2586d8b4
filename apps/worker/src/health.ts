import { workerHeartbeatFile } from '@kodus/config';
import { readHeartbeat } from '@kodus/runtime';

/**
 * `node dist/health.js`: exits 0 while the worker is consuming, 1 otherwise. The same command is the
 * Dockerfile HEALTHCHECK, the compose healthcheck and the ECS task definition healthCheck.
 */
async function main(): Promise<number> {
  // Only WORKER_HEARTBEAT_FILE: the command must work from an operator's shell too.
  const verdict = await readHeartbeat(workerHeartbeatFile());
  if (verdict.healthy) {
    process.stdout.write(
      `healthy: worker ${verdict.record.pid} consuming (heartbeat ${verdict.record.at})\n`,
    );
    return 0;
  }
  process.stderr.write(`unhealthy: ${verdict.reason}\n`);
  return 1;
}

void main().then((code) => process.exit(code));
