import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { Logger } from '@kodus/logger';
import { checkDependencies, type Dependency, type DependencyStatus } from './dependency';

/** How often a worker writes its heartbeat; a heartbeat older than {@link HEARTBEAT_MAX_AGE_MS} is stale. */
export const HEARTBEAT_INTERVAL_MS = 2000;
export const HEARTBEAT_MAX_AGE_MS = 10000;

export interface HeartbeatRecord {
  pid: number;
  at: string;
  consuming: boolean;
  dependencies: DependencyStatus[];
}

/**
 * A process with no HTTP port (the worker) proves it is consuming by rewriting a small file; the health
 * command run by docker/ECS/an operator reads it. The file is replaced atomically (write then rename),
 * so a reader never sees half a record, and removed when the process drains.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly consuming: () => boolean,
    private readonly dependencies: readonly Dependency[],
    private readonly logger: Logger,
  ) {}

  start(): void {
    const beat = () => {
      this.writing = this.write().catch((error: unknown) =>
        this.logger.warn({ err: error, file: this.file }, 'could not write the worker heartbeat'),
      );
    };
    beat();
    this.timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.writing;
    await rm(this.file, { force: true });
  }

  private async write(): Promise<void> {
    const record: HeartbeatRecord = {
      pid: process.pid,
      at: new Date().toISOString(),
      consuming: this.consuming(),
      dependencies: await checkDependencies(this.dependencies),
    };
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(record)}\n`, { mode: 0o644 });
    await rename(temporary, this.file);
  }
}

export type HeartbeatVerdict =
  { healthy: true; record: HeartbeatRecord } | { healthy: false; reason: string };

/** What the worker's health command decides from the heartbeat file. */
export async function readHeartbeat(file: string, now = Date.now()): Promise<HeartbeatVerdict> {
  let record: HeartbeatRecord;
  try {
    record = JSON.parse(await readFile(file, 'utf8')) as HeartbeatRecord;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      healthy: false,
      reason: code === 'ENOENT' ? `no heartbeat at ${file}` : `unreadable heartbeat at ${file}`,
    };
  }
  const age = now - Date.parse(record.at);
  if (!Number.isFinite(age) || age > HEARTBEAT_MAX_AGE_MS) {
    return { healthy: false, reason: `heartbeat is stale (${Math.round(age / 1000)} s old)` };
  }
  try {
    process.kill(record.pid, 0);
  } catch {
    return { healthy: false, reason: `worker process ${record.pid} is gone` };
  }
  if (!record.consuming) {
    const down = record.dependencies.filter((d) => d.status === 'down').map((d) => `${d.name}: ${d.error}`);
    return { healthy: false, reason: `not consuming${down.length > 0 ? ` (${down.join('; ')})` : ''}` };
  }
  return { healthy: true, record };
}
