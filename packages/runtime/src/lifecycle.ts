import { flushStdout, type Logger } from '@kodus/logger';
import type { Dependency } from './dependency';

type Step = () => Promise<void>;

/**
 * The process lifecycle shared by every app under PM2, docker and ECS: SIGTERM and SIGINT start one
 * graceful drain (stop intake, finish in-flight work, close dependencies, exit 0). A drain that outlives
 * the timeout exits 1; a job it leaves behind is recovered by BullMQ's stalled-job check.
 */
export class Lifecycle {
  private drainingSince: number | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly shutdownTimeoutMs: number,
    /** Ends the process; tests pass a recorder instead. */
    private readonly exit: (code: number) => void = exitAfterLogs,
  ) {}

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /**
   * Installs the signal and crash handlers. `stopIntake` runs first (HTTP server or queue consumer),
   * then every dependency closes.
   */
  install(stopIntake: Step, dependencies: readonly Dependency[]): void {
    const onSignal = (signal: NodeJS.Signals) => {
      // A repeated signal (a process group kill, an impatient Ctrl+C) must not cut the drain short:
      // the drain timeout already bounds it.
      if (this.draining) {
        this.logger.warn({ signal }, 'already draining');
        return;
      }
      void this.drain(signal, stopIntake, dependencies);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    process.on('uncaughtException', (error) => {
      this.logger.fatal({ err: error }, 'uncaught exception; exiting');
      exitAfterLogs(1);
    });
    process.on('unhandledRejection', (reason) => {
      this.logger.fatal({ err: reason }, 'unhandled promise rejection; exiting');
      exitAfterLogs(1);
    });
  }

  async drain(reason: string, stopIntake: Step, dependencies: readonly Dependency[]): Promise<void> {
    this.drainingSince = Date.now();
    this.logger.info({ reason, timeoutMs: this.shutdownTimeoutMs }, 'draining');
    const deadline = setTimeout(() => {
      this.logger.error({ timeoutMs: this.shutdownTimeoutMs }, 'drain did not finish in time; exiting');
      this.exit(1);
    }, this.shutdownTimeoutMs);
    deadline.unref();
    let code = 0;
    try {
      await stopIntake();
    } catch (error) {
      code = 1;
      this.logger.error({ err: error }, 'error while stopping intake');
    }
    const closed = await Promise.allSettled(dependencies.map((d) => d.close()));
    closed.forEach((result, i) => {
      if (result.status === 'rejected') {
        code = 1;
        this.logger.error({ err: result.reason, dependency: dependencies[i]?.name }, 'error while closing');
      }
    });
    clearTimeout(deadline);
    this.logger.info(
      { durationMs: Date.now() - (this.drainingSince ?? Date.now()), exitCode: code },
      'drained',
    );
    this.exit(code);
  }
}

/** Exits once the log lines written so far are out (PM2 cluster workers write them asynchronously). */
export function exitAfterLogs(code: number): void {
  void flushStdout().then(() => process.exit(code));
}

/** Under PM2 (`wait_ready: true`) the app says it is ready once it listens or consumes. */
export function notifyProcessManagerReady(): void {
  if (typeof process.send === 'function') process.send('ready');
}
