import { spawn } from 'node:child_process';

/** The state of one PM2 app: one entry per process (cluster mode runs several). */
export interface Pm2AppState {
  readonly name: string;
  /** PM2's status of each process: online, stopping, stopped, errored, launching... */
  readonly statuses: readonly string[];
}

/** The PM2 side of the move, on the host that runs PM2. */
export interface Pm2Control {
  describe(name: string): Promise<Pm2AppState>;
  /** Stops every process of the app (SIGINT: the apps drain); the entry stays in PM2's list. */
  stop(name: string): Promise<void>;
  /** Starts the app again: its stopped entry, or from the ecosystem file when PM2 no longer lists it. */
  start(name: string): Promise<void>;
}

const OUTPUT_LIMIT = 8 * 1024 * 1024;
const PM2_TIMEOUT_MS = 120_000;

/**
 * PM2 through its own CLI (`pm2 jlist`, `pm2 stop`, `pm2 start`), run with this process's environment:
 * PM2_HOME picks the daemon, and an app started from the ecosystem file reads its variables from it.
 */
export class Pm2Cli implements Pm2Control {
  constructor(
    private readonly ecosystemFile: string,
    /** The environment of the pm2 commands: PM2_HOME picks the daemon. */
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly pm2Bin: string = require.resolve('pm2/bin/pm2'),
  ) {}

  async describe(name: string): Promise<Pm2AppState> {
    const list = parseJlist(await this.run(['jlist']));
    return { name, statuses: list.filter((p) => p.name === name).map((p) => p.status) };
  }

  async stop(name: string): Promise<void> {
    await this.run(['stop', name]);
  }

  async start(name: string): Promise<void> {
    const { statuses } = await this.describe(name);
    await this.run(
      statuses.length > 0
        ? ['start', name]
        : ['start', this.ecosystemFile, '--only', name, '--env', 'production'],
    );
  }

  /** Output of one pm2 command; its stderr (never its environment) in the error when it fails. */
  private run(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [this.pm2Bin, ...args], {
        env: this.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: PM2_TIMEOUT_MS,
      });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        if (out.length < OUTPUT_LIMIT) out += chunk;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        if (err.length < 4096) err += chunk;
      });
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve(out);
        else reject(new Error(`pm2 ${args[0]} exited ${code}: ${err.trim().slice(0, 2000)}`));
      });
    });
  }
}

/** Names and statuses from `pm2 jlist` (which also carries every process's environment: read nothing else). */
export function parseJlist(output: string): Array<{ name: string; status: string }> {
  // pm2 may print notices ("[PM2] Spawning PM2 daemon...") before the one line of JSON.
  const line = output
    .split('\n')
    .reverse()
    .find((l) => /^\[[{\]]/.test(l.trim()));
  if (line === undefined) throw new Error('pm2 jlist printed no process list');
  const parsed: unknown = JSON.parse(line);
  if (!Array.isArray(parsed)) throw new Error('pm2 jlist did not print a list');
  return parsed.flatMap((entry: unknown) => {
    const process = entry as { name?: unknown; pm2_env?: { status?: unknown } } | null;
    if (typeof process?.name !== 'string') return [];
    const status = process.pm2_env?.status;
    return [{ name: process.name, status: typeof status === 'string' ? status : 'unknown' }];
  });
}
