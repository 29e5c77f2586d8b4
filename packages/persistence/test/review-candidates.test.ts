import { LlmCallLog, type ReviewRequest, ReviewRepository } from '../src';
import { useMigratedDatabase } from './support/migrated-database';

const request = (n: number, head: string): ReviewRequest => ({
  provider: 'gitlab',
  repository: 'group/sub/project',
  pullRequest: 3,
  trigger: 'updated',
  deliveryId: `d-${n}`,
  jobId: `gitlab-d-${n}`,
  headSha: head,
});

describe('ReviewRepository: candidates, stages, usage, the last reviewed head', () => {
  const db = useMigratedDatabase('review_candidates');
  let reviews: ReviewRepository;

  beforeAll(() => {
    reviews = new ReviewRepository(db.pool);
  });

  it("reads a review's usage summed over every attempt's stored model calls, the stored one without calls", async () => {
    const { review } = await reviews.claimAttempt({ ...request(50, '5'.repeat(40)), pullRequest: 50 });
    const calls = new LlmCallLog(db.pool);
    const call = { model: 'gpt-4o-mini', batch: 0, latencyMs: 900, cachedInputTokens: 10 };
    // An attempt interrupted by a drain (its call aborted), then the attempt that completed.
    await calls.record({
      reviewId: review.id,
      repository: 'group/sub/project',
      calls: [
        { ...call, attempt: 1, inputTokens: 1000, outputTokens: 0, outcome: 'aborted', costUsd: 0.00015 },
      ],
    });
    await calls.record({
      reviewId: review.id,
      repository: 'group/sub/project',
      calls: [{ ...call, attempt: 1, inputTokens: 1000, outputTokens: 80, outcome: 'ok', costUsd: 0.000198 }],
    });
    const completing = {
      llmCalls: 1,
      inputTokens: 1000,
      outputTokens: 80,
      cachedInputTokens: 10,
      costUsd: 0.000198,
    };
    await reviews.complete(review.id, {
      summary: 's',
      suggestions: [],
      usage: completing,
      postedReviewId: '1',
      postedReviewUrl: null,
    });
    const both = {
      llmCalls: 2,
      inputTokens: 2000,
      outputTokens: 80,
      cachedInputTokens: 20,
      costUsd: 0.000348,
    };
    expect((await reviews.get(review.id))?.usage).toEqual(both);
    const listed = await reviews.list({ pullRequest: 50 }, 100);
    expect(listed.items.find((r) => r.id === review.id)?.usage).toEqual(both);

    // A call of unknown price: the review's cost is unknown.
    await calls.record({
      reviewId: review.id,
      calls: [{ ...call, attempt: 2, inputTokens: 5, outputTokens: 5, outcome: 'ok', costUsd: null }],
    });
    expect((await reviews.get(review.id))?.usage).toMatchObject({ llmCalls: 3, costUsd: null });
  });

  it('stores every candidate with its disposition, the source of suggestions, stages and usage', async () => {
    const { review } = await reviews.claimAttempt(request(1, 'a'.repeat(40)));
    expect(review).toMatchObject({ stages: [], usage: null });
    const base = { reviewer: 'llm', source: 'llm' as const, path: 'src/a.ts', severity: 'high' as const };
    const usage = { llmCalls: 2, inputTokens: 900, outputTokens: 120, cachedInputTokens: 0, costUsd: null };
    await reviews.complete(review.id, {
      summary: 's',
      suggestions: [
        {
          path: 'src/a.ts',
          line: 4,
          severity: 'high',
          category: 'bug',
          ruleId: 'llm',
          message: 'm',
          source: 'llm',
        },
        {
          path: 'src/a.ts',
          line: 5,
          severity: 'low',
          category: 'rule',
          ruleId: 'rules/x',
          message: 'r',
          source: 'rule',
        },
      ],
      candidates: [
        {
          ...base,
          startLine: 4,
          endLine: 4,
          line: 4,
          category: 'bug',
          ruleId: 'llm',
          message: 'm',
          disposition: 'posted',
        },
        {
          ...base,
          startLine: 90,
          endLine: 91,
          line: null,
          category: 'bug',
          ruleId: 'llm',
          message: 'x',
          disposition: 'dropped:not-on-changed-line',
        },
      ],
      stages: [{ name: 'run-reviewers', ms: 12, outcome: 'ok' }],
      usage,
      postedReviewId: '1',
      postedReviewUrl: null,
    });
    const stored = await reviews.get(review.id);
    expect(stored?.suggestions.map((s) => s.source)).toEqual(['llm', 'rule']);
    expect(stored?.stages).toEqual([{ name: 'run-reviewers', ms: 12, outcome: 'ok' }]);
    expect(stored?.usage).toEqual(usage);
    expect((await reviews.candidates(review.id)).map((c) => [c.line, c.disposition])).toEqual([
      [4, 'posted'],
      [null, 'dropped:not-on-changed-line'],
    ]);
    await expect(
      reviews.complete(review.id, {
        summary: 's',
        suggestions: [],
        candidates: [
          {
            ...base,
            startLine: 1,
            endLine: 1,
            line: 1,
            category: 'bug',
            ruleId: 'llm',
            message: 'm',
            disposition: 'maybe',
          },
        ],
        postedReviewId: '1',
        postedReviewUrl: null,
      }),
    ).rejects.toThrow(/check constraint/);
  });

  it('a second completion replaces the rows of the first, and a rejected one changes nothing', async () => {
    const { review } = await reviews.claimAttempt({ ...request(9, '9'.repeat(40)), pullRequest: 9 });
    const suggestion = (line: number) => ({
      path: 'src/b.ts',
      line,
      severity: 'low' as const,
      category: 'bug',
      ruleId: 'llm',
      message: `line ${line}`,
      source: 'llm' as const,
    });
    const candidate = (line: number, disposition: string) => ({
      reviewer: 'llm',
      source: 'llm' as const,
      path: 'src/b.ts',
      startLine: line,
      endLine: line,
      line,
      severity: 'low' as const,
      category: 'bug',
      ruleId: 'llm',
      message: `line ${line}`,
      disposition,
    });
    const outcome = { summary: 's', postedReviewId: '9', postedReviewUrl: null };
    await reviews.complete(review.id, {
      ...outcome,
      suggestions: [suggestion(1), suggestion(2), suggestion(3)],
      candidates: [candidate(1, 'posted'), candidate(2, 'posted'), candidate(3, 'posted')],
    });
    await reviews.complete(review.id, {
      ...outcome,
      suggestions: [suggestion(7)],
      candidates: [candidate(7, 'posted'), candidate(8, 'dropped:duplicate-in-review')],
    });
    expect((await reviews.get(review.id))?.suggestions.map((s) => s.line)).toEqual([7]);
    expect((await reviews.candidates(review.id)).map((c) => [c.line, c.disposition])).toEqual([
      [7, 'posted'],
      [8, 'dropped:duplicate-in-review'],
    ]);
    // One statement: a candidate the table refuses leaves the suggestions and the review as they were.
    await expect(
      reviews.complete(review.id, {
        ...outcome,
        summary: 'changed',
        suggestions: [],
        candidates: [candidate(1, 'maybe')],
      }),
    ).rejects.toThrow(/check constraint/);
    const after = await reviews.get(review.id);
    expect(after?.summary).toBe('s');
    expect(after?.suggestions.map((s) => s.line)).toEqual([7]);
    expect((await reviews.candidates(review.id)).map((c) => c.line)).toEqual([7, 8]);
  });

  it('finds the head of the last completed review on another head', async () => {
    expect(
      (await reviews.headHistory('gitlab', 'group/sub/project', 3, 'a'.repeat(40))).lastReviewedHead,
    ).toBeUndefined();
    const { review } = await reviews.claimAttempt(request(2, 'b'.repeat(40)));
    await reviews.recordStages(review.id, [{ name: 'claim', ms: 1, outcome: 'ok' }]);
    expect((await reviews.get(review.id))?.stages).toEqual([{ name: 'claim', ms: 1, outcome: 'ok' }]);
    // Still running: not a reviewed head yet.
    expect(
      (await reviews.headHistory('gitlab', 'group/sub/project', 3, 'b'.repeat(40))).lastReviewedHead,
    ).toBe('a'.repeat(40));
    await reviews.complete(review.id, {
      summary: 's',
      suggestions: [],
      postedReviewId: '2',
      postedReviewUrl: null,
    });
    expect(
      (await reviews.headHistory('gitlab', 'GROUP/sub/project', 3, 'c'.repeat(40))).lastReviewedHead,
    ).toBe('b'.repeat(40));
    expect(
      (await reviews.headHistory('gitlab', 'group/sub/project', 3, 'b'.repeat(40))).lastReviewedHead,
    ).toBe('a'.repeat(40));

    // A review in which a reviewer failed did not review everything: the next one starts from the one before.
    const { review: partial } = await reviews.claimAttempt(request(3, 'c'.repeat(40)));
    await reviews.complete(partial.id, {
      summary: 's',
      suggestions: [],
      postedReviewId: '3',
      postedReviewUrl: null,
      stages: [
        { name: 'reviewer:analyzers', ms: 1, outcome: 'ok' },
        { name: 'reviewer:llm', ms: 9, outcome: 'failed' },
      ],
    });
    expect(
      (await reviews.headHistory('gitlab', 'group/sub/project', 3, 'd'.repeat(40))).lastReviewedHead,
    ).toBe('b'.repeat(40));

    // Nor one in which a reviewer left files unreviewed by a failure (a model's batch that failed).
    const { review: incomplete } = await reviews.claimAttempt(request(4, 'e'.repeat(40)));
    await reviews.complete(incomplete.id, {
      summary: 's',
      suggestions: [],
      postedReviewId: '4',
      postedReviewUrl: null,
      stages: [
        { name: 'reviewer:analyzers', ms: 1, outcome: 'ok' },
        { name: 'reviewer:llm', ms: 9, outcome: 'partial' },
      ],
    });
    expect(
      (await reviews.headHistory('gitlab', 'group/sub/project', 3, 'f'.repeat(40))).lastReviewedHead,
    ).toBe('b'.repeat(40));
  });
  it('reads the posted review of a head with the last reviewed head (the heads of the test above)', async () => {
    const b = await reviews.headHistory('gitlab', 'group/sub/project', 3, 'b'.repeat(40));
    expect(b.posted).toMatchObject({ postedReviewId: '2', headSha: 'b'.repeat(40), status: 'completed' });
    expect(b.lastReviewedHead).toBe('a'.repeat(40));
    // Owner and name compare case-insensitively.
    expect(
      (await reviews.headHistory('gitlab', 'GROUP/Sub/project', 3, 'c'.repeat(40))).posted,
    ).toMatchObject({
      postedReviewId: '3',
    });
    expect(
      (await reviews.headHistory('gitlab', 'group/sub/project', 3, 'd'.repeat(40))).posted,
    ).toBeUndefined();
    expect(await reviews.headHistory('gitlab', 'group/other', 3, 'b'.repeat(40))).toEqual({
      posted: undefined,
      lastReviewedHead: undefined,
    });
  });
});
