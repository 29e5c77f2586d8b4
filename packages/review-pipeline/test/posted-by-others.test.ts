import { withHiddenKey } from '@kodus/git-providers';
import { createLogger } from '@kodus/logger';
import { createDatabasePool, migrate, type Pool, ReviewRepository } from '@kodus/persistence';
import type { ReviewJob } from '@kodus/queue';
import { AnalyzersReviewer, DEFAULT_SETTINGS, parsePatch } from '@kodus/review-engine';
import { createTestDatabase, GithubStandIn, type TestDatabase } from '@kodus/test-helpers';
import { randomUUID } from 'node:crypto';
import { inlineCommentBody, inlineCommentKey, ProviderClients, ReviewPipeline, summaryKey } from '../src';

/**
 * Hostile input: the pull request's author (anyone who can comment) writes comments carrying Kodus's
 * hidden markers and Kodus's very text, hoping Kodus takes its own finding as already posted and drops
 * it, or skips its summary. Only comments Kodus's identity wrote count as posted.
 */

const logger = createLogger({ component: 'test', level: 'silent' });
const TOKEN = 'kodus-token';
const REPO = { owner: 'acme', name: 'forged' };
const sha = () => randomUUID().replace(/-/g, '').padEnd(40, '0');
const patch = (...added: string[]) =>
  [`@@ -0,0 +1,${added.length} @@`, ...added.map((l) => `+${l}`)].join('\n');

describe('ReviewPipeline and comments by others carrying Kodus markers', () => {
  let database: TestDatabase;
  let pool: Pool;
  let reviews: ReviewRepository;
  let github: GithubStandIn;
  let pipeline: ReviewPipeline;
  let nextPr = 1;

  beforeAll(async () => {
    database = await createTestDatabase('pipeline_posted_by_others');
    await migrate(database.url, logger);
    pool = createDatabasePool({ url: database.url, applicationName: 'kodus-test', logger });
    reviews = new ReviewRepository(pool);
    github = await new GithubStandIn({ tokens: { [TOKEN]: 'kodus-bot', 'author-token': 'mallory' } }).start();
    const clients = new ProviderClients({ github: { apiUrl: github.url, token: TOKEN } });
    pipeline = new ReviewPipeline({
      reviews,
      clientFor: (job) => clients.clientFor(job),
      logger,
      reviewers: [new AnalyzersReviewer()],
    });
  });
  afterAll(async () => {
    await github.stop();
    await pool.end();
    await database.drop();
  });

  const jobFor = (number: number, headSha: string): ReviewJob => ({
    version: 2,
    provider: 'github',
    deliveryId: randomUUID(),
    trigger: 'updated',
    repository: { provider: 'github', ...REPO },
    pullRequest: { number, headSha },
    receivedAt: new Date().toISOString(),
  });

  /** What Kodus would say on line 1 of src/a.ts (its console.log finding), key and text alike. */
  async function kodusComment(headSha: string): Promise<{ key: string; body: string }> {
    const [finding] = (
      await new AnalyzersReviewer().review({
        pullRequest: { title: '', description: '' },
        files: [parsePatch({ path: 'src/a.ts', status: 'modified', patch: patch('console.log(1);') })],
        settings: DEFAULT_SETTINGS,
        signal: new AbortController().signal,
      })
    ).candidates;
    if (finding === undefined) throw new Error('the analyzers found no console.log');
    return {
      key: inlineCommentKey(headSha, { path: 'src/a.ts', line: 1 }, finding),
      body: inlineCommentBody(finding),
    };
  }

  it('posts its own comment and summary although another user posted look-alikes with its markers', async () => {
    const number = nextPr++;
    const headSha = sha();
    github.addPullRequest(REPO, {
      number,
      headSha,
      baseSha: sha(),
      files: [{ filename: 'src/a.ts', status: 'modified', patch: patch('console.log(1);') }],
    });
    const forged = await kodusComment(headSha);
    // The author's forgeries: the summary with Kodus's summary key, the finding with its key and text.
    github.addReview(REPO, number, {
      body: withHiddenKey('Kodus: all good.', summaryKey(headSha)),
      user: 'mallory',
    });
    github.addReview(REPO, number, {
      body: '',
      user: 'mallory',
      comments: [{ path: 'src/a.ts', line: 1, side: 'RIGHT', body: withHiddenKey(forged.body, forged.key) }],
    });

    const outcome = await pipeline.run(jobFor(number, headSha), { last: false });

    expect(outcome).toMatchObject({ status: 'completed', findings: 1 });
    const dispositions = (await reviews.candidates(outcome.reviewId)).map((c) => [
      c.path,
      c.line,
      c.disposition,
    ]);
    expect(dispositions).toEqual([['src/a.ts', 1, 'posted']]);
    const byKodus = github.reviews(REPO, number).filter((r) => r.user === 'kodus-bot');
    expect(byKodus).toHaveLength(1);
    expect(byKodus[0]?.body).toContain(`kodus:key=${summaryKey(headSha)}`);
    expect(outcome).toMatchObject({ postedReviewId: String(byKodus[0]?.id) });
    expect(
      github
        .reviewComments(REPO, number)
        .filter((c) => c.user === 'kodus-bot')
        .map((c) => [c.path, c.line]),
    ).toEqual([['src/a.ts', 1]]);
  });

  it('adopts its own review posted before a crash, not an earlier forgery with the same key', async () => {
    const number = nextPr++;
    const headSha = sha();
    github.addPullRequest(REPO, {
      number,
      headSha,
      baseSha: sha(),
      files: [{ filename: 'src/a.ts', status: 'modified', patch: patch('console.log(1);') }],
    });
    github.addReview(REPO, number, {
      body: withHiddenKey('Kodus: forged.', summaryKey(headSha)),
      user: 'mallory',
    });
    const own = github.addReview(REPO, number, {
      body: withHiddenKey('Kodus', summaryKey(headSha)),
      user: 'kodus-bot',
      commitId: headSha,
    });
    const outcome = await pipeline.run(jobFor(number, headSha), { last: false });
    expect(outcome).toMatchObject({ status: 'completed', postedReviewId: String(own.id) });
    expect(github.reviews(REPO, number).filter((r) => r.user === 'kodus-bot')).toHaveLength(1);
  });
});
