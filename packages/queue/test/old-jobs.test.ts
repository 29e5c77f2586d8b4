import { createLogger } from '@kodus/logger';
import { uniquePrefix, waitFor } from '@kodus/test-helpers';
import { Queue } from 'bullmq';
import {
  Consumer,
  createRedisConnection,
  QUEUE_NAMES,
  type Redis,
  RedisDependency,
  type ReviewJob,
  reviewJobId,
  upgradeReviewJob,
} from '../src';

const logger = createLogger({ component: 'test', level: 'silent' });
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A job a version-1 producer left in Redis before the upgrade rolled out, exactly as it stored it. */
const queuedBeforeTheUpgrade = {
  version: 1,
  provider: 'github',
  deliveryId: '0b989ba4-242f-11e5-81e1-c7b6966d2516',
  trigger: 'synchronize',
  repository: { owner: 'acme', name: 'api' },
  pullRequest: { number: 12, headSha: 'c'.repeat(40), draft: false },
  installationId: 31,
  requestedBy: 'octocat',
  receivedAt: '2026-11-29T09:00:00.000Z',
};

describe('jobs queued in the version 1 shape', () => {
  const prefix = uniquePrefix('old-jobs');
  let redis: Redis;
  let queue: Queue;

  beforeAll(() => {
    redis = createRedisConnection({ url: REDIS_URL, connectionName: 'kodus-test', role: 'consumer', logger });
    queue = new Queue(QUEUE_NAMES.reviews, { connection: redis, prefix });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await new RedisDependency(redis).close();
  });

  it('are consumed and upgraded to version 2 under the job id they were queued with', async () => {
    const jobId = `github-${queuedBeforeTheUpgrade.deliveryId}`;
    await queue.add('review', queuedBeforeTheUpgrade, { jobId });
    const seen: { id: string | undefined; job: ReviewJob }[] = [];
    const consumer = new Consumer<unknown, void>({
      queue: QUEUE_NAMES.reviews,
      redis,
      prefix,
      concurrency: 1,
      logger,
      process: async (job) => {
        const upgraded = upgradeReviewJob(job.data);
        if (!upgraded.success) throw upgraded.error;
        seen.push({ id: job.id, job: upgraded.data });
      },
    });
    try {
      const [first] = await waitFor('the old job to be consumed', () => (seen.length > 0 ? seen : undefined));
      expect(first?.id).toBe(jobId);
      expect(reviewJobId(first!.job)).toBe(jobId);
      expect(first?.job).toMatchObject({
        version: 2,
        trigger: 'updated',
        repository: { provider: 'github', owner: 'acme', name: 'api' },
        githubInstallationId: 31,
        pullRequest: { number: 12, headSha: 'c'.repeat(40) },
      });
    } finally {
      await consumer.close();
    }
  });
});
