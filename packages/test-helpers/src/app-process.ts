import { type ChildProcess, spawn } from 'node:child_process';
import { DEFAULT_WAIT_MS, waitFor, withTimeout } from './wait-for';

export interface AppExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from the stop signal to the exit. */
  ms: number;
}

/**
 * A Kodus app running as a real child process from its built entry file, as PM2, docker and ECS run it:
 * `node <entry>`, with the given environment only. Its JSON log lines are collected for assertions.
 */
export class AppProcess {
  readonly logs: Record<string, unknown>[] = [];
  stdout = '';
  stderr = '';
  private readonly child: ChildProcess;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(entry: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    this.child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.stdout += text;
      partial += text;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        try {
          this.logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // Not JSON: kept in stdout for the assertion that every line is JSON.
        }
      }
    });
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Resolves once a log line matches `predicate`. */
  waitForLog(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<Record<string, unknown>> {
    return waitFor('a matching log line', () => this.logs.find(predicate), { timeoutMs });
  }

  /** Sends `signal` and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30000): Promise<AppExit> {
    const started = Date.now();
    this.child.kill(signal);
    const result = await withTimeout(this.exited, timeoutMs, `no exit ${timeoutMs} ms after ${signal}`);
    return { ...result, ms: Date.now() - started };
  }

  /** The exit of a process that stops by itself (a refused configuration, say). */
  async exit(timeoutMs = DEFAULT_WAIT_MS): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return withTimeout(this.exited, timeoutMs, `no exit within ${timeoutMs} ms`);
  }

  /** Kills the process if a test left it running. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
