import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { ActiveReviews, ReviewTurn } from '../src';

/** Keeps the event loop busy (short synchronous slices back to back) until `stop` is called. */
function busyLoop(): { stop: () => Promise<void> } {
  let running = true;
  const done = (async () => {
    while (running) {
      const until = performance.now() + 2;
      while (performance.now() < until) {
        // spin: the loop is busy, as when many reviews work at once
      }
      await nextTurn();
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
    },
  };
}

/** Settles pending promise callbacks. */
const settle = () => nextTurn();

describe('ActiveReviews', () => {
  it('gives turns up to the limit at once, then in the order they were asked for', async () => {
    const reviews = new ActiveReviews({ limit: 2, idleBelow: 0 });
    const order: string[] = [];
    await reviews.acquire();
    await reviews.acquire();
    const waiting = ['c', 'd', 'e'].map((name) => reviews.acquire().then(() => order.push(name)));
    await settle();
    expect(order).toEqual([]);
    expect(reviews.waiting).toBe(3);
    reviews.release();
    await settle();
    expect(order).toEqual(['c']);
    reviews.release();
    reviews.release();
    await Promise.all(waiting);
    expect(order).toEqual(['c', 'd', 'e']);
    expect(reviews.active).toBe(2);
  });

  it('lets a waiting review in past the limit when the loop is idle, so a turn held over a wait holds nobody up', async () => {
    const reviews = new ActiveReviews({ limit: 1 });
    await reviews.acquire(); // held while its holder waits on the network (here: nothing runs)
    const second = reviews.acquire();
    const third = reviews.acquire();
    await Promise.all([second, third]);
    expect(reviews.active).toBe(3);
    expect(reviews.waiting).toBe(0);
    reviews.release();
    reviews.release();
    expect(reviews.active).toBe(1);
  });

  it('keeps the limit while the loop is busy', async () => {
    const reviews = new ActiveReviews({ limit: 1 });
    await reviews.acquire();
    const busy = busyLoop();
    let granted = false;
    const second = reviews.acquire().then(() => (granted = true));
    await sleep(60); // a dozen ticks, every one of them busy
    expect(granted).toBe(false);
    reviews.release();
    await second;
    await busy.stop();
    expect(granted).toBe(true);
  });

  it('takes an aborted waiter out of the line with its signal’s reason; the next one gets the turn', async () => {
    const reviews = new ActiveReviews({ limit: 1, idleBelow: 0 });
    await reviews.acquire();
    const controller = new AbortController();
    const aborted = reviews.acquire(controller.signal);
    const next = reviews.acquire();
    controller.abort(new Error('the worker drains'));
    await expect(aborted).rejects.toThrow('the worker drains');
    expect(reviews.waiting).toBe(1);
    reviews.release();
    await next;
    expect(reviews.active).toBe(1);
    await expect(reviews.acquire(controller.signal)).rejects.toThrow('the worker drains');
  });
});

describe('ActiveReviews.untilNoneWaiting', () => {
  it('resolves at once when no review waits for a turn, else once the last waiting one has one', async () => {
    const reviews = new ActiveReviews({ limit: 1, idleBelow: 0 });
    await expect(reviews.untilNoneWaiting()).resolves.toBeUndefined();
    await reviews.acquire();
    const second = reviews.acquire();
    const third = reviews.acquire();
    let none = false;
    const untilNone = reviews.untilNoneWaiting().then(() => (none = true));
    reviews.release();
    await second;
    await settle();
    expect(none).toBe(false); // the third still waits
    reviews.release();
    await third;
    await untilNone;
    expect(reviews.waiting).toBe(0);
  });

  it('resolves when the last waiting review leaves the line aborted, and rejects with its own signal’s reason', async () => {
    const reviews = new ActiveReviews({ limit: 1, idleBelow: 0 });
    await reviews.acquire();
    const controller = new AbortController();
    const leaving = reviews.acquire(controller.signal).catch(() => undefined);
    const untilNone = reviews.untilNoneWaiting();
    controller.abort(new Error('drained'));
    await leaving;
    await expect(untilNone).resolves.toBeUndefined();

    const waiting = reviews.acquire();
    const own = new AbortController();
    const stopped = reviews.untilNoneWaiting(own.signal);
    own.abort(new Error('the deadline passed'));
    await expect(stopped).rejects.toThrow('the deadline passed');
    reviews.release();
    await waiting;
  });
});

describe('ReviewTurn', () => {
  const signal = new AbortController().signal;

  it('lets its turn go while every branch waits outside, and takes one again, in line, to go on', async () => {
    const reviews = new ActiveReviews({ limit: 1, idleBelow: 0 });
    const turn = new ReviewTurn(reviews, signal);
    await turn.enter();
    const log: string[] = [];
    let answer!: () => void;
    const modelCall = new Promise<void>((resolve) => (answer = resolve));
    const [results] = await Promise.all([
      turn.branches<string | undefined>([
        async () => {
          log.push('analyzers done');
          return undefined;
        },
        async (outside) => {
          const text = await outside(async () => {
            log.push('model call sent');
            await modelCall;
            return 'the answer';
          });
          log.push('answer handled');
          return text;
        },
      ]),
      (async () => {
        // Another review gets the turn while the model is out, and holds it until it is done.
        await reviews.acquire();
        log.push('other review working');
        answer();
        await sleep(20);
        expect(log).not.toContain('answer handled');
        log.push('other review done');
        reviews.release();
      })(),
    ]);
    const result = results[1];
    expect(result).toBe('the answer');
    expect(log).toEqual([
      'analyzers done',
      'model call sent',
      'other review working',
      'other review done',
      'answer handled',
    ]);
    // The last branch handed the turn back to the review: still held, and let go on close.
    expect(reviews.active).toBe(1);
    turn.close();
    expect(reviews.active).toBe(0);
  });

  it('keeps the turn while one branch still works, even when another waits outside', async () => {
    const reviews = new ActiveReviews({ limit: 1, idleBelow: 0 });
    const turn = new ReviewTurn(reviews, signal);
    await turn.enter();
    let other = false;
    const otherReview = reviews.acquire().then(() => (other = true));
    let finishWork!: () => void;
    const work = new Promise<void>((resolve) => (finishWork = resolve));
    const branches = turn.branches([
      async () => {
        await work; // still working (in), e.g. the analyzers between files
      },
      async (outside) => outside(() => sleep(10)),
    ]);
    await sleep(30);
    expect(other).toBe(false);
    finishWork();
    await branches;
    // The last branch to end hands the turn back to the review, which keeps it until it closes.
    expect(other).toBe(false);
    turn.close();
    await otherReview;
    reviews.release();
    expect(reviews.active).toBe(0);
  });

  it('a branch waiting to come back in stops with the signal’s reason when the attempt is aborted', async () => {
    const reviews = new ActiveReviews({ limit: 1, idleBelow: 0 });
    const controller = new AbortController();
    const turn = new ReviewTurn(reviews, controller.signal);
    await turn.enter();
    const outcome = turn.outside(async () => {
      await reviews.acquire(); // someone else takes the turn meanwhile and keeps it
      controller.abort(new Error('deadline passed'));
      return 'answered';
    });
    await expect(outcome).rejects.toThrow('deadline passed');
    turn.close();
    reviews.release();
    expect(reviews.active).toBe(0);
    expect(reviews.waiting).toBe(0);
  });

  it('gives a turn granted after the attempt closed straight back', async () => {
    const reviews = new ActiveReviews({ limit: 1, idleBelow: 0 });
    await reviews.acquire();
    const turn = new ReviewTurn(reviews, signal);
    const entered = turn.enter();
    turn.close();
    reviews.release();
    await entered;
    await settle();
    expect(reviews.active).toBe(0);
  });
});
