import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { freePort } from './ports';
import { waitFor } from './wait-for';

/** A key prefix no other test file uses, for BullMQ queues on the shared Redis. */
export function uniquePrefix(label = 'test'): string {
  return `kodus-${label}-${randomUUID().slice(0, 8)}`;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

/**
 * A private, real redis-server on its own port, for tests that stop and restart Redis without
 * disturbing the shared one other test files use.
 */
export class PrivateRedis {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly appendOnlyDir: string | undefined,
  ) {}

  /**
   * `appendOnlyDir`: persist every write to an append-only file there (fsync always), so a restart
   * keeps the data; without it the server keeps nothing across a restart.
   */
  static async start(options: { appendOnlyDir?: string } = {}): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), options.appendOnlyDir);
    await redis.resume();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port. */
  async resume(): Promise<void> {
    const binary = process.env.REDIS_SERVER_BIN ?? 'redis-server';
    const persistence =
      this.appendOnlyDir === undefined
        ? ['--appendonly', 'no']
        : ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.appendOnlyDir];
    this.child = spawn(
      binary,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence],
      {
        stdio: 'ignore',
      },
    );
    await waitFor(`redis-server on port ${this.port}`, async () =>
      (await answersPing(this.port)) ? true : undefined,
    );
  }

  /**
   * Freezes the server (SIGSTOP): connections stay open and commands wait unanswered, as on a stalled host,
   * until `thaw`, when Redis runs them in order.
   */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  /** Stops the server as an outage would. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }
}
