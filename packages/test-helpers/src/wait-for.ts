/**
 * How long a test waits, by default, for something that should happen soon (an app started, a log line, an
 * exit). A bound on a hang, not a speed check: generous, because CI runs every package's tests and the
 * container builds at once on 2 cores, where an app's start (~3 s of CPU) has been seen to take over 20 s.
 */
export const DEFAULT_WAIT_MS = 60_000;

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = DEFAULT_WAIT_MS, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** GET a URL and return its status, or undefined when nothing answers. */
export async function httpStatus(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

/** Waits until `url` answers with `status`. */
export function waitForStatus(url: string, status: number, timeoutMs = DEFAULT_WAIT_MS): Promise<number> {
  return waitFor(
    `${url} to answer ${status}`,
    async () => ((await httpStatus(url)) === status ? status : undefined),
    {
      timeoutMs,
    },
  );
}

/** `promise`, or a rejection with `message` after `timeoutMs`; the timer never outlives the race. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves once an ioredis connection is ready — at once when it already is. Waiting for the 'ready' event
 * alone hangs when the connection got ready during an earlier await (a Redis restarted by the test).
 */
export function untilReady(connection: {
  status: string;
  once(event: 'ready', listener: () => void): unknown;
}): Promise<void> {
  if (connection.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => connection.once('ready', () => resolve()));
}
