/**
 * An external system an app needs (Redis, PostgreSQL): probed by `/health/ready` (and the worker's
 * heartbeat), closed last during a drain. Implementations live in the package that owns the client.
 */
export interface Dependency {
  readonly name: string;
  /** Resolves when the dependency answers; rejects with a short reason otherwise. */
  check(): Promise<void>;
  close(): Promise<void>;
}

export interface DependencyStatus {
  name: string;
  status: 'up' | 'down';
  error?: string;
}

/** Each probe gets this long before it counts as down, so a hung dependency cannot hang the probe. */
export const CHECK_TIMEOUT_MS = 2000;

export async function checkDependency(
  dependency: Dependency,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<DependencyStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([dependency.check(), timeout]);
    return { name: dependency.name, status: 'up' };
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
