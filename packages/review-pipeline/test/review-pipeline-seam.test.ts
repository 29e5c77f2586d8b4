import { withHiddenKey } from '@kodus/git-providers';
import { RetryLaterError, reviewJobId } from '@kodus/queue';
import type { Candidate, Reviewer, ReviewContext } from '@kodus/review-engine';
import { AnalyzersReviewer, DEFAULT_SETTINGS, parsePatch } from '@kodus/review-engine';
import { ActiveReviews, inlineCommentBody, inlineCommentKey } from '../src';
import { sha, updatedJob, useGithubPipeline } from './support/github-pipeline';

const TOKEN = 'seam-token';
const REPO = { owner: 'acme', name: 'seam' };
const patch = (...added: string[]) =>
  [`@@ -0,0 +1,${added.length} @@`, ...added.map((l) => `+${l}`)].join('\n');

/** A reviewer standing in for the LLM one at the seam: scripted candidates, usage, or a failure. */
class ScriptedReviewer implements Reviewer {
  seen: ReviewContext[] = [];
  constructor(
    readonly name: string,
    private readonly script: (context: ReviewContext) => Candidate[],
    private readonly fail?: string,
  ) {}
  review(context: ReviewContext) {
    this.seen.push(context);
    if (this.fail !== undefined) return Promise.reject(new Error(this.fail));
    return Promise.resolve({
      candidates: this.script(context),
      notes: [],
      usage: { llmCalls: 1, inputTokens: 400, outputTokens: 50, cachedInputTokens: 10, costUsd: 0.002 },
    });
  }
}

const llmCandidate = (path: string, line: number, message: string): Candidate => ({
  source: 'llm',
  reviewer: 'scripted',
  path,
  startLine: line,
  endLine: line,
  severity: 'high',
  category: 'bug',
  ruleId: 'llm',
  message,
});

