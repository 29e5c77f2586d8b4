import { randomUUID } from 'node:crypto';
import { waitFor } from '@kodus/test-helpers';
import { reportCounts } from '../src/counts';
import { KodusStack } from '../src/kodus-stack';
import { scenario, sized } from '../src/profile';
import { BASE_SHA, fileWithFinding, pullRequestEvent, sha } from '../src/pull-requests';

const REPO = { owner: 'chaos', name: 'redelivery' };

describe('chaos: redelivery and overlapping pushes', () => {
  let stack: KodusStack;

  beforeAll(async () => {
    // Latency towards GitHub widens the window between reading the pull request and listing its files.
    stack = await new KodusStack({ label: 'redelivery', proxyGithub: true }).prepare();
    await Promise.all([stack.start('webhook-handler'), stack.start('worker', { WORKER_CONCURRENCY: '4' })]);
  }, 120000);
  afterAll(async () => {
    const { leaks } = stack.secretLeaks();
    await stack.stop();
    expect(leaks).toEqual([]);
  });

  scenario(
    'redelivery: the same delivery N times gives one review',
    async () => {
      const copies = sized(10, 50);
      const number = 1;
      const head = sha('redelivered');
      stack.github.addPullRequest(REPO, {
        number,
        headSha: head,
        baseSha: BASE_SHA,
        files: [fileWithFinding('src/a.ts')],
      });
      const deliveryId = randomUUID();
      const answers = await Promise.all(
        Array.from({ length: copies }, () =>
          stack.deliver(pullRequestEvent(REPO, number, head), { deliveryId }),
        ),
      );
      const accepted = answers.filter((a) => a.status === 202).length;
      await waitFor('the review', () => (stack.github.reviews(REPO, number).length > 0 ? true : undefined), {
        timeoutMs: 60000,
      });
      // Give any duplicate time to show up: the rows settle once the one job ran.
      const rows = await stack.waitForRows('the review row to finish', (r) =>
        r.some((row) => row.pullRequest === number && row.status === 'completed'),
      );
      const posted = stack.github.reviews(REPO, number);
      reportCounts('redelivery', {
        accepted,
        processed: rows.filter((r) => r.pullRequest === number && r.status === 'completed').length,
        lost: posted.length === 0 ? 1 : 0,
        duplicated: Math.max(0, posted.length - 1),
        deliveries: copies,
        rows: rows.filter((r) => r.pullRequest === number).length,
      });
      expect(answers.map((a) => a.status)).toEqual(Array(copies).fill(202));
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
      expect(posted).toHaveLength(1);
      expect(rows.filter((r) => r.pullRequest === number)).toHaveLength(1);
    },
    120000,
  );

  scenario(
    'overlapping pushes: the old head is never reviewed with the new diff',
    async () => {
      const rounds = sized(3, 10);
      let accepted = 0;
      let processed = 0;
      let lost = 0;
      let duplicated = 0;
      let mislabelled = 0;
      let superseded = 0;
      stack.githubProxy!.latencyMs = 150;
      try {
        for (let round = 0; round < rounds; round++) {
          const number = 100 + round;
          const oldHead = sha(`old-${round}`);
          const newHead = sha(`new-${round}`);
          stack.github.addPullRequest(REPO, {
            number,
            headSha: oldHead,
            baseSha: BASE_SHA,
            files: [fileWithFinding('src/first.ts')],
          });
          const pullPath = `/repos/${REPO.owner}/${REPO.name}/pulls/${number}`;
          const first = await stack.deliver(pullRequestEvent(REPO, number, oldHead, 'opened'));
          // The push lands right after the worker read the pull request at the old head.
          await waitFor(
            'the worker to read the pull request',
            () => (stack.github.requests.some((r) => r.apiPath === pullPath) ? true : undefined),
            { timeoutMs: 30000, intervalMs: 5 },
          );
          stack.github.pushHead(REPO, number, newHead, [
            fileWithFinding('src/first.ts'),
            fileWithFinding('src/second.ts'),
          ]);
          const second = await stack.deliver(pullRequestEvent(REPO, number, newHead, 'synchronize'));
          accepted += [first, second].filter((a) => a.status === 202).length;
          const rows = await stack.waitForRows(
            'both deliveries to finish',
            (all) =>
              all.filter(
                (r) => r.pullRequest === number && ['completed', 'skipped', 'failed'].includes(r.status),
              ).length === 2,
            90000,
          );
          const mine = rows.filter((r) => r.pullRequest === number);
          processed += mine.filter((r) => r.status === 'completed' || r.status === 'skipped').length;
          superseded += mine.filter((r) => r.status === 'skipped').length;
          const posted = stack.github.reviews(REPO, number);
          const atNew = posted.filter((r) => r.commitId === newHead);
          if (atNew.length === 0) lost += 1;
          const commits = posted.map((r) => r.commitId);
          duplicated += commits.length - new Set(commits).size;
          // A review on the old commit may only comment on the old diff.
          mislabelled += posted.filter(
            (r) => r.commitId === oldHead && r.comments.some((c) => c.path === 'src/second.ts'),
          ).length;
        }
      } finally {
        stack.githubProxy!.latencyMs = 0;
      }
      reportCounts('overlapping-pushes', {
        accepted,
        processed,
        lost,
        duplicated,
        rounds,
        superseded,
        newDiffUnderOldCommit: mislabelled,
      });
      expect(accepted).toBe(2 * rounds);
      expect(processed).toBe(2 * rounds);
      expect({ lost, duplicated, mislabelled }).toEqual({ lost: 0, duplicated: 0, mislabelled: 0 });
    },
    240000,
  );
});
