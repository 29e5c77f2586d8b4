import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LlmStandIn } from '@kodus/test-helpers';
import { loadPriceTable, parsePriceTable } from '../src';
import { requestHeader, systemPrompt } from '../src/prompt';
import { tokenCounterFor } from '../src/tokens';
import { rateLimitRequest, reviewer, startStandIn, suggestion } from './helpers';

describe('usage and cost', () => {
  let standIn: LlmStandIn;
  beforeEach(async () => {
    standIn = await startStandIn();
  });
  afterEach(() => standIn.stop());

  /** A budget that sends login.ts, rate-limit.ts and security.md in three calls. */
  async function threeCalls(): Promise<number> {
    const request = rateLimitRequest();
    const counter = await tokenCounterFor('openai', 'gpt-4o-mini');
    return counter.count(systemPrompt('en-US')) + counter.count(requestHeader(request, request.rules)) + 300;
  }

  test("the result's token counts are the sums of what the provider reported, failed attempts included", async () => {
    standIn
      .script({ match: 'src/auth/login.ts', times: 1, reply: { status: 500 } })
      .script({
        match: 'src/auth/login.ts',
        reply: {
          json: { suggestions: [suggestion()] },
          usage: { inputTokens: 1_200, outputTokens: 150, cachedInputTokens: 1_024 },
        },
      })
      .script({
        match: 'src/auth/rate-limit.ts',
        reply: { json: { suggestions: [] }, usage: { inputTokens: 900, outputTokens: 12 } },
      })
      .script({
        match: 'docs/security.md',
        reply: {
          json: { suggestions: [] },
          usage: { inputTokens: 640, outputTokens: 9, cachedInputTokens: 512 },
        },
      });
    const { reviewer: r } = reviewer(standIn, { maxInputTokensPerCall: await threeCalls() });
    const result = await r.review(rateLimitRequest());

    const sent = standIn.usageSent();
    expect(sent).toEqual({ inputTokens: 2_740, outputTokens: 171, cachedInputTokens: 1_536, answers: 3 });
    expect(result.usage).toMatchObject({
      llmCalls: 4,
      inputTokens: sent.inputTokens,
      outputTokens: sent.outputTokens,
      cachedInputTokens: sent.cachedInputTokens,
    });
    // gpt-4o-mini: $0.15 input, $0.075 cached input, $0.60 output per million tokens.
    const expected = ((2_740 - 1_536) * 0.15 + 1_536 * 0.075 + 171 * 0.6) / 1_000_000;
    expect(result.usage.costUsd).toBeCloseTo(expected, 12);
    expect(result.calls.reduce((sum, c) => sum + (c.costUsd ?? 0), 0)).toBeCloseTo(expected, 12);
  });

  test.each(['anthropic', 'google'] as const)(
    '%s usage (cached tokens reported its own way) sums to the same counts',
    async (provider) => {
      standIn.script({
        reply: {
          json: { suggestions: [] },
          usage: { inputTokens: 2_000, outputTokens: 40, cachedInputTokens: 1_500 },
        },
      });
      const model = provider === 'anthropic' ? 'claude-sonnet-4-5' : 'gemini-2.5-flash';
      const { reviewer: r } = reviewer(standIn, { provider, model });
      const result = await r.review(rateLimitRequest());

      expect(result.usage).toMatchObject({
        llmCalls: 1,
        inputTokens: 2_000,
        outputTokens: 40,
        cachedInputTokens: 1_500,
      });
      expect(result.usage.costUsd).not.toBeNull();
    },
  );

  test('an unknown model costs null; an operator price table gives it a price', async () => {
    standIn.script({
      reply: { json: { suggestions: [] }, usage: { inputTokens: 1_000_000, outputTokens: 500_000 } },
    });
    const unknown = await reviewer(standIn, {
      provider: 'openai-compatible',
      model: 'qwen2.5-coder:14b',
    }).reviewer.review(rateLimitRequest());
    expect(unknown.usage.costUsd).toBeNull();
    expect(unknown.calls[0]?.costUsd).toBeNull();

    const dir = mkdtempSync(join(tmpdir(), 'llm-prices-'));
    writeFileSync(join(dir, 'prices.json'), JSON.stringify({ 'qwen2.5-coder': { input: 0.2, output: 0.6 } }));
    const prices = await loadPriceTable(join(dir, 'prices.json'));
    const priced = await reviewer(standIn, {
      provider: 'openai-compatible',
      model: 'qwen2.5-coder:14b',
      prices,
    }).reviewer.review(rateLimitRequest());
    expect(priced.usage.costUsd).toBeCloseTo(0.2 + 0.3, 12);
  });

  test('an operator price overrides the built-in one', async () => {
    standIn.script({
      reply: { json: { suggestions: [] }, usage: { inputTokens: 1_000_000, outputTokens: 0 } },
    });
    const prices = parsePriceTable('{"gpt-4o-mini": {"input": 1, "output": 2}}');
    const result = await reviewer(standIn, { prices }).reviewer.review(rateLimitRequest());
    expect(result.usage.costUsd).toBeCloseTo(1, 12);
  });

  test('a price table that is not valid says what is wrong', () => {
    expect(() => parsePriceTable('{"gpt-4o": {"input": -1, "output": "x"}}', 'LLM_PRICES_FILE')).toThrow(
      /^LLM_PRICES_FILE is invalid: gpt-4o.input: .+; gpt-4o.output: /,
    );
    expect(() => parsePriceTable('not json')).toThrow('price table is not valid JSON');
    expect(() => parsePriceTable('{"m": {"input": 1, "output": 1, "extra": 2}}')).toThrow(
      /m: Unrecognized key/,
    );
  });
});
