// Shared by the worker's process tests: a migrated database of their own, a producer Redis connection,
// built workers started with a key prefix of their own, and jobs enqueued on their queue.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@kodus/logger';
import { migrate } from '@kodus/persistence';
import {
  createRedisConnection,
  RedisDependency,
  type Redis,
  type ReviewJobV1,
  ReviewQueue,
} from '@kodus/queue';
import {
  type AppProcess,
  createTestDatabase,
  startApp,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
  untilReady,
} from '@kodus/test-helpers';

const logger = createLogger({ component: 'test', level: 'silent' });

export interface StartedWorker {
  worker: AppProcess;
  /** The worker's whole environment (its key prefix and heartbeat file included). */
  env: Record<string, string>;
  /** Enqueues a GitHub review job for `repository` on this worker's queue; answers the job id. */
  enqueue(
    repository: { owner: string; name: string },
    number: number,
    headSha: string,
    trigger?: ReviewJobV1['trigger'],
  ): Promise<string>;
}

/** Sets up the hooks; `start` runs a built worker (killed after each test) on the file's database. */
export function useWorkerHarness(name: string) {
  let database: TestDatabase;
  let scratch: string;
  let redis: Redis;
  const running: AppProcess[] = [];
  const queues: ReviewQueue[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(name);
    await migrate(database.url, logger);
    scratch = mkdtempSync(join(tmpdir(), `kodus-${name}-`));
    redis = createRedisConnection({
      url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
    await untilReady(redis);
  });
  afterEach(async () => {
    running.splice(0).forEach((p) => p.kill());
    await Promise.all(queues.splice(0).map((q) => q.close()));
  });
  afterAll(async () => {
    await new RedisDependency(redis).close();
    await database.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** `env` over the defaults; pass the same REDIS_KEY_PREFIX to a second worker to share the first's queue. */
  async function start(env: Record<string, string>): Promise<StartedWorker> {
    const full = {
      ...testSecrets(),
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: uniquePrefix(name),
      WORKER_HEARTBEAT_FILE: join(scratch, `${Math.random().toString(36).slice(2)}.heartbeat`),
      ...env,
    };
    const { process: worker } = await startApp('worker', full);
    running.push(worker);
    const queue = new ReviewQueue(redis, full.REDIS_KEY_PREFIX, logger);
    queues.push(queue);
    return {
      worker,
      env: full,
      enqueue: (repository, number, headSha, trigger = 'opened') =>
        queue.enqueue({
          version: 1,
          provider: 'github',
          deliveryId: `${name}-${number}-${Math.random().toString(36).slice(2)}`,
          trigger,
          repository,
          pullRequest: { number, headSha },
          receivedAt: new Date().toISOString(),
        }),
    };
  }

  return { start, database: () => database };
}
