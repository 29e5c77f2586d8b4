import { ConfigError, loadConfig } from '../src';

const KEY_HEX = '0'.repeat(64);

describe('worker LLM settings', () => {
  it('gives the worker every LLM_* setting, the monthly budget included', () => {
    const worker = loadConfig('worker', {
      COMPONENT_TYPE: 'worker',
      ENCRYPTION_KEY: KEY_HEX,
      LLM_PROVIDER: 'openai-compatible',
      LLM_MODEL: 'qwen2.5-coder:14b',
      LLM_BASE_URL: 'http://127.0.0.1:11434/v1',
      LLM_MAX_CALLS_PER_REVIEW: '5',
      LLM_MONTHLY_BUDGET_USD: '12.5',
    });
    expect(worker.llm).toEqual({
      provider: 'openai-compatible',
      model: 'qwen2.5-coder:14b',
      apiKey: undefined,
      baseUrl: 'http://127.0.0.1:11434/v1',
      fallbackModel: undefined,
      maxConcurrency: 4,
      timeoutMs: 120_000,
      contextWindow: undefined,
      maxInputTokens: 60_000,
      maxCallsPerReview: 5,
      pricesFile: undefined,
      monthlyBudgetUsd: 12.5,
    });
  });

  it('lets every concurrent review have a model call in flight unless LLM_MAX_CONCURRENCY says otherwise', () => {
    const base = { COMPONENT_TYPE: 'worker', ENCRYPTION_KEY: KEY_HEX };
    // Found by bench/llm-throughput.mjs: a fixed 4 left 16 of 20 review slots waiting for the limiter.
    expect(loadConfig('worker', { ...base, WORKER_CONCURRENCY: '20' }).llm.maxConcurrency).toBe(20);
    expect(loadConfig('worker', { ...base, WORKER_CONCURRENCY: '2' }).llm.maxConcurrency).toBe(4);
    const set = { ...base, WORKER_CONCURRENCY: '20', LLM_MAX_CONCURRENCY: '6' };
    expect(loadConfig('worker', set).llm.maxConcurrency).toBe(6);
  });

  it('refuses a budget that is not a positive amount', () => {
    const attempt = () =>
      loadConfig('worker', {
        COMPONENT_TYPE: 'worker',
        ENCRYPTION_KEY: KEY_HEX,
        LLM_MONTHLY_BUDGET_USD: '-3',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/LLM_MONTHLY_BUDGET_USD/);
  });
});
