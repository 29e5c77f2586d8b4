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
