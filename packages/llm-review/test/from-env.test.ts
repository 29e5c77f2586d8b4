import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LlmStandIn } from '@kodus/test-helpers';
import { llmReviewerFromEnv, type LlmEnv } from '../src';
import { captureLogger, rateLimitRequest, startStandIn, TEST_KEY } from './helpers';

const defaults: LlmEnv = {
  LLM_PROVIDER: 'none',
  LLM_MAX_CONCURRENCY: 4,
  LLM_TIMEOUT_MS: 120_000,
  LLM_MAX_INPUT_TOKENS: 60_000,
  LLM_MAX_CALLS_PER_REVIEW: 20,
};

describe('llmReviewerFromEnv', () => {
  let standIn: LlmStandIn;
  beforeEach(async () => {
    standIn = await startStandIn();
  });
  afterEach(() => standIn.stop());

  test('none gives no reviewer', async () => {
    expect(await llmReviewerFromEnv(defaults, captureLogger())).toBeUndefined();
  });

  test('the worker settings reach the calls: provider, base URL, key, call cap and the price file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-env-'));
    writeFileSync(join(dir, 'prices.json'), '{"my-model": {"input": 1, "output": 1}}');
    standIn.script({
      reply: { json: { suggestions: [] }, usage: { inputTokens: 500_000, outputTokens: 500_000 } },
    });
    const reviewer = await llmReviewerFromEnv(
      {
        ...defaults,
        LLM_PROVIDER: 'openai-compatible',
        LLM_MODEL: 'my-model',
        LLM_API_KEY: TEST_KEY,
        LLM_BASE_URL: standIn.url,
        LLM_CONTEXT_WINDOW: 32_768,
        LLM_MAX_INPUT_TOKENS: 1_200,
        LLM_MAX_CALLS_PER_REVIEW: 1,
        LLM_PRICES_FILE: join(dir, 'prices.json'),
      },
      captureLogger(),
    );
    const result = await reviewer?.review(rateLimitRequest());

    expect(standIn.requests.map((r) => [r.path, r.model])).toEqual([['/v1/chat/completions', 'my-model']]);
    expect(
      result?.unreviewedFiles.some((f) => f.reason.startsWith("not sent: the review's cap of 1 calls")),
    ).toBe(true);
    expect(result?.usage.costUsd).toBeCloseTo(1, 12);
  });

  test('an invalid price file stops start-up with a message naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-env-'));
    writeFileSync(join(dir, 'prices.json'), '{"m": {"input": "cheap"}}');
    await expect(
      llmReviewerFromEnv(
        {
          ...defaults,
          LLM_PROVIDER: 'openai',
          LLM_MODEL: 'gpt-4o',
          LLM_API_KEY: TEST_KEY,
          LLM_PRICES_FILE: join(dir, 'prices.json'),
        },
        captureLogger(),
      ),
    ).rejects.toThrow(/^LLM_PRICES_FILE .*prices.json is invalid: m.input: /);
  });

  test('an unreadable or non-JSON price file names LLM_PRICES_FILE, never the content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-env-'));
    const env = { ...defaults, LLM_PROVIDER: 'openai', LLM_MODEL: 'gpt-4o', LLM_API_KEY: TEST_KEY };
    await expect(
      llmReviewerFromEnv({ ...env, LLM_PRICES_FILE: join(dir, 'missing.json') }, captureLogger()),
    ).rejects.toThrow(/^LLM_PRICES_FILE .*missing\.json cannot be read \(ENOENT\)$/);
    writeFileSync(join(dir, 'key.txt'), 'sk-not-a-price-table');
    const notJson = llmReviewerFromEnv({ ...env, LLM_PRICES_FILE: join(dir, 'key.txt') }, captureLogger());
    await expect(notJson).rejects.toThrow(/^LLM_PRICES_FILE .*key\.txt is not valid JSON$/);
    await expect(notJson).rejects.not.toThrow(/sk-not/);
  });
});
