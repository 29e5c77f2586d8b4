import { PermanentJobError, RetryLaterError, type ReviewJobV1, upgradeReviewJob } from '@kodus/queue';
import { randomUUID } from 'node:crypto';
import { withHiddenKey } from '@kodus/git-providers';
import { ProviderClients, summaryKey } from '../src';
import { KEY_AND_CONSOLE_LOG_PATCH, useGithubPipeline } from './support/github-pipeline';

const TOKEN = 'pipeline-token';

describe('ReviewPipeline', () => {
  const env = useGithubPipeline({ database: 'pipeline', token: TOKEN });

  /** A fresh pull request in acme/app with one file, and a job for it. */
  function pullRequest(
    overrides: { draft?: boolean; state?: 'open' | 'closed'; patch?: string; baseSha?: string } = {},
  ) {
    const { number, headSha, baseSha } = env.openPullRequest(
      { owner: 'acme', name: 'app' },
      {
        draft: overrides.draft ?? false,
        state: overrides.state ?? 'open',
        baseSha: overrides.baseSha,
        files: [
          { filename: 'src/app.ts', status: 'modified', patch: overrides.patch ?? KEY_AND_CONSOLE_LOG_PATCH },
        ],
      },
    );
    const job = (
      trigger: ReviewJobV1['trigger'] = 'opened',
      sha: string | undefined = headSha,
    ): ReviewJobV1 => ({
      version: 1,
      provider: 'github',
      deliveryId: randomUUID(),
      trigger,
      repository: { owner: 'acme', name: 'app' },
      pullRequest: { number, headSha: sha },
      receivedAt: new Date().toISOString(),
    });
    return { number, headSha, baseSha, job };
  }
  const posted = (number: number) => env.github.reviews({ owner: 'acme', name: 'app' }, number);
  const stored = async (reviewId: string) => (await env.reviews.get(reviewId))!;

  it('reviews a pull request: one review with inline comments, stored with its suggestions', async () => {
    const { number, headSha, job } = pullRequest();
    const opened = job('opened');
    const outcome = await env.pipeline.run(opened, { last: false });
    expect(outcome).toMatchObject({ status: 'completed', findings: 2 });
    // The provider's delivery is recorded with the claim.
    const { rows: deliveries } = await env.pool.query('SELECT event FROM deliveries WHERE delivery_id = $1', [
      opened.deliveryId,
    ]);
    expect(deliveries).toEqual([{ event: 'opened' }]);
    const [review] = posted(number);
    expect(review?.commitId).toBe(headSha);
    expect(review?.body).toContain(`kodus:key=${summaryKey(headSha)}`);
    expect(review?.comments.map((c) => [c.path, c.line, c.side])).toEqual([
      ['src/app.ts', 2, 'RIGHT'],
      ['src/app.ts', 3, 'RIGHT'],
    ]);
    const record = await stored(outcome.reviewId);
    expect(record).toMatchObject({ status: 'completed', headSha, postedReviewId: expect.any(String) });
    expect(record.suggestions.map((s) => [s.line, s.severity, s.ruleId])).toEqual([
      [2, 'critical', expect.stringMatching(/^secrets\//)],
      [3, 'low', 'debug/console-log'],
    ]);
  });

  it('lists what is posted on the pull request once per review: shaping and publishing share the list', async () => {
    const { number, job } = pullRequest();
    const listings = () =>
      env.github.requests.filter(
        (r) =>
          r.method === 'GET' &&
          (r.apiPath.endsWith(`/pulls/${number}/reviews`) || r.apiPath.endsWith(`/pulls/${number}/comments`)),
      ).length;
    expect(await env.pipeline.run(job('opened'), { last: false })).toMatchObject({ status: 'completed' });
    // One page each of reviews and inline comments, read for de-duplication and reused by publish.
    expect(listings()).toBe(2);
    expect(posted(number)).toHaveLength(1);
  });

  it('never posts twice: the same job again, another delivery, a manual re-run on the same head', async () => {
    const { number, job } = pullRequest();
    const first = job('opened');
    const done = await env.pipeline.run(first, { last: false });
    expect(await env.pipeline.run(first, { last: false })).toEqual({
      status: 'unchanged',
      reviewId: done.reviewId,
    });
    const redelivered = await env.pipeline.run(job('synchronize'), { last: false });
    expect(redelivered).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/already reviewed/),
    });
    const manual = await env.pipeline.run(
      { ...job('manual', undefined), deliveryId: `manual-${randomUUID()}` },
      { last: false },
    );
    expect(manual.status).toBe('skipped');
    expect(posted(number)).toHaveLength(1);
  });

  it('adopts a review it posted before crashing instead of posting another', async () => {
    const { number, headSha, job } = pullRequest();
    const earlier = env.github.addReview({ owner: 'acme', name: 'app' }, number, {
      body: withHiddenKey('Kodus', summaryKey(headSha)),
      commitId: headSha,
    });
    const outcome = await env.pipeline.run(job('opened'), { last: false });
    expect(outcome).toMatchObject({ status: 'completed', postedReviewId: String(earlier.id) });
    expect(posted(number)).toHaveLength(1);
  });

  it('runs concurrent jobs for one head commit into a single posted review', async () => {
    const { number, job } = pullRequest();
    const outcomes = await Promise.all([
      env.pipeline.run(job('opened'), { last: false }),
      env.pipeline.run(job('command'), { last: false }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['completed', 'skipped']);
    expect(posted(number)).toHaveLength(1);
  });

  it('skips drafts unless asked explicitly, closed pull requests, and superseded heads', async () => {
    const draft = pullRequest({ draft: true });
    expect(await env.pipeline.run(draft.job('opened'), { last: false })).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/draft/),
    });
    expect(await env.pipeline.run(draft.job('command', undefined), { last: false })).toMatchObject({
      status: 'completed',
    });

    const closed = pullRequest({ state: 'closed' });
    expect(await env.pipeline.run(closed.job('opened'), { last: false })).toMatchObject({
      status: 'skipped',
      reason: 'the pull request is closed',
    });

    const moved = pullRequest();
    const stale = await env.pipeline.run(moved.job('opened', 'd'.repeat(40)), { last: false });
    expect(stale).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/superseded/) });
    expect(posted(moved.number)).toHaveLength(0);
  });

  it('reads the pull request once for a job that names its head: after its files, which it pins', async () => {
    const { number, headSha, job } = pullRequest();
    const from = env.github.requests.length;
    expect(await env.pipeline.run(job('synchronize'), { last: false })).toMatchObject({
      status: 'completed',
    });
    const reads = env.github.requests
      .slice(from)
      .filter((r) => r.method === 'GET' && /\/pulls\/\d+(\/files)?$/.test(r.apiPath))
      .map((r) => r.apiPath);
    expect(reads).toEqual([`/repos/acme/app/pulls/${number}/files`, `/repos/acme/app/pulls/${number}`]);
    expect(posted(number)[0]?.commitId).toBe(headSha);

    // A push while the files are read: they may be the new head's, so nothing is posted under the old one.
    const pushed = pullRequest();
    const newHead = 'e'.repeat(40);
    env.github.beforeNext({ method: 'GET', path: new RegExp(`/pulls/${pushed.number}/files$`) }, () =>
      env.github.pushHead({ owner: 'acme', name: 'app' }, pushed.number, newHead),
    );
    expect(await env.pipeline.run(pushed.job('synchronize'), { last: false })).toMatchObject({
      status: 'skipped',
      reason: `superseded: the pull request moved on to ${newHead.slice(0, 12)}`,
    });
    expect(posted(pushed.number)).toHaveLength(0);
  });

  it('applies the base branch .kodus.yml, and falls back to defaults with a note when it is invalid', async () => {
    const ruled = pullRequest({ patch: ['@@ -0,0 +1,1 @@', '+// TODO: remove before release'].join('\n') });
    // The pull request's own copy is ignored: it could switch off the analyzers reviewing it.
    env.github.setFileContent({ owner: 'acme', name: 'app' }, ruled.headSha, '.kodus.yml', 'rules: []\n');
    env.github.setFileContent(
      { owner: 'acme', name: 'app' },
      ruled.baseSha,
      '.kodus.yml',
      [
        'rules:',
        '  - id: no-todo',
        '    paths: ["src/**"]',
        '    pattern: "TODO"',
        '    message: Resolve TODOs before merging',
        '    severity: low',
      ].join('\n'),
    );
    const outcome = await env.pipeline.run(ruled.job('opened'), { last: false });
    expect((await stored(outcome.reviewId)).suggestions.map((s) => s.ruleId)).toEqual(['rules/no-todo']);

    const broken = pullRequest();
    env.github.setFileContent(
      { owner: 'acme', name: 'app' },
      broken.baseSha,
      '.kodus.yml',
      'maxComments: lots\n',
    );
    const fallback = await env.pipeline.run(broken.job('opened'), { last: false });
    expect(fallback.status).toBe('completed');
    expect(posted(broken.number)[0]?.body).toMatch(
      /\.kodus\.yml was ignored \(defaults used\): .*maxComments/,
    );
  });

  it("reads a base commit's .kodus.yml once for the pull requests on it, each applying it", async () => {
    const baseSha = randomUUID().replace(/-/g, '').padEnd(40, 'c');
    const todo = ['@@ -0,0 +1,1 @@', '+// TODO: remove before release'].join('\n');
    env.github.setFileContent(
      { owner: 'acme', name: 'app' },
      baseSha,
      '.kodus.yml',
      'rules:\n  - id: no-todo\n    paths: ["src/**"]\n    pattern: "TODO"\n    message: Resolve TODOs\n',
    );
    const first = pullRequest({ patch: todo, baseSha });
    const second = pullRequest({ patch: todo, baseSha });
    const settingsReads = () =>
      env.github.requests.filter((r) => r.apiPath.endsWith('/contents/.kodus.yml') && r.query.ref === baseSha)
        .length;
    const outcomes = [
      await env.pipeline.run(first.job('opened'), { last: false }),
      await env.pipeline.run(second.job('opened'), { last: false }),
    ];
    for (const outcome of outcomes) {
      expect((await stored(outcome.reviewId)).suggestions.map((s) => s.ruleId)).toEqual(['rules/no-todo']);
    }
    expect(settingsReads()).toBe(1);
  });

  it('leaves transient failures to BullMQ retries and fails for good on the last attempt', async () => {
    const { number, job } = pullRequest();
    const flaky = job('opened');
    // Scoped to this pull request, so failures left unconsumed cannot leak into other tests.
    const match = { method: 'GET', path: new RegExp(`/pulls/${number}$`) };
    env.github.failNext(10, 502, { match });
    const error = await env.pipeline.run(flaky, { last: false }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(PermanentJobError);
    const { rows } = await env.pool.query<{ id: string }>('SELECT id FROM reviews WHERE delivery_id = $1', [
      flaky.deliveryId,
    ]);
    expect(await stored(rows[0]!.id)).toMatchObject({
      status: 'queued',
      statusReason: expect.stringMatching(/will retry/),
    });

    env.github.failNext(10, 502, { match });
    await expect(env.pipeline.run(flaky, { last: true })).rejects.toBeDefined();
    expect(await stored(rows[0]!.id)).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('fails permanently on a missing pull request, bad job data and missing credentials', async () => {
    const { job } = pullRequest();
    const missing = { ...job('opened'), pullRequest: { number: 9999 } };
    await expect(env.pipeline.run(missing, { last: false })).rejects.toBeInstanceOf(PermanentJobError);
    await expect(env.pipeline.run({ version: 2 }, { last: false })).rejects.toBeInstanceOf(PermanentJobError);

    const noCredentials = new ProviderClients({ github: { apiUrl: env.github.url } });
    const current = upgradeReviewJob(job('opened'));
    if (!current.success) throw current.error;
    expect(() => noCredentials.clientFor(current.data)).toThrow(PermanentJobError);
    const gitlab = {
      ...current.data,
      provider: 'gitlab' as const,
      repository: { provider: 'gitlab' as const, path: 'acme/app' },
    };
    expect(() => noCredentials.clientFor(gitlab)).toThrow(/not supported yet|no gitlab credentials/);
  });

  it('records a failure BullMQ decides alone (a job that stalled too often) on the review', async () => {
    const { job } = pullRequest();
    const stalled = job('opened');
    const claim = await env.reviews.claimAttempt({
      provider: 'github',
      repository: 'acme/app',
      pullRequest: stalled.pullRequest.number,
      trigger: 'opened',
      deliveryId: stalled.deliveryId,
      jobId: `github-${stalled.deliveryId}`,
    });
    await env.pipeline.recordFinalFailure(stalled, 'job stalled more than allowable limit');
    expect(await stored(claim.review.id)).toMatchObject({
      status: 'failed',
      statusReason: 'job stalled more than allowable limit',
    });
    expect((await stored(claim.review.id)).finishedAt).toBeInstanceOf(Date);
  });

  it('waits for a rate limit reset instead of spending its attempts', async () => {
    const { number, job } = pullRequest();
    const limited = job('opened');
    env.github.failNext(1, 429, {
      retryAfterSeconds: 120,
      match: { method: 'GET', path: new RegExp(`/pulls/${number}$`) },
    });
    const error = await env.pipeline.run(limited, { last: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).delayMs).toBe(120000);
    const { rows } = await env.pool.query<{ id: string }>('SELECT id FROM reviews WHERE delivery_id = $1', [
      limited.deliveryId,
    ]);
    expect(await stored(rows[0]!.id)).toMatchObject({
      status: 'queued',
      statusReason: expect.stringMatching(/waiting for the provider/),
    });
  });
});
