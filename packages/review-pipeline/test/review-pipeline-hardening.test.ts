import { createLogger } from '@kodus/logger';
import { createDatabasePool, migrate, type Pool, ReviewRepository } from '@kodus/persistence';
import { PermanentJobError, RetryLaterError, type ReviewJobV1 } from '@kodus/queue';
import { createTestDatabase, GithubStandIn, type TestDatabase } from '@kodus/test-helpers';
import { randomUUID } from 'node:crypto';
import { ProviderClients, ReviewInterruptedError, ReviewPipeline, ReviewTimeoutError } from '../src';

const logger = createLogger({ component: 'test', level: 'silent' });
const TOKEN = 'hardening-token';
const REPO = { owner: 'acme', name: 'app' };
const sha = () => randomUUID().replace(/-/g, '').padEnd(40, '0');
const added = (line: string) => ['@@ -0,0 +1,1 @@', `+${line}`].join('\n');

describe('ReviewPipeline under hostile or changing input', () => {
  let database: TestDatabase;
  let pool: Pool;
  let reviews: ReviewRepository;
  let github: GithubStandIn;
  let clients: ProviderClients;
  let pipeline: ReviewPipeline;
  let nextPr = 1;

  beforeAll(async () => {
    database = await createTestDatabase('pipeline_hardening');
    await migrate(database.url, logger);
    pool = createDatabasePool({ url: database.url, applicationName: 'kodus-test', logger });
    reviews = new ReviewRepository(pool);
    github = await new GithubStandIn({ tokens: { [TOKEN]: 'kodus-bot' } }).start();
    clients = new ProviderClients({ github: { apiUrl: github.url, token: TOKEN } });
    pipeline = new ReviewPipeline({ reviews, clientFor: (job) => clients.clientFor(job), logger });
  });
  afterAll(async () => {
    await github.stop();
    await pool.end();
    await database.drop();
  });

  function pullRequest(patch = added('console.log(1);')) {
    const number = nextPr++;
    const headSha = sha();
    const baseSha = sha();
    github.addPullRequest(REPO, {
      number,
      headSha,
      baseSha,
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
  const posted = (number: number) => github.reviews(REPO, number);
  const reviewOf = async (deliveryId: string) => {
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM reviews WHERE delivery_id = $1', [
      deliveryId,
    ]);
    return rows.length === 0 ? undefined : reviews.get(rows[0]!.id);
  };

  it('never posts the new head’s diff under the old head when a push lands while files are listed', async () => {
    const { number, job } = pullRequest(added('const ok = 1;'));
    const newHead = sha();
    const files = `/repos/acme/app/pulls/${number}/files`;
    github.beforeNext({ method: 'GET', path: new RegExp(`^${files}$`) }, () =>
      github.pushHead(REPO, number, newHead, [
        { filename: 'src/app.ts', status: 'modified', patch: added('debugger;') },
      ]),
    );
    const old = await pipeline.run(job(), { last: false });
    expect(old).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/superseded/) });
    expect(posted(number)).toEqual([]);

    const fresh = await pipeline.run(job(newHead), { last: false });
    expect(fresh).toMatchObject({ status: 'completed', findings: 1 });
    expect(posted(number)).toHaveLength(1);
    expect(posted(number)[0]).toMatchObject({ commitId: newHead });
  });

  it.each([
    ['a directory', (base: string) => github.setFileContent(REPO, base, '.kodus.yml/x.yml', 'a: 1\n')],
    [
      'a file over 1 MB',
      (base: string) => github.setFileContent(REPO, base, '.kodus.yml', `# ${'x'.repeat(1024 * 1024)}\n`),
    ],
    [
      'a YAML alias bomb',
      (base: string) =>
        github.setFileContent(
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
  ])('reviews with the defaults and a note when .kodus.yml is %s', async (_what, place) => {
    const { number, baseSha, job } = pullRequest();
    place(baseSha);
    const outcome = await pipeline.run(job(), { last: false });
    expect(outcome).toMatchObject({ status: 'completed', findings: 1 });
    expect(posted(number)[0]?.body).toMatch(/\.kodus\.yml was ignored \(defaults used\): /);
  });

  it.each([
    ['a NUL in the repository name', { ...REPO, name: 'a\0b' }],
    ['a lone surrogate in the owner', { ...REPO, owner: 'ac\ud800me' }],
    ['".." as the owner', { ...REPO, owner: '..' }],
  ])('fails a job with %s at once, recorded with the reason', async (_what, repository) => {
    const { job } = pullRequest();
    const hostile = { ...job(), repository };
    await expect(pipeline.run(hostile, { last: false })).rejects.toBeInstanceOf(PermanentJobError);
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
    await expect(pipeline.run(hostile, { last: false })).rejects.toBeInstanceOf(PermanentJobError);
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
    github.failNext(3, 502, { rawBody: page, match: { path: new RegExp(`/pulls/${number}$`) } });
    const attempt = job();
    await expect(pipeline.run(attempt, { last: true })).rejects.toBeDefined();
    const record = await reviewOf(attempt.deliveryId);
    expect(record).toMatchObject({ status: 'failed', statusReason: expect.stringMatching(/answered 502/) });
    expect(record?.statusReason).not.toContain(TOKEN);
  });

  it('gives up on an attempt at its deadline: retryable, slot freed, nothing posted afterwards', async () => {
    const timed = new ReviewPipeline({
      reviews,
      clientFor: (job) => clients.clientFor(job),
      logger,
      reviewTimeoutMs: 200,
    });
    const { number, job } = pullRequest();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // GitHub stops answering the files listing until the test lets it go.
    github.beforeNext({ method: 'GET', path: new RegExp(`/pulls/${number}/files$`) }, () => held);
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
    github.beforeNext({ method: 'GET', path: new RegExp(`/pulls/${number}/files$`) }, () => {
      reached = true;
      return held;
    });
    const drain = new AbortController();
    const attempt = job();
    const running = pipeline.run(attempt, { last: true, signal: drain.signal }).catch((e: unknown) => e);
    await waitUntil(() => reached);
    drain.abort(new ReviewInterruptedError('the worker is draining'));
    const error = await running;
    expect(error).toBeInstanceOf(RetryLaterError);
    expect(await reviewOf(attempt.deliveryId)).toMatchObject({
      status: 'queued',
      statusReason: expect.stringMatching(/interrupted, will retry: the worker is draining/),
    });

    release();
    await waitUntil(() => pipeline.overdueReviews() === 0);
    expect(posted(number)).toEqual([]);
  });
});

/** Polls a condition the code under test will reach (no timing is asserted). */
async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
