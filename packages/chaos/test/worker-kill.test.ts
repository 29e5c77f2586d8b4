import { waitFor } from '@kodus/test-helpers';
import { reportCounts } from '../src/counts';
import { KodusStack } from '../src/kodus-stack';
import { scenario, shortTimers, sized } from '../src/profile';
import { addPullRequests, allReviewed, deliverAll, tally } from '../src/pull-requests';

const REPO = { owner: 'chaos', name: 'worker-kill' };
/** A killed worker's reviews leave their heads leased: the short profile lets the leases expire sooner. */
const WORKER_ENV = { WORKER_CONCURRENCY: '2', ...shortTimers('WORKER_HEAD_LEASE_TTL_MS') };

/**
 * Workers stopped mid-review, by SIGTERM (drain) and SIGKILL (no drain), under a slow GitHub: every
 * accepted delivery ends reviewed exactly once after a restart.
 */
describe('chaos: worker SIGKILL and SIGTERM mid-review', () => {
  let stack: KodusStack;

  beforeAll(async () => {
    stack = await new KodusStack({ label: 'worker_kill', proxyGithub: true }).prepare();
    stack.githubProxy!.latencyMs = 150;
    await stack.start('webhook-handler');
  }, 120000);
  afterAll(async () => {
    const { leaks } = stack.secretLeaks();
    await stack.stop();
    expect(leaks).toEqual([]);
  });

  /** Starts a worker, stops it with `signal` once `stopAfter` reviews are posted, starts another. */
  async function killMidReview(signal: 'SIGTERM' | 'SIGKILL', first: number): Promise<void> {
    const count = sized(12, 60);
    const numbers = addPullRequests(stack, REPO, first, count);
    const worker = await stack.start('worker', WORKER_ENV);
    const { accepted, refused } = await deliverAll(stack, REPO, numbers);
    const reviewedSoFar = () => numbers.filter((n) => stack.github.reviews(REPO, n).length > 0).length;
    await waitFor('a few reviews, more in flight', () => (reviewedSoFar() >= 2 ? true : undefined), {
      timeoutMs: 60000,
      intervalMs: 20,
    });
    const stoppedAt = reviewedSoFar();
    const exit = await worker.process.stop(signal);
    const restarted = await stack.start('worker', WORKER_ENV);
    // A killed worker's jobs return once their lock expired and BullMQ's stalled check (every 30 s, the
    // lock's duration) saw them twice; their retries then wait for the killed reviews' head leases to expire.
    await waitFor(
      'every accepted delivery reviewed',
      () => (allReviewed(stack, REPO, accepted) ? true : undefined),
      { timeoutMs: 180000, intervalMs: 250 },
    );
    const rows = await stack.waitForRows('every review row finished', (all) =>
      numbers.every((n) => all.some((r) => r.pullRequest === n && r.status === 'completed')),
    );
    const outcome = tally(stack, REPO, accepted);
    reportCounts(`worker-${signal}`, {
      accepted: accepted.length,
      ...outcome,
      refused: refused.length,
      reviewedBeforeStop: stoppedAt,
      exitCode: String(exit.code),
      rowsNotCompleted: rows.filter((r) => numbers.includes(r.pullRequest) && r.status !== 'completed')
        .length,
    });
    await restarted.process.stop('SIGTERM');
    expect(accepted).toHaveLength(count);
    expect(outcome).toEqual({ processed: count, lost: 0, duplicated: 0 });
    if (signal === 'SIGTERM') expect(exit).toMatchObject({ code: 0, signal: null });
    else expect(exit.signal).toBe('SIGKILL');
  }

  scenario('worker SIGTERM mid-review', () => killMidReview('SIGTERM', 1), 240000);
  scenario('worker SIGKILL mid-review', () => killMidReview('SIGKILL', 1001), 300000);
});
