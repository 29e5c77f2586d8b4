import { waitFor } from '@kodus/test-helpers';
import { reportCounts } from '../src/counts';
import { KodusStack } from '../src/kodus-stack';
import { scenario, shortTimers, sized } from '../src/profile';
import { addPullRequests, allReviewed, deliverAll, tally } from '../src/pull-requests';

const REPO = { owner: 'chaos', name: 'postgres-outage' };
const WORKER_ENV = {
  WORKER_CONCURRENCY: '2',
  ...shortTimers('DATABASE_QUERY_TIMEOUT_MS', 'WORKER_HEAD_LEASE_TTL_MS'),
};

/** How long an API request may take while PostgreSQL is unreachable before it counts as hung. */
const ANSWER_WITHIN_MS = 45000;

/**
 * PostgreSQL behind a TCP proxy, refused (the server is down) and half-open (the path silently drops
 * everything, the apps' sockets stay open) during a burst: reviews pause and resume, nothing is lost,
 * and nothing waits forever.
 */
describe('chaos: PostgreSQL refused and half-open', () => {
  let stack: KodusStack;

  beforeAll(async () => {
    stack = await new KodusStack({ label: 'pg_outage', proxyPostgres: true, proxyGithub: true }).prepare();
    stack.githubProxy!.latencyMs = 60;
    await Promise.all([
      stack.start('webhook-handler'),
      stack.start('api-rest'),
      stack.start('worker', WORKER_ENV),
    ]);
  }, 120000);
  afterAll(async () => {
    const { leaks } = stack.secretLeaks();
    await stack.stop();
    expect(leaks).toEqual([]);
  });

  /** GET /reviews: its status and how long it took; 0 when it did not answer within ANSWER_WITHIN_MS. */
  async function listReviews(): Promise<{ status: number; ms: number }> {
    const started = Date.now();
    try {
      const response = await fetch(`${stack.app('api-rest').baseUrl}/reviews?limit=5`, {
        headers: { authorization: `Bearer ${stack.secrets.API_ADMIN_TOKEN}` },
        signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
      });
      await response.arrayBuffer();
      return { status: response.status, ms: Date.now() - started };
    } catch {
      return { status: 0, ms: Date.now() - started };
    }
  }

  async function outageDuringBurst(kind: 'refused' | 'half-open', first: number): Promise<void> {
    const proxy = stack.postgresProxy!;
    const count = sized(12, 60);
    const numbers = addPullRequests(stack, REPO, first, count);
    const half = Math.floor(count / 2);
    const before = await deliverAll(stack, REPO, numbers.slice(0, half));
    await waitFor(
      'reviews in flight',
      () => (numbers.some((n) => stack.github.reviews(REPO, n).length > 0) ? true : undefined),
      { timeoutMs: 60000, intervalMs: 20 },
    );
    const worker = stack.app('worker').process;
    const logsBefore = worker.logs.length;
    if (kind === 'refused') await proxy.refuse();
    else proxy.halfOpen('blackhole');
    const during = await deliverAll(stack, REPO, numbers.slice(half));
    const apiDuring = await listReviews();
    const since = (msg: (line: Record<string, unknown>) => boolean) =>
      worker.logs.slice(logsBefore).some(msg);
    const crashed = (line: Record<string, unknown>) => line.level === 'fatal';
    await waitFor(
      'the worker to pause the review queue (or crash)',
      () =>
        since((l) => l.msg === 'pausing the review queue until its dependencies answer' || crashed(l))
          ? true
          : undefined,
      { timeoutMs: 60000 },
    );
    await proxy.pass();
    // A crashed worker is restarted, as PM2 or ECS would, so the counts still show what was lost.
    const crashes = worker.logs.slice(logsBefore).filter(crashed).length;
    if (crashes > 0) await stack.start('worker', WORKER_ENV);
    const accepted = [...before.accepted, ...during.accepted];
    await waitFor(
      'every accepted delivery reviewed',
      () => (allReviewed(stack, REPO, accepted) ? true : undefined),
      { timeoutMs: 240000, intervalMs: 250 },
    );
    const rows = await stack.waitForRows(
      'the review rows to finish',
      (all) => accepted.every((n) => all.some((r) => r.pullRequest === n && r.status === 'completed')),
      240000,
    );
    const apiAfter = await listReviews();
    const outcome = tally(stack, REPO, accepted);
    reportCounts(`postgres-${kind}`, {
      accepted: accepted.length,
      ...outcome,
      refused: before.refused.length + during.refused.length,
      apiStatusDuring: apiDuring.status,
      apiMsDuring: apiDuring.ms,
      apiStatusAfter: apiAfter.status,
      failedRows: rows.filter((r) => r.status === 'failed').length,
      workerCrashes: crashes,
    });
    expect(accepted).toHaveLength(count);
    expect(outcome).toEqual({ processed: count, lost: 0, duplicated: 0 });
    expect(crashes).toBe(0);
    expect(apiDuring.status).toBe(503);
    expect(apiAfter.status).toBe(200);
  }

  scenario('PostgreSQL refused during a burst', () => outageDuringBurst('refused', 1), 600000);
  scenario('PostgreSQL half-open during a burst', () => outageDuringBurst('half-open', 1001), 600000);
});
