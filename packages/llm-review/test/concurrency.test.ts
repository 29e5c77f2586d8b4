import type { LlmStandIn } from '@kodus/test-helpers';
import type { ChangedFileInput } from '@kodus/review-engine';
import { rateLimitRequest, reviewer, startStandIn, suggestion } from './helpers';

/** Files big enough that a small budget puts each in its own call. */
function files(prefix: string, count: number): ChangedFileInput[] {
  return Array.from({ length: count }, (_, i) => ({
    path: `${prefix}/file-${i}.ts`,
    status: 'added' as const,
    patch: [
      '@@ -0,0 +1,30 @@',
      ...Array.from({ length: 30 }, (_, n) => `+export const v${n} = load(${n});`),
    ].join('\n'),
  }));
}

describe('shared limiter', () => {
  let standIn: LlmStandIn;
  beforeEach(async () => {
    standIn = await startStandIn();
  });
  afterEach(() => standIn.stop());

  test("one reviewer's calls in flight never exceed LLM_MAX_CONCURRENCY, across concurrent reviews", async () => {
    standIn.script({ reply: { json: { suggestions: [] }, delayMs: 150 } });
    const { reviewer: r } = reviewer(standIn, { maxConcurrency: 2, maxInputTokensPerCall: 1_100 });
    const [first, second] = await Promise.all([
      r.review(rateLimitRequest({ files: files('a', 3) })),
      r.review(rateLimitRequest({ files: files('b', 3) })),
    ]);

    expect(first?.batches).toHaveLength(3);
    expect(second?.batches).toHaveLength(3);
    expect(standIn.requests).toHaveLength(6);
    expect(standIn.maxInFlight).toBe(2);
  });
});

describe('anthropic models without native structured output', () => {
  let standIn: LlmStandIn;
  beforeEach(async () => {
    standIn = await startStandIn();
  });
  afterEach(() => standIn.stop());

  test("the AI SDK's JSON tool answer is read like a text answer", async () => {
    standIn.script({ reply: { json: { suggestions: [suggestion()] } } });
    const { reviewer: r } = reviewer(standIn, { provider: 'anthropic', model: 'claude-3-5-haiku-20241022' });
    const result = await r.review(rateLimitRequest());

    expect(result.failures).toEqual([]);
    expect(result.candidates).toEqual([expect.objectContaining({ path: 'src/auth/login.ts', startLine: 9 })]);
    expect(standIn.requests[0]?.responseFormat).toEqual([expect.objectContaining({ name: 'json' })]);
  });
});

describe("the review's turn (LlmReviewRequest.wait)", () => {
  let standIn: LlmStandIn;
  beforeEach(async () => {
    standIn = await startStandIn();
  });
  afterEach(() => standIn.stop());

  test('every batch is sent and answered inside one wait; the answers are read after it', async () => {
    standIn.script({ reply: { json: { suggestions: [] }, delayMs: 50 } });
    const { reviewer: r } = reviewer(standIn, { maxInputTokensPerCall: 1_100 });
    const log: string[] = [];
    const result = await r.review(
      rateLimitRequest({
        files: files('a', 3),
        wait: async (work) => {
          log.push(`wait starts, ${standIn.requests.length} calls sent`);
          const answers = await work();
          log.push(`wait ends, ${standIn.requests.length} calls sent`);
          return answers;
        },
      }),
    );
    expect(result.batches).toHaveLength(3);
    expect(result.calls).toHaveLength(3);
    expect(log).toEqual(['wait starts, 0 calls sent', 'wait ends, 3 calls sent']);
  });

  test('stopped while it waits to go on with the answers: the calls are still accounted for, the result aborted', async () => {
    standIn.script({ reply: { json: { suggestions: [suggestion()] } } });
    const { reviewer: r } = reviewer(standIn);
    const controller = new AbortController();
    const result = await r.review(
      rateLimitRequest({
        signal: controller.signal,
        wait: async (work) => {
          await work();
          // The worker drains before this review's turn comes again.
          controller.abort(new Error('the worker drains'));
          throw controller.signal.reason as Error;
        },
      }),
    );
    expect(result.aborted).toBe(true);
    expect(result.calls).toEqual([
      expect.objectContaining({ outcome: 'ok', inputTokens: expect.any(Number) }),
    ]);
    expect(result.usage.llmCalls).toBe(1);
  });
});
