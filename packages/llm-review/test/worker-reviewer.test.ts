import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, parsePatch } from '@kodus/review-engine';
import type { LlmStandIn } from '@kodus/test-helpers';
import { type LlmCallsRecord, llmCodeReviewerFromSettings, type LlmWorkerSettings } from '../src';
import { RATE_LIMIT_FILES, RATE_LIMIT_PULL_REQUEST } from './fixtures/rate-limit-pull-request';
import { captureLogger, startStandIn, suggestion, TEST_KEY } from './helpers';

function settings(standIn: LlmStandIn, overrides: Partial<LlmWorkerSettings> = {}): LlmWorkerSettings {
  return {
    provider: 'openai',
    model: 'gpt-4o-mini',
    apiKey: TEST_KEY,
    baseUrl: standIn.url,
    maxConcurrency: 2,
    timeoutMs: 10_000,
    maxInputTokens: 60_000,
    maxCallsPerReview: 20,
    ...overrides,
  };
}

const context = () => ({
  pullRequest: RATE_LIMIT_PULL_REQUEST,
  files: RATE_LIMIT_FILES.map(parsePatch),
  settings: DEFAULT_SETTINGS,
  signal: new AbortController().signal,
  reviewId: '7b0c3a52-63b5-4c1e-9d8f-0a1b2c3d4e5f',
  repository: 'acme/api',
});

describe('llmCodeReviewerFromSettings (the worker wiring)', () => {
  let standIn: LlmStandIn;
  beforeEach(async () => {
    standIn = await startStandIn();
  });
  afterEach(() => standIn.stop());

  test('provider none: no reviewer', () => {
    expect(
      llmCodeReviewerFromSettings({ ...settings(standIn), provider: 'none' }, captureLogger()),
    ).toBeUndefined();
  });

  test('warmUp loads the tokenizer and SDK without calling the model; the review after it runs as usual', async () => {
    standIn.script({ reply: { json: { suggestions: [suggestion()] } } });
    const reviewer = llmCodeReviewerFromSettings(settings(standIn), captureLogger());
    await reviewer?.warmUp();
    expect(standIn.requests).toHaveLength(0);
    const result = await reviewer?.review(context());
    expect(result?.candidates).toHaveLength(1);
    expect(standIn.requests).toHaveLength(1);
  });

  test("stores every call with the review's id and checks LLM_MONTHLY_BUDGET_USD against the store", async () => {
    standIn.script({
      reply: { json: { suggestions: [suggestion()] }, usage: { inputTokens: 500, outputTokens: 50 } },
    });
    const stored: LlmCallsRecord[] = [];
    let spent = 0;
    const store = {
      record: async (entry: LlmCallsRecord) => {
        stored.push(entry);
        spent += entry.calls.reduce((sum, c) => sum + (c.costUsd ?? 0), 0);
      },
      spendSince: async () => spent,
    };
    const reviewer = llmCodeReviewerFromSettings(
      settings(standIn, { monthlyBudgetUsd: 0.0000001 }),
      captureLogger(),
      store,
    );
    const first = await reviewer?.review(context());
    expect(first?.candidates).toHaveLength(1);
    expect(stored).toEqual([
      {
        reviewId: '7b0c3a52-63b5-4c1e-9d8f-0a1b2c3d4e5f',
        repository: 'acme/api',
        calls: [expect.objectContaining({ inputTokens: 500, outputTokens: 50, outcome: 'ok' })],
      },
    ]);
    // The first review spent more than the budget: the next one is skipped with a note.
    const second = await reviewer?.review(context());
    expect(second?.candidates).toEqual([]);
    expect(second?.notes[0]).toMatch(
      /^LLM review skipped: US\$0\.00 spent this month reached the monthly budget/,
    );
    expect(standIn.requests).toHaveLength(1);
  });

  test('LLM_MONTHLY_BUDGET_USD with a model of unknown price is a start-up error (its calls would count as free)', async () => {
    expect(() =>
      llmCodeReviewerFromSettings(
        settings(standIn, {
          provider: 'openai-compatible',
          model: 'qwen2.5-coder:32b',
          monthlyBudgetUsd: 20,
        }),
        captureLogger(),
      ),
    ).toThrow(
      'LLM_MONTHLY_BUDGET_USD cannot be checked: no price is known for qwen2.5-coder:32b; give it in LLM_PRICES_FILE',
    );
    // The fallback model too.
    expect(() =>
      llmCodeReviewerFromSettings(
        settings(standIn, { fallbackModel: 'my-finetune', monthlyBudgetUsd: 20 }),
        captureLogger(),
      ),
    ).toThrow(/no price is known for my-finetune;/);
    // Priced by the operator's file, or no budget: accepted.
    const dir = await mkdtemp(join(tmpdir(), 'kodus-prices-'));
    const file = join(dir, 'prices.json');
    await writeFile(file, '{"qwen2.5-coder": {"input": 0, "output": 0}}');
    const local = { provider: 'openai-compatible', model: 'qwen2.5-coder:32b' };
    expect(
      llmCodeReviewerFromSettings(
        settings(standIn, { ...local, monthlyBudgetUsd: 20, pricesFile: file }),
        captureLogger(),
      ),
    ).toBeDefined();
    expect(llmCodeReviewerFromSettings(settings(standIn, local), captureLogger())).toBeDefined();
  });

  test('an invalid LLM_PRICES_FILE is a start-up error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kodus-prices-'));
    const file = join(dir, 'prices.json');
    await writeFile(file, '{"gpt-4o-mini": {"input": "cheap"}}');
    expect(() =>
      llmCodeReviewerFromSettings(settings(standIn, { pricesFile: file }), captureLogger()),
    ).toThrow(/^LLM_PRICES_FILE .*prices\.json is invalid: gpt-4o-mini\.input: /);
    expect(() =>
      llmCodeReviewerFromSettings(
        settings(standIn, { pricesFile: join(dir, 'missing.json') }),
        captureLogger(),
      ),
    ).toThrow(/^LLM_PRICES_FILE .*missing\.json cannot be read \(ENOENT\)$/);
  });
});
