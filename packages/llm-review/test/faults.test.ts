import { freePort, type LlmStandIn } from '@kodus/test-helpers';
import { rateLimitRequest, reviewer, startStandIn, suggestion, TEST_KEY } from './helpers';

const onlyLogin = () => rateLimitRequest({ files: rateLimitRequest().files.slice(0, 1) });
const answer = { json: { suggestions: [suggestion()] } };

function waitsLogged(lines: string[]): number[] {
  return lines
    .map((l) => JSON.parse(l) as { message: string; waitMs?: number })
    .filter((l) => l.message === 'llm call retry scheduled')
    .map((l) => l.waitMs ?? -1);
}

describe('faults', () => {
  let standIn: LlmStandIn;
  beforeEach(async () => {
    standIn = await startStandIn();
  });
  afterEach(() => standIn.stop());

  test('429 with Retry-After: waits what the provider asked, then succeeds', async () => {
    standIn
      .script({ times: 1, reply: { status: 429, retryAfter: '1', message: 'Rate limit reached' } })
      .script({ reply: answer });
    const { reviewer: r, logger } = reviewer(standIn);
    const result = await r.review(onlyLogin());

    expect(result.calls.map((c) => c.outcome)).toEqual(['http-429', 'ok']);
    expect(waitsLogged(logger.lines)).toEqual([1_000]);
    expect(result.candidates).toHaveLength(1);
    expect(result.failures).toEqual([]);
  });

  test('a Retry-After longer than allowed gives the model up instead of waiting', async () => {
    standIn.script({ reply: { status: 429, retryAfter: '120' } });
    const { reviewer: r } = reviewer(standIn, { retry: { maxDelayMs: 2_000 } });
    const result = await r.review(onlyLogin());

    expect(standIn.requests).toHaveLength(1);
    expect(result.failures[0]?.reason).toContain('retry asked after 120 s: longer than allowed');
  });

  test('500 is retried with backoff until it succeeds', async () => {
    standIn.script({ times: 2, reply: { status: 500 } }).script({ reply: answer });
    const { reviewer: r } = reviewer(standIn);
    const result = await r.review(onlyLogin());

    expect(result.calls.map((c) => [c.attempt, c.outcome])).toEqual([
      [1, 'http-500'],
      [2, 'http-500'],
      [3, 'ok'],
    ]);
    expect(result.candidates).toHaveLength(1);
  });

  test('500 on every attempt fails the batch with the reason', async () => {
    standIn.script({ reply: { status: 503, message: 'overloaded' } });
    const { reviewer: r } = reviewer(standIn);
    const result = await r.review(onlyLogin());

    expect(standIn.requests).toHaveLength(3);
    expect(result.failures).toEqual([{ batch: ['src/auth/login.ts'], reason: 'HTTP 503: overloaded' }]);
    expect(result.unreviewedFiles).toEqual([
      { path: 'src/auth/login.ts', reason: 'its batch failed: HTTP 503: overloaded' },
    ]);
  });

  test('a wrong key: 401 is not retried, no fallback, and the key appears nowhere in the result or the log', async () => {
    const wrongKey = 'sk-wrong-9876543210zyxwvutsrqponm';
    const { reviewer: r, logger } = reviewer(standIn, { apiKey: wrongKey, fallbackModel: 'gpt-4.1-mini' });
    const result = await r.review(rateLimitRequest());

    expect(standIn.requests).toHaveLength(1);
    expect(standIn.requests[0]?.status).toBe(401);
    expect(result.failures).toEqual([
      { batch: expect.any(Array), reason: 'HTTP 401: the provider refused the API key (LLM_API_KEY)' },
    ]);
    const everything = JSON.stringify(result) + logger.lines.join('\n');
    expect(everything).not.toContain(wrongKey);
    expect(everything).not.toContain(wrongKey.slice(-12));
    expect(everything).not.toContain(TEST_KEY);
  });

  test('a context overflow (400) is not retried', async () => {
    standIn.script({
      reply: {
        status: 400,
        message:
          "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
      },
    });
    const { reviewer: r } = reviewer(standIn);
    const result = await r.review(onlyLogin());

    expect(standIn.requests).toHaveLength(1);
    expect(result.failures[0]?.reason).toMatch(/^HTTP 400: the request is over the model's context window/);
  });

  test('a body that is not the API format (a broken proxy) fails the batch without a retry', async () => {
    standIn.script({ reply: { rawBody: '{"choices": [', status: 200 } });
    const { reviewer: r } = reviewer(standIn);
    const result = await r.review(onlyLogin());

    expect(result.calls.map((c) => c.outcome)).toEqual(['unparsable']);
    expect(result.failures).toEqual([
      {
        batch: ['src/auth/login.ts'],
        reason: 'the provider answered with a body that is not its API format',
      },
    ]);
  });

  test('a dead endpoint: retried, then a failure reason without the key', async () => {
    const { reviewer: r, logger } = reviewer(standIn, {
      baseUrl: `http://127.0.0.1:${await freePort()}/v1`,
      retry: { maxAttempts: 2 },
    });
    const result = await r.review(onlyLogin());

    expect(result.calls.map((c) => c.outcome)).toEqual(['network-error', 'network-error']);
    expect(result.failures).toEqual([
      {
        batch: ['src/auth/login.ts'],
        reason: expect.stringMatching(/^the model endpoint (did not answer|could not be reached)$/),
      },
    ]);
    expect(JSON.stringify(result) + logger.lines.join('\n')).not.toContain(TEST_KEY);
  });

  test('a hanging call times out and is retried', async () => {
    standIn.script({ times: 1, reply: { hang: true } }).script({ reply: answer });
    const { reviewer: r } = reviewer(standIn, { timeoutMs: 300 });
    const result = await r.review(onlyLogin());

    expect(result.calls.map((c) => c.outcome)).toEqual(['timeout', 'ok']);
    expect(result.candidates).toHaveLength(1);
  });

  test("the review's deadline ends calls in flight and fails their batches", async () => {
    standIn.script({ reply: { hang: true } });
    const { reviewer: r } = reviewer(standIn, { timeoutMs: 60_000, reviewDeadlineMs: 300 });
    const result = await r.review(onlyLogin());

    expect(result.aborted).toBe(false);
    expect(result.calls.map((c) => c.outcome)).toEqual(['deadline']);
    expect(result.failures).toEqual([
      { batch: ['src/auth/login.ts'], reason: "the review's deadline passed" },
    ]);
  });

  test("the request's deadline (the pipeline's, before the review's own) fails the batches it ends", async () => {
    standIn.script({ reply: { hang: true } });
    const { reviewer: r } = reviewer(standIn, { timeoutMs: 60_000 });
    const result = await r.review({ ...onlyLogin(), deadline: AbortSignal.timeout(300) });

    expect(result.aborted).toBe(false);
    expect(result.calls.map((c) => c.outcome)).toEqual(['deadline']);
    expect(result.failures).toEqual([
      { batch: ['src/auth/login.ts'], reason: "the review's deadline passed" },
    ]);
  });

  test("the caller's signal aborts calls in flight; the result says aborted, distinct from a failure", async () => {
    standIn.script({ reply: { hang: true } });
    const { reviewer: r } = reviewer(standIn, { timeoutMs: 60_000 });
    const controller = new AbortController();
    const review = r.review(rateLimitRequest({ signal: controller.signal }));
    while (standIn.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    const result = await review;

    expect(result.aborted).toBe(true);
    expect(result.failures).toEqual([]);
    expect(result.calls.map((c) => c.outcome)).toEqual(['aborted']);
    expect(
      result.unreviewedFiles
        .filter((f) => f.reason === 'aborted')
        .map((f) => f.path)
        .sort(),
    ).toEqual(['docs/security.md', 'src/auth/login.ts', 'src/auth/rate-limit.ts']);
  });

  test('the fallback model answers when the model is not found', async () => {
    standIn
      .script({
        model: 'gpt-4o-mini',
        reply: { status: 404, message: 'The model `gpt-4o-mini` does not exist' },
      })
      .script({ model: 'gpt-4.1-mini', reply: answer });
    const { reviewer: r } = reviewer(standIn, { fallbackModel: 'gpt-4.1-mini' });
    const result = await r.review(onlyLogin());

    expect(result.calls.map((c) => [c.model, c.outcome])).toEqual([
      ['gpt-4o-mini', 'http-404'],
      ['gpt-4.1-mini', 'ok'],
    ]);
    expect(result.candidates).toEqual([expect.objectContaining({ model: 'gpt-4.1-mini' })]);
    expect(result.failures).toEqual([]);
  });

  test('LLM_MAX_CALLS_PER_REVIEW caps calls, retries and the fallback included: a retry is made only while calls are left', async () => {
    standIn.script({ reply: { status: 503, message: 'overloaded' } });
    const { reviewer: r } = reviewer(standIn, { maxCallsPerReview: 2, fallbackModel: 'gpt-4.1-mini' });
    const result = await r.review(onlyLogin());

    // One batch: its first call and one retry; not a third attempt, nor the fallback.
    expect(standIn.requests).toHaveLength(2);
    expect(result.calls.map((c) => [c.model, c.attempt])).toEqual([
      ['gpt-4o-mini', 1],
      ['gpt-4o-mini', 2],
    ]);
    expect(result.failures).toEqual([
      {
        batch: ['src/auth/login.ts'],
        reason:
          "HTTP 503: overloaded (not tried again: the review's 2 calls are spent, LLM_MAX_CALLS_PER_REVIEW)",
      },
    ]);
  });

  test('the fallback model takes over once the model has used its attempts (a call of the cap, like a retry)', async () => {
    standIn
      .script({ model: 'gpt-4o-mini', reply: { status: 500 } })
      .script({ model: 'gpt-4.1-mini', reply: answer });
    const { reviewer: r } = reviewer(standIn, {
      fallbackModel: 'gpt-4.1-mini',
      maxCallsPerReview: 3,
      retry: { maxAttempts: 2 },
    });
    const result = await r.review(onlyLogin());

    expect(result.calls.map((c) => [c.model, c.outcome])).toEqual([
      ['gpt-4o-mini', 'http-500'],
      ['gpt-4o-mini', 'http-500'],
      ['gpt-4.1-mini', 'ok'],
    ]);
    expect(result.candidates).toHaveLength(1);
  });
});
