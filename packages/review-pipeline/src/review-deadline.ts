/** A review attempt ran past its deadline: retryable (the next attempt may find GitHub quicker). */
export class ReviewTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`the review timed out after ${timeoutMs} ms`);
    this.name = 'ReviewTimeoutError';
  }
}

/**
 * The attempt was stopped from outside (the worker drains): not the review's fault, so it is retried later
 * without spending an attempt.
 */
export class ReviewInterruptedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ReviewInterruptedError';
  }
}

/**
 * Per-review deadlines. Past its deadline an attempt's caller gets a ReviewTimeoutError at once (so the
 * job fails and its concurrency slot is freed), the work's signal aborts (it stops at its next
 * checkpoint), and until that work settles it counts as overdue: a worker with overdue work is wedged
 * somewhere a signal cannot reach, and reports itself unhealthy.
 */
export class ReviewDeadlines {
  private overdueCount = 0;

  constructor(private readonly timeoutMs: number) {}

  /**
   * `interrupt` (the worker's drain) ends the attempt like the deadline does: the work's signal aborts with
   * its reason and the caller gets that reason at once.
   */
  async run<T>(work: (signal: AbortSignal) => Promise<T>, interrupt?: AbortSignal): Promise<T> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let onInterrupt: (() => void) | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new ReviewTimeoutError(this.timeoutMs);
        controller.abort(error);
        reject(error);
      }, this.timeoutMs);
      onInterrupt = () => {
        controller.abort(interrupt?.reason);
        reject(interrupt?.reason);
      };
      if (interrupt?.aborted) onInterrupt();
      else interrupt?.addEventListener('abort', onInterrupt, { once: true });
    });
    const running = work(controller.signal);
    try {
      return await Promise.race([running, deadline]);
    } finally {
      clearTimeout(timer);
      if (onInterrupt !== undefined) interrupt?.removeEventListener('abort', onInterrupt);
      if (controller.signal.aborted) {
        this.overdueCount += 1;
        // Nobody awaits the abandoned work any more: its outcome only ends the overdue count.
        void running.then(
          () => (this.overdueCount -= 1),
          () => (this.overdueCount -= 1),
        );
      }
    }
  }

  /** Attempts whose deadline passed while their work still runs. */
  get overdue(): number {
    return this.overdueCount;
  }
}
