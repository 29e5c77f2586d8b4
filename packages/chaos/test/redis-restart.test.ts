import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrivateRedis, waitFor } from '@kodus/test-helpers';
import { reportCounts } from '../src/counts';
import { KodusStack } from '../src/kodus-stack';
import { FULL, scenario, shortTimers, sized } from '../src/profile';
import { addPullRequests, allReviewed, deliverAll, tally } from '../src/pull-requests';

const REPO = { owner: 'chaos', name: 'redis-restart' };

interface BurstResult {
  accepted: number[];
  refusedDuringOutage: number;
}

/**
 * A burst of deliveries with Redis killed (SIGKILL) and restarted in the middle. Deliveries refused
 * while it is down (503) are redelivered afterwards, as GitHub's "Redeliver" or a sender's retry would.
 */
async function burstAcrossRestart(
  stack: KodusStack,
  redis: PrivateRedis,
  first: number,
): Promise<BurstResult> {
  const count = sized(20, 100);
  const numbers = addPullRequests(stack, REPO, first, count);
  const half = Math.floor(count / 2);
  const before = await deliverAll(stack, REPO, numbers.slice(0, half));
  await redis.stop();
  const during = await deliverAll(stack, REPO, numbers.slice(half, half + 5));
  await redis.resume();
  await waitFor(
    'the webhook-handler to be ready again',
    async () => {
      const status = await fetch(`${stack.app('webhook-handler').baseUrl}/health/ready`).then(
        (r) => r.status,
        () => 0,
      );
      return status === 200 ? true : undefined;
    },
    { timeoutMs: 60000 },
  );
  const after = await deliverAll(stack, REPO, [...during.refused, ...numbers.slice(half + 5)]);
  return {
    accepted: [...before.accepted, ...during.accepted, ...after.accepted],
    refusedDuringOutage: during.refused.length,
  };
}

/**
 * Delivers one more pull request and waits for its review: jobs are taken in order, so once it is
 * reviewed every job still in Redis before it has been taken too (give or take the one in flight).
 */
async function drained(stack: KodusStack, number: number): Promise<void> {
  addPullRequests(stack, REPO, number, 1);
  const { accepted } = await deliverAll(stack, REPO, [number]);
  expect(accepted).toEqual([number]);
  await waitFor('the canary review', () => (allReviewed(stack, REPO, [number]) ? true : undefined), {
    timeoutMs: 120000,
    intervalMs: 250,
  });
}

describe('chaos: Redis restart during a burst', () => {
  const scratch: string[] = [];
  const cleanups: Array<() => Promise<void>> = [];

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  /** A stack on a private Redis (AOF when `persistent`), with a slow GitHub so jobs wait in the queue. */
  async function stackOn(persistent: boolean, env: Record<string, string> = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'kodus-chaos-redis-'));
    scratch.push(dir);
    const redis = await PrivateRedis.start(persistent ? { appendOnlyDir: dir } : {});
    const stack = await new KodusStack({
      label: persistent ? 'redis_aof' : 'redis_none',
      redisUrl: redis.url,
      proxyGithub: true,
      env,
    }).prepare();
    cleanups.push(async () => {
      const { leaks } = stack.secretLeaks();
      await stack.stop();
      await redis.stop();
      expect(leaks).toEqual([]);
    });
    stack.githubProxy!.latencyMs = 60;
    await Promise.all([stack.start('webhook-handler'), stack.start('worker', { WORKER_CONCURRENCY: '2' })]);
    return { stack, redis };
  }

  scenario(
    'Redis restart with persistence (AOF): nothing lost',
    async () => {
      const { stack, redis } = await stackOn(true);
      const burst = await burstAcrossRestart(stack, redis, 1);
      await waitFor(
        'every accepted delivery reviewed',
        () => (allReviewed(stack, REPO, burst.accepted) ? true : undefined),
        { timeoutMs: 180000, intervalMs: 250 },
      );
      const outcome = tally(stack, REPO, burst.accepted);
      reportCounts('redis-restart-aof', {
        accepted: burst.accepted.length,
        ...outcome,
        refusedDuringOutage: burst.refusedDuringOutage,
      });
      expect(outcome).toEqual({ processed: burst.accepted.length, lost: 0, duplicated: 0 });
    },
    300000,
  );

  scenario(
    'Redis without persistence: the apps report the risk',
    async () => {
      const { stack, redis } = await stackOn(false);
      const webhook = stack.app('webhook-handler');
      const warning = await webhook.process.waitForLog(
        (line) => line.level === 'warn' && String(line.msg).includes('redis may lose acknowledged'),
      );
      expect(warning).toMatchObject({ risks: expect.arrayContaining(['persistence-off']) });
      const ready = await fetch(`${webhook.baseUrl}/health/ready`).then((r) => r.text());
      expect(ready).toContain('redisDurability');
      expect(ready).toContain('at-risk');
      const metrics = await fetch(`${webhook.baseUrl}/metrics`).then((r) => r.text());
      expect(metrics).toMatch(/^kodus_redis_durable\{[^}]*reason="persistence-off"[^}]*\} 0$/m);
      // The risk, measured (full profile): jobs acknowledged with 202 and gone with the restart.
      const burst = FULL
        ? await burstAcrossRestart(stack, redis, 1)
        : { accepted: [], refusedDuringOutage: 0 };
      if (FULL) await drained(stack, 9999);
      reportCounts('redis-restart-no-persistence', {
        accepted: burst.accepted.length,
        ...tally(stack, REPO, burst.accepted),
        refusedDuringOutage: burst.refusedDuringOutage,
        warned: 1,
        readiness: 'at-risk',
      });
    },
    120000,
  );

  scenario(
    'Redis restart without persistence, delivery log in PostgreSQL: nothing lost',
    async () => {
      const { stack, redis } = await stackOn(false, {
        WEBHOOK_DELIVERY_LOG: 'postgres',
        ...shortTimers('WEBHOOK_DELIVERY_SWEEP_INTERVAL_MS', 'WEBHOOK_DELIVERY_SWEEP_AGE_MS'),
      });
      const burst = await burstAcrossRestart(stack, redis, 1);
      await waitFor(
        'every accepted delivery reviewed',
        () => (allReviewed(stack, REPO, burst.accepted) ? true : undefined),
        { timeoutMs: 240000, intervalMs: 250 },
      );
      const outcome = tally(stack, REPO, burst.accepted);
      reportCounts('redis-restart-no-persistence-delivery-log', {
        accepted: burst.accepted.length,
        ...outcome,
        refusedDuringOutage: burst.refusedDuringOutage,
        requeuedFromLog: stack
          .app('worker')
          .process.logs.filter(
            (l) => l.msg === 'review job was lost from Redis; re-enqueued from the delivery log',
          ).length,
      });
      expect(outcome).toEqual({ processed: burst.accepted.length, lost: 0, duplicated: 0 });
    },
    300000,
  );
});
