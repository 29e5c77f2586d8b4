import { GithubStandIn, uniquePrefix } from '@kodus/test-helpers';
import { useWorkerHarness } from './support/worker-harness';

const REPO = { owner: 'acme', name: 'accounts' };
const BASE = 'c'.repeat(40);
const FIRST = 'd'.repeat(40);
const PUSHED = 'e'.repeat(40);
/** One debug leftover: one analyzer comment on line 2. */
const PATCH = ['@@ -1,1 +1,2 @@', ' export const ok = 1;', "+console.log('here');"].join('\n');

describe('worker: the account it posts as, kept across restarts', () => {
  const harness = useWorkerHarness('worker_accounts');

  it('a restarted worker with an integration token does not post its earlier comments again', async () => {
    // An installation token: GitHub refuses it GET /user, so the account is learnt from its own posts.
    const github = await new GithubStandIn({ tokens: { 'ghs-accounts': 'kodus-app[bot]' } }).start();
    try {
      const files = [{ filename: 'src/app.ts', status: 'modified' as const, patch: PATCH }];
      github.addPullRequest(REPO, { number: 4, headSha: FIRST, baseSha: BASE, files });
      const env = {
        GITHUB_TOKEN: 'ghs-accounts',
        GITHUB_API_URL: github.url,
        REDIS_KEY_PREFIX: uniquePrefix('worker_accounts'),
      };
      const comments = () => github.reviews(REPO, 4).flatMap((r) => r.comments.map((c) => [c.path, c.line]));

      const first = await harness.start(env);
      const opened = await first.enqueue(REPO, 4, FIRST);
      await first.worker.waitForLog((l) => l.jobId === opened && l.msg === 'job completed', 40_000);
      expect(comments()).toEqual([['src/app.ts', 2]]);
      first.worker.kill();

      // A push that leaves the line as it was (no comparison: the whole pull request is reviewed again),
      // taken by a worker that has just started.
      github.pushHead(REPO, 4, PUSHED, files);
      const second = await harness.start(env);
      const pushed = await second.enqueue(REPO, 4, PUSHED, 'synchronize');
      await second.worker.waitForLog((l) => l.jobId === pushed && l.msg === 'job completed', 40_000);
      // One summary per reviewed head; the comment made before the restart is not posted again.
      expect(github.reviews(REPO, 4).map((r) => r.commitId)).toEqual([FIRST, PUSHED]);
      expect(comments()).toEqual([['src/app.ts', 2]]);
    } finally {
      await github.stop();
    }
  });
});
