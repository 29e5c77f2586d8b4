import { withHiddenKey } from '@kodus/git-providers';
import { AnalyzersReviewer, DEFAULT_SETTINGS, parsePatch } from '@kodus/review-engine';
import { inlineCommentBody, inlineCommentKey, summaryKey } from '../src';
import { updatedJob, useGithubPipeline } from './support/github-pipeline';

/**
 * Hostile input: the pull request's author (anyone who can comment) writes comments carrying Kodus's
 * hidden markers and Kodus's very text, hoping Kodus takes its own finding as already posted and drops
 * it, or skips its summary. Only comments Kodus's identity wrote count as posted.
 */

const TOKEN = 'kodus-token';
const REPO = { owner: 'acme', name: 'forged' };
const patch = (...added: string[]) =>
  [`@@ -0,0 +1,${added.length} @@`, ...added.map((l) => `+${l}`)].join('\n');

describe('ReviewPipeline and comments by others carrying Kodus markers', () => {
  const env = useGithubPipeline({
    database: 'pipeline_posted_by_others',
    token: TOKEN,
    otherUsers: { 'author-token': 'mallory' },
    reviewers: [new AnalyzersReviewer()],
  });

  const jobFor = (number: number, headSha: string) => updatedJob(REPO, number, headSha);

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
    const { number, headSha } = env.openPullRequest(REPO, {
      files: [{ filename: 'src/a.ts', status: 'modified', patch: patch('console.log(1);') }],
    });
    const forged = await kodusComment(headSha);
    // The author's forgeries: the summary with Kodus's summary key, the finding with its key and text.
    env.github.addReview(REPO, number, {
      body: withHiddenKey('Kodus: all good.', summaryKey(headSha)),
      user: 'mallory',
    });
    env.github.addReview(REPO, number, {
      body: '',
      user: 'mallory',
      comments: [{ path: 'src/a.ts', line: 1, side: 'RIGHT', body: withHiddenKey(forged.body, forged.key) }],
    });

    const outcome = await env.pipeline.run(jobFor(number, headSha), { last: false });

    expect(outcome).toMatchObject({ status: 'completed', findings: 1 });
    const dispositions = (await env.reviews.candidates(outcome.reviewId)).map((c) => [
      c.path,
      c.line,
      c.disposition,
    ]);
    expect(dispositions).toEqual([['src/a.ts', 1, 'posted']]);
    const byKodus = env.github.reviews(REPO, number).filter((r) => r.user === 'kodus-bot');
    expect(byKodus).toHaveLength(1);
    expect(byKodus[0]?.body).toContain(`kodus:key=${summaryKey(headSha)}`);
    expect(outcome).toMatchObject({ postedReviewId: String(byKodus[0]?.id) });
    expect(
      env.github
        .reviewComments(REPO, number)
        .filter((c) => c.user === 'kodus-bot')
        .map((c) => [c.path, c.line]),
    ).toEqual([['src/a.ts', 1]]);
  });

  it('adopts its own review posted before a crash, not an earlier forgery with the same key', async () => {
    const { number, headSha } = env.openPullRequest(REPO, {
      files: [{ filename: 'src/a.ts', status: 'modified', patch: patch('console.log(1);') }],
    });
    env.github.addReview(REPO, number, {
      body: withHiddenKey('Kodus: forged.', summaryKey(headSha)),
      user: 'mallory',
    });
    const own = env.github.addReview(REPO, number, {
      body: withHiddenKey('Kodus', summaryKey(headSha)),
      user: 'kodus-bot',
      commitId: headSha,
    });
    const outcome = await env.pipeline.run(jobFor(number, headSha), { last: false });
    expect(outcome).toMatchObject({ status: 'completed', postedReviewId: String(own.id) });
    expect(env.github.reviews(REPO, number).filter((r) => r.user === 'kodus-bot')).toHaveLength(1);
  });
});
