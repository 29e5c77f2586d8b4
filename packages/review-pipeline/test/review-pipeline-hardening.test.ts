import { PermanentJobError, RetryLaterError, type ReviewJobV1 } from '@kodus/queue';
import { ReviewRepository } from '@kodus/persistence';
import type { Reviewer } from '@kodus/review-engine';
import { randomUUID } from 'node:crypto';
import { ReviewInterruptedError, ReviewPipeline, ReviewTimeoutError } from '../src';
import { MAX_SUMMARY_CHARS } from '../src/summary';
import { logger, sha, useGithubPipeline } from './support/github-pipeline';

const TOKEN = 'hardening-token';
const REPO = { owner: 'acme', name: 'app' };
const added = (line: string) => ['@@ -0,0 +1,1 @@', `+${line}`].join('\n');

describe('ReviewPipeline under hostile or changing input', () => {
  const env = useGithubPipeline({ database: 'pipeline_hardening', token: TOKEN });

  function pullRequest(patch = added('console.log(1);')) {
    const { number, headSha, baseSha } = env.openPullRequest(REPO, {
      files: [{ filename: 'src/app.ts', status: 'modified', patch }],
    });
    const job = (head: string | undefined = headSha): ReviewJobV1 => ({
      version: 1,
      provider: 'github',
      deliveryId: randomUUID(),
      trigger: 'synchronize',
      repository: REPO,
      pullRequest: { number, headSha: head },
      receivedAt: new Date().toISOString(),
    });
    return { number, headSha, baseSha, job };
  }
  const posted = (number: number) => env.github.reviews(REPO, number);
  const reviewOf = async (deliveryId: string) => {
    const { rows } = await env.pool.query<{ id: string }>('SELECT id FROM reviews WHERE delivery_id = $1', [
      deliveryId,
    ]);
    return rows.length === 0 ? undefined : env.reviews.get(rows[0]!.id);
  };

  it('never posts the new head’s diff under the old head when a push lands while files are listed', async () => {
    const { number, job } = pullRequest(added('const ok = 1;'));
    const newHead = sha();
    const files = `/repos/acme/app/pulls/${number}/files`;
    env.github.beforeNext({ method: 'GET', path: new RegExp(`^${files}$`) }, () =>
      env.github.pushHead(REPO, number, newHead, [
        { filename: 'src/app.ts', status: 'modified', patch: added('debugger;') },
      ]),
    );
    const old = await env.pipeline.run(job(), { last: false });
    expect(old).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/superseded/) });
    expect(posted(number)).toEqual([]);

    const fresh = await env.pipeline.run(job(newHead), { last: false });
    expect(fresh).toMatchObject({ status: 'completed', findings: 1 });
    expect(posted(number)).toHaveLength(1);
    expect(posted(number)[0]).toMatchObject({ commitId: newHead });
  });

  it.each([
    ['a directory', (base: string) => env.github.setFileContent(REPO, base, '.kodus.yml/x.yml', 'a: 1\n')],
    [
      'a file over 1 MB',
      (base: string) => env.github.setFileContent(REPO, base, '.kodus.yml', `# ${'x'.repeat(1024 * 1024)}\n`),
    ],
    [
      'a YAML alias bomb',
      (base: string) =>
        env.github.setFileContent(
          REPO,
          base,
          '.kodus.yml',
          [
            'a: &a ["x","x","x","x","x","x","x","x","x"]',
            'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
            'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
            'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
          ].join('\n'),
        ),
    ],
    [
      'a thousand problems long (the summary stays under GitHub’s 65,536 characters)',
      (base: string) =>
        env.github.setFileContent(
          REPO,
          base,
          '.kodus.yml',
          Array.from({ length: 1000 }, (_, i) => `${'k'.repeat(240)}${i}: 1`).join('\n'),
        ),
    ],
  ])('reviews with the defaults and a note when .kodus.yml is %s', async (_what, place) => {
    const { number, baseSha, job } = pullRequest();
    place(baseSha);
    const outcome = await env.pipeline.run(job(), { last: false });
    expect(outcome).toMatchObject({ status: 'completed', findings: 1 });
    expect(posted(number)[0]?.body).toMatch(/\.kodus\.yml was ignored \(defaults used\): /);
    expect(posted(number)[0]?.body.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
  });

  it.each([
    ['a NUL in the repository name', { ...REPO, name: 'a\0b' }],
    ['a lone surrogate in the owner', { ...REPO, owner: 'ac\ud800me' }],
    ['".." as the owner', { ...REPO, owner: '..' }],
  ])('fails a job with %s at once, recorded with the reason', async (_what, repository) => {
    const { job } = pullRequest();
    const hostile = { ...job(), repository };
    await expect(env.pipeline.run(hostile, { last: false })).rejects.toBeInstanceOf(PermanentJobError);
    const record = await reviewOf(hostile.deliveryId);
    expect(record).toMatchObject({
      status: 'failed',
      statusReason: expect.stringMatching(/^invalid review job: repository\.(name|owner): /),
    });
    expect(record?.repository).not.toMatch(/\0/);
    expect(record?.finishedAt).toBeInstanceOf(Date);
  });

  it('records a hostile version 2 GitLab job under its full path, made storable', async () => {
    const hostile = {
      version: 2,
      provider: 'gitlab',
      deliveryId: randomUUID(),
      trigger: 'updated',
      repository: { provider: 'gitlab', path: 'group/sub/a\0b' },
      pullRequest: { number: 7 },
      receivedAt: new Date().toISOString(),
    };
    await expect(env.pipeline.run(hostile, { last: false })).rejects.toBeInstanceOf(PermanentJobError);
    const record = await reviewOf(hostile.deliveryId);
    expect(record).toMatchObject({
      status: 'failed',
      provider: 'gitlab',
      repository: 'group/sub/a\\u0000b',
      statusReason: expect.stringMatching(/^invalid review job: repository\.path: /),
    });
  });

  it('stores no credential an upstream error page echoed in the review’s reason', async () => {
    const { number, job } = pullRequest();
    const page = `<html><pre>GET /pulls/${number}\nAuthorization: token ${TOKEN}\n</pre></html>`;
    env.github.failNext(3, 502, { rawBody: page, match: { path: new RegExp(`/pulls/${number}$`) } });
    const attempt = job();
    await expect(env.pipeline.run(attempt, { last: true })).rejects.toBeDefined();
    const record = await reviewOf(attempt.deliveryId);
    expect(record).toMatchObject({ status: 'failed', statusReason: expect.stringMatching(/answered 502/) });
    expect(record?.statusReason).not.toContain(TOKEN);
  });

  it('gives up on an attempt at its deadline: retryable, slot freed, nothing posted afterwards', async () => {
    const timed = new ReviewPipeline({
      reviews: env.reviews,
      clientFor: (job) => env.clients.clientFor(job),
      logger,
      reviewTimeoutMs: 200,
    });
    const { number, job } = pullRequest();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // GitHub stops answering the files listing until the test lets it go.
    env.github.beforeNext({ method: 'GET', path: new RegExp(`/pulls/${number}/files$`) }, () => held);
    const attempt = job();
    const error = await timed.run(attempt, { last: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReviewTimeoutError);
    expect(error).not.toBeInstanceOf(PermanentJobError);
    expect(await reviewOf(attempt.deliveryId)).toMatchObject({
      status: 'queued',
      statusReason: expect.stringMatching(/will retry: the review timed out after 200 ms/),
    });
    expect(timed.overdueReviews()).toBe(1);

    release();
    await waitUntil(() => timed.overdueReviews() === 0);
    expect(posted(number)).toEqual([]);
  });

  it('a drain interrupts an attempt, even the last: left for later (no attempt spent), never failed, nothing posted', async () => {
    const { number, job } = pullRequest();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reached = false;
    env.github.beforeNext({ method: 'GET', path: new RegExp(`/pulls/${number}/files$`) }, () => {
      reached = true;
      return held;
    });
    const drain = new AbortController();
    const attempt = job();
    const running = env.pipeline.run(attempt, { last: true, signal: drain.signal }).catch((e: unknown) => e);
    await waitUntil(() => reached);
    drain.abort(new ReviewInterruptedError('the worker is draining'));
    const error = await running;
    expect(error).toBeInstanceOf(RetryLaterError);
    expect(await reviewOf(attempt.deliveryId)).toMatchObject({
      status: 'queued',
      statusReason: expect.stringMatching(/interrupted, will retry: the worker is draining/),
    });

    release();
    await waitUntil(() => env.pipeline.overdueReviews() === 0);
    expect(posted(number)).toEqual([]);
  });

  it('stops before posting when the head’s lease is lost meanwhile (taken over): retried later, no attempt spent', async () => {
    const { number, job } = pullRequest();
    // A reviewer during which another worker takes the head's lease (it expired while PostgreSQL was away).
    const stealing: Reviewer = {
      name: 'slow',
      review: async (context) => {
        await env.pool.query(`UPDATE head_leases SET owner = gen_random_uuid()`);
        await new Promise<void>((resolve) =>
          context.signal.addEventListener('abort', () => resolve(), { once: true }),
        );
        throw context.signal.reason;
      },
    };
    const pipeline = env.pipelineWith([stealing], {
      reviews: new ReviewRepository(env.pool, { ttlMs: 600, renewEveryMs: 50 }),
    });
    const attempt = job();
    const error = await pipeline.run(attempt, { last: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect(await reviewOf(attempt.deliveryId)).toMatchObject({
      status: 'queued',
      statusReason: expect.stringMatching(/interrupted, will retry: the lease on .* was lost/),
    });
    expect(posted(number)).toEqual([]);
  });
});

/** Polls a condition the code under test will reach (no timing is asserted). */
async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
