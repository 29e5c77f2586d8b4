/**
 * An external system an app needs (Redis, PostgreSQL): probed by `/health/ready` (and the worker's
 * heartbeat), closed last during a drain. Implementations live in the package that owns the client.
 */
export interface Dependency {
  readonly name: string;
  /**
   * Resolves when the dependency answers — optionally with a short, non-secret status word shown on
   * `/health/ready` (a persistence mode, say); rejects with a reason otherwise. The reason goes to the
   * logs only: it can name hosts and carry driver detail.
   */
  check(): Promise<string | void>;
  close(): Promise<void>;
}

export interface DependencyStatus {
  name: string;
  status: 'up' | 'down';
  /** The status word the check resolved with, when it gave one. */
  note?: string;
  /** Why the check failed: for logs and the worker's health command, never for an HTTP answer. */
  error?: string;
}

/** Each probe gets this long before it counts as down, so a hung dependency cannot hang the probe. */
export const CHECK_TIMEOUT_MS = 2000;

/** A status word is shown to anyone who reaches the port: one short token, nothing else. */
const NOTE_PATTERN = /^[\w.:-]{1,40}$/;

export async function checkDependency(
  dependency: Dependency,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<DependencyStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const note = await Promise.race([dependency.check(), timeout]);
    return typeof note === 'string' && NOTE_PATTERN.test(note)
      ? { name: dependency.name, status: 'up', note }
      : { name: dependency.name, status: 'up' };
  } catch (error) {
    const reason = error instanceof Error ? error.message || error.name : String(error);
    return { name: dependency.name, status: 'down', error: reason };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkDependencies(dependencies: readonly Dependency[]): Promise<DependencyStatus[]> {
  return Promise.all(dependencies.map((d) => checkDependency(d)));
}