describe('ReviewPipeline with reviewers, incremental reviews and idempotent publishing', () => {
  const env = useGithubPipeline({ database: 'pipeline_seam', token: TOKEN });

  const jobFor = (number: number, headSha: string) => updatedJob(REPO, number, headSha);
  const comments = (number: number) => env.github.reviewComments(REPO, number).map((c) => [c.path, c.line]);

  it('reviews only what a push changed, never repeats a posted comment, and a force-push reviews all again', async () => {
    const { number, headSha: head1 } = env.openPullRequest(REPO, {
      files: [{ filename: 'src/a.ts', status: 'modified', patch: patch('console.log(1);', 'const a = 1;') }],
    });
    const pipeline = env.pipelineWith([new AnalyzersReviewer()]);
    const first = await pipeline.run(jobFor(number, head1), { last: false });
    expect(first).toMatchObject({ status: 'completed', findings: 1 });
    expect(comments(number)).toEqual([['src/a.ts', 1]]);

    // Push 2 adds a debugger statement to a.ts and a new file; the compare also touches line 1 again.
    const head2 = sha();
    const aAtHead2 = patch('console.log(1);', 'const a = 1;', 'debugger;');
    const bAtHead2 = patch('console.log(2);');
    env.github.pushHead(REPO, number, head2, [
      { filename: 'src/a.ts', status: 'modified', patch: aAtHead2 },
      { filename: 'src/b.ts', status: 'added', patch: bAtHead2 },
      { filename: 'src/untouched.ts', status: 'modified', patch: patch('console.log(3);') },
    ]);
    env.github.setComparison(REPO, head1, head2, {
      status: 'ahead',
      files: [
        {
          filename: 'src/a.ts',
          status: 'modified',
          patch: [
            '@@ -1,2 +1,3 @@',
            '-console.log(1)',
            '+console.log(1);',
            ' const a = 1;',
            '+debugger;',
          ].join('\n'),
        },
        { filename: 'src/b.ts', status: 'added', patch: bAtHead2 },
      ],
    });
    const second = await pipeline.run(jobFor(number, head2), { last: false });
    expect(second).toMatchObject({ status: 'completed', findings: 2 });
    expect(comments(number)).toEqual([
      ['src/a.ts', 1],
      ['src/a.ts', 3],
      ['src/b.ts', 1],
    ]);
    const incremental = (await env.reviews.get(second.reviewId))!;
    expect(incremental.summary).toContain(`incremental since \`${head1.slice(0, 12)}\``);
    expect(incremental.summary).toContain('1 finding already commented on this pull request not repeated');
    const dispositions = (await env.reviews.candidates(second.reviewId)).map((c) => [
      c.path,
      c.line,
      c.disposition,
    ]);
    expect(dispositions).toEqual(
      expect.arrayContaining([
        ['src/a.ts', 1, 'dropped:already-posted'],
        ['src/a.ts', 3, 'posted'],
        ['src/b.ts', 1, 'posted'],
      ]),
    );
    // src/untouched.ts did not change since head1: not reviewed again.
    expect(dispositions.map(([path]) => path)).not.toContain('src/untouched.ts');

    // A force-push: head1...head3 is not set on the stand-in (404, as for a commit no longer there).
    const head3 = sha();
    env.github.pushHead(REPO, number, head3);
    const third = await pipeline.run(jobFor(number, head3), { last: false });
    expect(third).toMatchObject({ status: 'completed', findings: 1 });
    expect((await env.reviews.get(third.reviewId))!.summary).toContain('full review after a force-push');
    expect(comments(number)).toContainEqual(['src/untouched.ts', 1]);
    expect(env.github.reviews(REPO, number)).toHaveLength(3);
  });

  it('completes a half-finished publish on retry: what was posted is not posted again', async () => {
    const { number, headSha } = env.openPullRequest(REPO, {
      files: [{ filename: 'src/c.ts', status: 'modified', patch: patch('console.log(1);', 'debugger;') }],
    });
    // An earlier attempt posted the first comment (one by one) and died before the rest and the summary.
    const [first] = (
      await new AnalyzersReviewer().review({
        pullRequest: { title: '', description: '' },
        files: [parsePatch({ path: 'src/c.ts', status: 'modified', patch: patch('console.log(1);') })],
        settings: DEFAULT_SETTINGS,
        signal: new AbortController().signal,
      })
    ).candidates;
    if (first === undefined) throw new Error('the analyzers found no console.log');
    const key = inlineCommentKey(headSha, { path: 'src/c.ts', line: 1 }, first);
    env.github.addReview(REPO, number, {
      body: '',
      comments: [
        { path: 'src/c.ts', line: 1, side: 'RIGHT', body: withHiddenKey(inlineCommentBody(first), key) },
      ],
    });
    const outcome = await env.pipelineWith([new AnalyzersReviewer()]).run(jobFor(number, headSha), {
      last: false,
    });
    expect(outcome.status).toBe('completed');
    // Both posted: line 1 found by its key (not posted again), line 2 posted now, then the one summary.
    expect(outcome).toMatchObject({ findings: 2 });
    const stored = (await env.reviews.candidates(outcome.reviewId)).map((c) => [c.line, c.disposition]);
    expect(stored).toEqual([
      [1, 'posted'],
      [2, 'posted'],
    ]);
    expect(comments(number)).toEqual([
      ['src/c.ts', 1],
      ['src/c.ts', 2],
    ]);
    expect(env.github.reviews(REPO, number).filter((r) => r.body.includes('kodus:key=s-'))).toHaveLength(1);
  });

  it('loses a comment the provider refuses alone, recorded as refused-by-provider', async () => {
    const { number, headSha } = env.openPullRequest(REPO, {
      files: [{ filename: 'src/e.ts', status: 'modified', patch: patch('console.log(1);', 'debugger;') }],
    });
    // GitHub refuses the atomic review, then the first single comment (a line it cannot place).
    env.github.failNext(1, 422, { match: { method: 'POST', path: new RegExp(`/pulls/${number}/reviews$`) } });
    env.github.failNext(1, 422, {
      match: { method: 'POST', path: new RegExp(`/pulls/${number}/comments$`) },
    });
    const outcome = await env.pipelineWith([new AnalyzersReviewer()]).run(jobFor(number, headSha), {
      last: false,
    });
    expect(outcome).toMatchObject({ status: 'completed', findings: 1 });
    const dispositions = (await env.reviews.candidates(outcome.reviewId)).map((c) => [c.line, c.disposition]);
    expect(dispositions).toEqual([
      [1, 'dropped:refused-by-provider'],
      [2, 'posted'],
    ]);
    expect((await env.reviews.get(outcome.reviewId))!.suggestions.map((s) => s.line)).toEqual([2]);
    expect(comments(number)).toEqual([['src/e.ts', 2]]);
  });

  it('degrades to the other reviewers when one fails, says which and why, and sums usage', async () => {
    const { number, headSha } = env.openPullRequest(REPO, {
      files: [
        {
          filename: 'src/d.ts',
          status: 'modified',
          patch: patch('const total = items.length + 1;', 'debugger;'),
        },
      ],
    });
    const model = new ScriptedReviewer('model', () => [
      llmCandidate('src/d.ts', 1, 'Off by one: total counts one item too many'),
      llmCandidate('src/d.ts', 40, 'A line the diff does not have'),
    ]);
    const broken = new ScriptedReviewer('broken', () => [], `endpoint answered 401 for key ${TOKEN}x`);
    const outcome = await env
      .pipelineWith([new AnalyzersReviewer(), model, broken])
      .run(jobFor(number, headSha), {
        last: false,
      });
    expect(outcome).toMatchObject({ status: 'completed', findings: 2 });
    expect(model.seen[0]?.files.map((f) => f.path)).toEqual(['src/d.ts']);
    const record = (await env.reviews.get(outcome.reviewId))!;
    expect(record.summary).toContain('The `broken` review failed: endpoint answered 401');
    expect(record.suggestions.map((s) => [s.line, s.source])).toEqual([
      [1, 'llm'],
      [2, 'analyzer'],
    ]);
    expect(record.usage).toEqual({
      llmCalls: 1,
      inputTokens: 400,
      outputTokens: 50,
      cachedInputTokens: 10,
      costUsd: 0.002,
    });
    expect(record.stages.map((s) => [s.name, s.outcome])).toEqual([
      ['claim', 'ok'],
      ['resolve-head', 'ok'],
      ['load-settings', 'ok'],
      ['select-files', 'ok'],
      ['reviewer:analyzers', 'ok'],
      ['reviewer:model', 'ok'],
      ['reviewer:broken', 'failed'],
      ['run-reviewers', 'ok'],
      ['shape-suggestions', 'ok'],
      ['publish', 'ok'],
      ['record', 'ok'],
    ]);
    const candidates = await env.reviews.candidates(outcome.reviewId);
    expect(candidates.map((c) => [c.reviewer, c.startLine, c.disposition])).toEqual(
      expect.arrayContaining([
        ['scripted', 40, 'dropped:not-on-changed-line'],
        ['scripted', 1, 'posted'],
        ['analyzers', 2, 'posted'],
      ]),
    );
    expect(candidates).toHaveLength(3);
  });

  it('lets a reviewer start its reads at the base commit before the settings are read there (shared with its review)', async () => {
    const { number, headSha } = env.openPullRequest(REPO, {
      files: [{ filename: 'src/e.ts', status: 'modified', patch: patch('const e = 1;') }],
    });
    const listed: string[][] = [];
    class Preparing extends ScriptedReviewer {
      prepare(base: NonNullable<ReviewContext['base']>): void {
        void base.listDirectory('.kody/rules').then((paths) => listed.push(paths));
      }
      override async review(context: ReviewContext) {
        listed.push(await context.base!.listDirectory('.kody/rules'));
        return super.review(context);
      }
    }
    const seenFrom = env.github.requests.length;
    const outcome = await env
      .pipelineWith([new Preparing('model', () => [])])
      .run(jobFor(number, headSha), { last: false });
    expect(outcome).toMatchObject({ status: 'completed' });
    const paths = env.github.requests.slice(seenFrom).map((r) => r.apiPath);
    const rules = paths.findIndex((p) => p.includes('/contents/.kody/rules'));
    const settings = paths.findIndex((p) => p.endsWith('/contents/.kodus.yml'));
    expect(rules).toBeGreaterThanOrEqual(0);
    expect(rules).toBeLessThan(settings);
    // One read of the listing between them: the review's own read is the prepared one.
    expect(paths.filter((p) => p.includes('/contents/.kody/rules'))).toHaveLength(1);
    expect(listed).toHaveLength(2);
  });

  it("overlaps a reviewer's bookkeeping with the stages after it, and ends the attempt only once it is done", async () => {
    const { number, headSha } = env.openPullRequest(REPO, {
      files: [{ filename: 'src/f.ts', status: 'modified', patch: patch('const f = 1;') }],
    });
    const events: string[] = [];
    class Bookkeeping extends ScriptedReviewer {
      override async review(context: ReviewContext) {
        const result = await super.review(context);
        const pending = new Promise<void>((resolve) => setTimeout(resolve, 300)).then(() => {
          events.push('bookkeeping done');
        });
        return { ...result, pending };
      }
    }
    env.github.beforeNext({ method: 'GET', path: new RegExp(`/pulls/${number}/comments$`) }, () => {
      events.push('posted comments listed');
    });
    const outcome = await env
      .pipelineWith([new Bookkeeping('model', () => [])])
      .run(jobFor(number, headSha), { last: false });
    events.push('attempt ended');
    expect(outcome).toMatchObject({ status: 'completed' });
    expect(events).toEqual(['posted comments listed', 'bookkeeping done', 'attempt ended']);
  });
  it('lets its turn go while a reviewer waits for its model: another review works meanwhile', async () => {
    const first = env.openPullRequest(REPO, {
      files: [{ filename: 'src/first.ts', status: 'modified', patch: patch('const a = 1;') }],
    });
    const second = env.openPullRequest(REPO, {
      files: [{ filename: 'src/second.ts', status: 'modified', patch: patch('const b = 2;') }],
    });
    const events: string[] = [];
    let firstOut!: () => void;
    const firstIsOut = new Promise<void>((resolve) => (firstOut = resolve));
    let secondDone!: () => void;
    const secondIsDone = new Promise<void>((resolve) => (secondDone = resolve));
    class Waiting extends ScriptedReviewer {
      override async review(context: ReviewContext) {
        const result = await super.review(context);
        if (context.files[0]?.path !== 'src/first.ts') {
          events.push('second reviewed');
          return result;
        }
        if (context.wait === undefined) throw new Error('the pipeline gave the reviewer no wait');
        await context.wait(async () => {
          events.push('first waits for its model');
          firstOut();
          await secondIsDone;
        });
        events.push('first goes on with the answer');
        return result;
      }
    }
    // One review working at a time, and no one let in on an idle loop: only a turn let go lets the second in.
    const pipeline = env.pipelineWith([new Waiting('model', () => [])], {
      activeReviews: new ActiveReviews({ limit: 1, idleBelow: 0 }),
    });
    const firstRun = pipeline.run(jobFor(first.number, first.headSha), { last: false });
    await firstIsOut;
    const secondRun = pipeline.run(jobFor(second.number, second.headSha), { last: false }).then((outcome) => {
      events.push('second completed');
      secondDone();
      return outcome;
    });
    const outcomes = await Promise.all([firstRun, secondRun]);
    expect(outcomes.map((o) => o.status)).toEqual(['completed', 'completed']);
    expect(events).toEqual([
      'first waits for its model',
      'second reviewed',
      'second completed',
      'first goes on with the answer',
    ]);
  });
  it('starts the reviewers beside a model once no other review waits for a turn, so they never delay its model call', async () => {
    const first = env.openPullRequest(REPO, {
      files: [{ filename: 'src/one.ts', status: 'modified', patch: patch('const one = 1;') }],
    });
    const second = env.openPullRequest(REPO, {
      files: [{ filename: 'src/two.ts', status: 'modified', patch: patch('const two = 2;') }],
    });
    const events: string[] = [];
    const localDone = new Map<string, () => void>();
    const localIsDone = new Map<string, Promise<void>>();
    for (const path of ['src/one.ts', 'src/two.ts']) {
      localIsDone.set(path, new Promise<void>((resolve) => localDone.set(path, resolve)));
    }
    const pathOf = (context: ReviewContext) => context.files[0]?.path ?? '';
    class Model extends ScriptedReviewer {
      readonly waitsForModel = true;
      override async review(context: ReviewContext) {
        const result = await super.review(context);
        await context.wait!(async () => {
          events.push(`${pathOf(context)}: model call sent`);
          await localIsDone.get(pathOf(context));
        });
        return result;
      }
    }
    class Local extends ScriptedReviewer {
      override async review(context: ReviewContext) {
        events.push(`${pathOf(context)}: local reviewer starts`);
        localDone.get(pathOf(context))?.();
        return super.review(context);
      }
    }
    // One review working at a time: the second waits for the first's turn from the start.
    const pipeline = env.pipelineWith([new Local('local', () => []), new Model('model', () => [])], {
      activeReviews: new ActiveReviews({ limit: 1, idleBelow: 0 }),
    });
    const outcomes = await Promise.all([
      pipeline.run(jobFor(first.number, first.headSha), { last: false }),
      pipeline.run(jobFor(second.number, second.headSha), { last: false }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['completed', 'completed']);
    // Listed first, the local reviewer of the first review still starts only once the second review,
    // which was waiting for a turn, has sent its model call.
    expect(events).toEqual([
      'src/one.ts: model call sent',
      'src/two.ts: model call sent',
      'src/one.ts: local reviewer starts',
      'src/two.ts: local reviewer starts',
    ]);
  });
  it('starts the other reviewers at once without a reviewer waiting for a model, or once it is done', async () => {
    const alone = env.openPullRequest(REPO, {
      files: [{ filename: 'src/alone.ts', status: 'modified', patch: patch('const alone = 1;') }],
    });
    const quick = env.openPullRequest(REPO, {
      files: [{ filename: 'src/quick.ts', status: 'modified', patch: patch('const quick = 1;') }],
    });
    // One turn, which the review holds: another review asks for it from inside, and waits in line until
    // this review is over. The analyzers beside must not wait for that one to have had its turn.
    const active = new ActiveReviews({ limit: 1, idleBelow: 0 });
    const inLine: Promise<void>[] = [];
    class QueuesAnother extends ScriptedReviewer {
      override review(context: ReviewContext) {
        inLine.push(active.acquire());
        return super.review(context);
      }
    }
    class AnswersAtOnce extends QueuesAnother {
      readonly waitsForModel = true; // with nothing to ask (the LLM review off in .kodus.yml, say)
    }
    const analyzers = new AnalyzersReviewer();
    const onlyLocal = await env
      .pipelineWith([new QueuesAnother('local', () => []), analyzers], { activeReviews: active })
      .run(jobFor(alone.number, alone.headSha), { last: false });
    await inLine[0];
    active.release();
    const withModel = await env
      .pipelineWith([new AnswersAtOnce('model', () => []), analyzers], { activeReviews: active })
      .run(jobFor(quick.number, quick.headSha), { last: false });
    await inLine[1];
    active.release();
    expect([onlyLocal.status, withModel.status]).toEqual(['completed', 'completed']);
    expect(active.active).toBe(0);
  });
  it('claims its job only once it has a turn; a drain while it waits leaves the job for later, unclaimed', async () => {
    const { number, headSha } = env.openPullRequest(REPO, {
      files: [{ filename: 'src/waits.ts', status: 'modified', patch: patch('const w = 1;') }],
    });
    const active = new ActiveReviews({ limit: 1, idleBelow: 0 });
    const pipeline = env.pipelineWith([new ScriptedReviewer('model', () => [])], { activeReviews: active });
    const claimed = async (job: ReturnType<typeof jobFor>) =>
      (await env.pool.query('SELECT 1 FROM reviews WHERE job_id = $1', [reviewJobId(job)])).rowCount;
    await active.acquire(); // another review holds the only turn

    const drained = jobFor(number, headSha);
    const controller = new AbortController();
    const interrupted = pipeline.run(drained, { last: false, signal: controller.signal });
    const waiting = jobFor(number, headSha);
    const later = pipeline.run(waiting, { last: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await claimed(drained)).toBe(0);
    expect(await claimed(waiting)).toBe(0);
    controller.abort(new Error('the worker is draining'));
    await expect(interrupted).rejects.toBeInstanceOf(RetryLaterError);

    active.release();
    expect(await later).toMatchObject({ status: 'completed' });
    expect(await claimed(drained)).toBe(0);
    expect(await claimed(waiting)).toBe(1);
    expect(active.active).toBe(0);
  });
});
