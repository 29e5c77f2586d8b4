import { performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface ActiveReviewsOptions {
  /** Reviews working at once while the event loop is busy (default 4). */
  limit?: number;
  /** A waiting review is let in past the limit after a tick in which the loop was busy less than this share of the time (default 0.5). */
  idleBelow?: number;
  /** How often the loop's load is read while reviews wait (default 5 ms). */
  tickMs?: number;
}

interface Waiter {
  grant: () => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * Turns on the worker's one event loop. Of the reviews in flight (WORKER_CONCURRENCY), those not waiting
 * for a model work on one event loop: all at once, each would finish late (their steps interleave, so
 * every one waits behind every other's), and a burst's model calls would all leave at its end. So while the
 * loop is busy at most `limit` of them work at once and the others wait their turn, first come first
 * served; a review waiting for a model lets its turn go. The limit only holds while the loop is busy: after
 * a tick in which it was mostly idle (the reviews working are waiting on the network: a slow provider, a
 * lease held elsewhere, a backoff), one more waiting review is let in, so a wait never holds the others up.
 */
export class ActiveReviews {
  private readonly limit: number;
  private readonly idleBelow: number;
  private readonly tickMs: number;
  private readonly queue: Waiter[] = [];
  /** Called once no review waits for a turn (`untilNoneWaiting`). */
  private readonly onEmpty = new Set<() => void>();
  private working = 0;
  private ticker: NodeJS.Timeout | undefined;
  private lastLoad: EventLoopUtilization | undefined;

  constructor(options: ActiveReviewsOptions = {}) {
    this.limit = Math.max(1, options.limit ?? 4);
    this.idleBelow = options.idleBelow ?? 0.5;
    this.tickMs = options.tickMs ?? 5;
  }

  /** Reviews holding a turn now (past the limit when the loop was idle). */
  get active(): number {
    return this.working;
  }

  /** Reviews waiting for a turn. */
  get waiting(): number {
    return this.queue.length;
  }

  /** A turn, now or when one comes; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (this.working < this.limit && this.queue.length === 0) {
      this.working += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve };
      if (signal !== undefined) {
        waiter.signal = signal;
        waiter.onAbort = () => {
          const at = this.queue.indexOf(waiter);
          if (at >= 0) this.queue.splice(at, 1);
          reject(signal.reason);
          if (this.queue.length === 0) this.emptied();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.startTicking();
    });
  }

  /**
   * Resolves once no review waits for a turn (at once when none does); rejects with the signal's reason if
   * it aborts first. For work not needed yet, so it never delays another review's.
   */
  untilNoneWaiting(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.onEmpty.delete(done);
        reject(signal?.reason);
      };
      const done = () => {
        this.onEmpty.delete(done);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.onEmpty.add(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Gives a turn back: the next waiting review gets it, unless reviews let in on idle ticks are still out. */
  release(): void {
    this.working -= 1;
    while (this.working < this.limit && this.queue.length > 0) this.grantNext();
  }

  private grantNext(): void {
    const waiter = this.queue.shift();
    if (waiter === undefined) return;
    if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
    this.working += 1;
    waiter.grant();
    if (this.queue.length === 0) this.emptied();
  }

  /** The line is empty: the ticker stops, and work waiting for that goes on. */
  private emptied(): void {
    this.stopTicking();
    for (const done of [...this.onEmpty]) done();
  }

  private startTicking(): void {
    if (this.ticker !== undefined) return;
    this.lastLoad = performance.eventLoopUtilization();
    this.ticker = setInterval(() => this.tick(), this.tickMs);
    this.ticker.unref();
  }

  private stopTicking(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private tick(): void {
    const now = performance.eventLoopUtilization();
    const load = performance.eventLoopUtilization(now, this.lastLoad).utilization;
    this.lastLoad = now;
    if (load < this.idleBelow) this.grantNext();
  }
}

/**
 * One review attempt's hold on a turn. The review and each reviewer running at once (a branch) are in or
 * out; the turn is held while any is in, let go when all are out (waiting for a model) or done, and taken
 * again, in line, when one comes back in.
 */
export class ReviewTurn {
  private inside = 0;
  private holding = false;
  private closed = false;
  private acquiring: Promise<void> | undefined;

  constructor(
    private readonly reviews: ActiveReviews,
    private signal: AbortSignal,
  ) {}

  /** From now on a wait for the turn stops when `signal` aborts (the attempt's deadline, once it has one). */
  abortWith(signal: AbortSignal): void {
    this.signal = signal;
  }

  /** Resolves once no other review waits for a turn (ActiveReviews.untilNoneWaiting), or with the signal's reason. */
  untilNoneWaiting(): Promise<void> {
    return this.reviews.untilNoneWaiting(this.signal);
  }

  /** The review starts working: resolves once it holds a turn. */
  enter(): Promise<void> {
    this.inside += 1;
    return this.take();
  }

  /**
   * A long wait of one branch (a reviewer's model calls): the turn goes to another review while every
   * branch is out, and the branch goes on once this review holds a turn again.
   */
  async outside<T>(work: () => Promise<T>): Promise<T> {
    this.leave();
    try {
      return await work();
    } finally {
      await this.enter();
    }
  }

  /**
   * Runs `branches` at once (the reviewers) in place of the caller: each is in until it waits outside or
   * ends; the last one to end hands the turn back to the caller without letting it go.
   */
  async branches<T>(branches: readonly ((outside: ReviewTurn['outside']) => Promise<T>)[]): Promise<T[]> {
    if (branches.length === 0) return [];
    this.inside += branches.length - 1;
    let running = branches.length;
    const outside = this.outside.bind(this);
    return Promise.all(
      branches.map(async (branch) => {
        try {
          return await branch(outside);
        } finally {
          running -= 1;
          if (running > 0) this.leave();
        }
      }),
    );
  }

  /** The attempt is over: its turn, if it holds one, goes to the next review. */
  close(): void {
    this.closed = true;
    this.inside = 0;
    if (this.holding) {
      this.holding = false;
      this.reviews.release();
    }
  }

  private leave(): void {
    this.inside -= 1;
    if (this.inside === 0 && this.holding) {
      this.holding = false;
      this.reviews.release();
    }
  }

  private take(): Promise<void> {
    if (this.holding || this.closed) return Promise.resolve();
    this.acquiring ??= this.reviews.acquire(this.signal).then(
      () => {
        this.acquiring = undefined;
        // Everyone went out again (or the attempt ended) while it waited: the turn goes straight back.
        if (this.closed || this.inside === 0) this.reviews.release();
        else this.holding = true;
      },
      (error: unknown) => {
        this.acquiring = undefined;
        throw error;
      },
    );
    return this.acquiring;
  }
}
