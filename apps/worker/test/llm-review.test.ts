import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@kodus/logger';
import { createDatabasePool, LlmCallLog, migrate, type Pool } from '@kodus/persistence';
import { createRedisConnection, RedisDependency, type Redis, ReviewQueue } from '@kodus/queue';
import {
  type AppProcess,
  createTestDatabase,
  GithubStandIn,
  LlmStandIn,
  startApp,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
} from '@kodus/test-helpers';

const logger = createLogger({ component: 'test', level: 'silent' });
const REPO = { owner: 'acme', name: 'api' };
const BASE = 'c'.repeat(40);
const KEY = 'sk-test-worker-0123456789abcdefghij';

const PATCH = [
  '@@ -1,4 +1,6 @@',
  " import { Router } from 'express';",
  ' export const login = Router();',
  " login.post('/login', async (req, res) => {",
  "+  const user = await db.query(`SELECT * FROM users WHERE email = '${req.body.email}'`);",
  '+  res.sendStatus(user ? 204 : 401);',
  ' });',
].join('\n');

const RULE = ['---', 'title: No SQL built from strings', 'path: ["src/**"]', '---', 'Use parameters.'].join(
  '\n',
);

function suggestion(line: number, text: string, label = 'kody_rules') {
  return {
    relevantFile: 'src/login.ts',
    relevantLinesStart: line,
    relevantLinesEnd: line,
    label,
    severity: 'critical',
    suggestionContent: text,
    oneSentenceSummary: text,
    existingCode: null,
    improvedCode: null,
  };
}

describe('worker: the LLM review beside the analyzers', () => {
  let database: TestDatabase;
  let pool: Pool;
  let scratch: string;
  let redis: Redis;
  let github: GithubStandIn;
  let llm: LlmStandIn;
  const running: AppProcess[] = [];
  const queues: ReviewQueue[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('worker_llm');
    await migrate(database.url, logger);
    pool = createDatabasePool({ url: database.url, applicationName: 'kodus-test', logger });
    scratch = mkdtempSync(join(tmpdir(), 'kodus-worker-llm-'));
    redis = createRedisConnection({
      url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      connectionName: 'kodus-test',
      role: 'producer',
      logger,
    });
  });
  beforeEach(async () => {
    github = await new GithubStandIn({ tokens: { 'llm-token': 'kodus-bot' } }).start();
    llm = await new LlmStandIn({ apiKey: KEY }).start();
  });
  afterEach(async () => {
    running.splice(0).forEach((p) => p.kill());
    await Promise.all(queues.splice(0).map((q) => q.close()));
    await github.stop();
    await llm.stop();
  });
  afterAll(async () => {
    await pool.end();
    await new RedisDependency(redis).close();
    await database.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  async function review(number: number, head: string, env: Record<string, string>) {
    github.addPullRequest(REPO, {
      number,
      headSha: head,
      baseSha: BASE,
      files: [{ filename: 'src/login.ts', status: 'modified', patch: PATCH }],
    });
    github.setFileContent(REPO, BASE, '.kody/rules/sql.md', RULE);
    const full = {
      ...testSecrets(),
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: uniquePrefix('worker_llm'),
      WORKER_HEARTBEAT_FILE: join(scratch, `${number}.heartbeat`),
      GITHUB_TOKEN: 'llm-token',
      GITHUB_API_URL: github.url,
      LLM_PROVIDER: 'openai',
      LLM_MODEL: 'gpt-4o-mini',
      LLM_BASE_URL: llm.url,
      ...env,
    };
    const { process: worker } = await startApp('worker', full);
    running.push(worker);
    await worker.waitForLog((l) => l.msg === 'worker started');
    const queue = new ReviewQueue(redis, full.REDIS_KEY_PREFIX, logger);
    queues.push(queue);
    await queue.enqueue({
      version: 1,
      provider: 'github',
      deliveryId: `llm-${number}-${Math.random().toString(36).slice(2)}`,
      trigger: 'opened',
      repository: REPO,
      pullRequest: { number, headSha: head },
      receivedAt: new Date().toISOString(),
    });
    const done = await worker
      .waitForLog((l) => l.msg === 'review completed', 40_000)
      .catch((error: unknown) => {
        console.error(
          JSON.stringify((worker as unknown as { logs: unknown[] }).logs, null, 1).slice(0, 6000),
        );
        throw error;
      });
    return { worker, done };
  }

  it('posts the model finding on its added line (never a hallucinated one) and stores its calls', async () => {
    llm.script({
      match: 'src/login.ts',
      reply: {
        json: {
          suggestions: [
            suggestion(4, '[sql] The e-mail is spliced into SQL: an injection.'),
            suggestion(2, 'A comment on a line the pull request did not change.', 'bug'),
          ],
        },
        usage: { inputTokens: 1234, outputTokens: 56, cachedInputTokens: 0 },
      },
    });
    const { done } = await review(1, 'a'.repeat(40), { LLM_API_KEY: KEY });

    expect(done).toMatchObject({ failedReviewers: 0 });
    const comments = github.reviewComments(REPO, 1);
    const onLine4 = comments.filter((c) => c.path === 'src/login.ts' && c.line === 4);
    expect(onLine4.map((c) => c.body).join('\n')).toContain('The e-mail is spliced into SQL');
    expect(comments.map((c) => c.line)).not.toContain(2);
    expect(llm.requests[0]?.promptText).toContain('[sql] No SQL built from strings');

    const { rows } = await pool.query<{ id: string }>(
      'SELECT id FROM reviews WHERE pull_request = 1 AND status = $1',
      ['completed'],
    );
    const calls = await new LlmCallLog(pool).callsOf(rows[0]?.id ?? '');
    expect(calls).toEqual([
      expect.objectContaining({ model: 'gpt-4o-mini', inputTokens: 1234, outputTokens: 56, outcome: 'ok' }),
    ]);
  });

  it('a wrong key: the review completes with the analyzers and the summary says the LLM review failed', async () => {
    const { done } = await review(2, 'b'.repeat(40), { LLM_API_KEY: 'sk-wrong-00000000000000000000000' });

    expect(done).toMatchObject({ failedReviewers: 1 });
    const summary = github.reviews(REPO, 2)[0]?.body ?? '';
    expect(summary).toMatch(/LLM review failed/);
    expect(summary).not.toContain('sk-wrong');
  });
});
