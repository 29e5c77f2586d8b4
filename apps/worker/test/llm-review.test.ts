import { createLogger } from '@kodus/logger';
import { createDatabasePool, LlmCallLog, type Pool, ReviewRepository } from '@kodus/persistence';
import { GithubStandIn, LlmStandIn } from '@kodus/test-helpers';
import { useWorkerHarness } from './support/worker-harness';

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
  const harness = useWorkerHarness('worker_llm');
  let pool: Pool;
  let github: GithubStandIn;
  let llm: LlmStandIn;

  beforeAll(() => {
    pool = createDatabasePool({ url: harness.database().url, applicationName: 'kodus-test', logger });
  });
  beforeEach(async () => {
    github = await new GithubStandIn({ tokens: { 'llm-token': 'kodus-bot' } }).start();
    llm = await new LlmStandIn({ apiKey: KEY }).start();
  });
  afterEach(async () => {
    await github.stop();
    await llm.stop();
  });
  afterAll(async () => {
    await pool.end();
  });

  async function review(number: number, head: string, env: Record<string, string>) {
    github.addPullRequest(REPO, {
      number,
      headSha: head,
      baseSha: BASE,
      files: [{ filename: 'src/login.ts', status: 'modified', patch: PATCH }],
    });
    github.setFileContent(REPO, BASE, '.kody/rules/sql.md', RULE);
    const { worker, enqueue } = await harness.start({
      GITHUB_TOKEN: 'llm-token',
      GITHUB_API_URL: github.url,
      LLM_PROVIDER: 'openai',
      LLM_MODEL: 'gpt-4o-mini',
      LLM_BASE_URL: llm.url,
      ...env,
    });
    await worker.waitForLog((l) => l.msg === 'worker started');
    await enqueue(REPO, number, head);
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
    // The model's comment on an unchanged line is recorded with its reason, like every candidate.
    const candidates = await new ReviewRepository(pool).candidates(rows[0]?.id ?? '');
    expect(candidates.filter((c) => c.reviewer === 'llm').map((c) => [c.startLine, c.disposition])).toEqual(
      expect.arrayContaining([
        [4, 'posted'],
        [2, 'dropped:not-on-changed-line'],
      ]),
    );
  });

  it('a wrong key: the review completes with the analyzers and the summary says the LLM review failed', async () => {
    const { done } = await review(2, 'b'.repeat(40), { LLM_API_KEY: 'sk-wrong-00000000000000000000000' });

    expect(done).toMatchObject({ failedReviewers: 1 });
    const summary = github.reviews(REPO, 2)[0]?.body ?? '';
    expect(summary).toMatch(/LLM review failed/);
    expect(summary).not.toContain('sk-wrong');
  });

  it('a model that never answers: the review completes before its deadline, the summary says why', async () => {
    llm.script({ reply: { hang: true } });
    // The attempt's deadline is 5 s; the model's calls are given up 4 s in (80 %), well before the
    // call's own timeout (LLM_TIMEOUT_MS, 2 minutes by default).
    const { done } = await review(3, 'e'.repeat(40), { LLM_API_KEY: KEY, REVIEW_TIMEOUT_MS: '5000' });

    expect(done).toMatchObject({ failedReviewers: 1 });
    expect(github.reviews(REPO, 3)).toHaveLength(1);
    expect(github.reviews(REPO, 3)[0]?.body ?? '').toMatch(/LLM review failed: the review's deadline passed/);
    const { rows } = await pool.query<{ id: string; attempts: number }>(
      'SELECT id, attempts FROM reviews WHERE pull_request = 3 AND status = $1',
      ['completed'],
    );
    // The first attempt completed: no retry.
    expect(rows).toEqual([expect.objectContaining({ attempts: 1 })]);
    const calls = await new LlmCallLog(pool).callsOf(rows[0]?.id ?? '');
    expect(calls).toEqual([expect.objectContaining({ outcome: 'deadline' })]);
  });
});
