import type { LlmStandIn } from '@kodus/test-helpers';
import { rateLimitRequest, reviewer, startStandIn, suggestion, TEST_KEY } from './helpers';

// Each provider through the real AI SDK against the stand-in: the request's path, model, structured-output
// settings and messages, and the answer read back into candidates.
describe('providers', () => {
  let standIn: LlmStandIn;
  beforeEach(async () => {
    standIn = await startStandIn();
    standIn.script({ match: 'src/auth/login.ts', reply: { json: { suggestions: [suggestion()] } } });
  });
  afterEach(() => standIn.stop());

  test('openai calls $LLM_BASE_URL/chat/completions with a strict json_schema response_format', async () => {
    const { reviewer: r } = reviewer(standIn, { provider: 'openai', model: 'gpt-4o-mini' });
    const result = await r.review(rateLimitRequest());

    expect(result.failures).toEqual([]);
    expect(result.candidates).toEqual([
      expect.objectContaining({
        path: 'src/auth/login.ts',
        startLine: 9,
        endLine: 9,
        label: 'kody_rules',
        severity: 'high',
        model: 'gpt-4o-mini',
      }),
    ]);
    const request = standIn.requests[0];
    expect(request).toMatchObject({
      dialect: 'openai',
      path: '/v1/chat/completions',
      model: 'gpt-4o-mini',
      stream: false,
    });
    const format = request?.responseFormat as {
      type: string;
      json_schema: {
        strict: boolean;
        schema: {
          properties: {
            suggestions: {
              items: {
                required: string[];
                additionalProperties: boolean;
                properties: Record<string, { type: unknown }>;
              };
            };
          };
        };
      };
    };
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.strict).toBe(true);
    const item = format.json_schema.schema.properties.suggestions.items;
    expect(item.required).toEqual(Object.keys(item.properties)); // strict mode: every key required
    expect(item.additionalProperties).toBe(false);
    expect(item.properties.improvedCode?.type).toEqual(['string', 'null']);
    const messages = request?.body.messages as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[0]?.content).toContain('Comment ONLY on lines marked "+"');
    expect(messages[0]?.content).toContain('en-US');
    expect(messages[1]?.content).toContain('Today is 2026-11-29.');
    expect(messages[1]?.content).toContain('<title>Rate-limit the login route</title>');
    expect(messages[1]?.content).toContain(' 9 +   console.log(`login attempt for ${req.body.email}`);');
    expect(messages[1]?.content).toContain('[no-console] No console logging in services');
  });

  test('openai-compatible (Ollama, vLLM, LM Studio, OpenRouter) sends the schema as response_format too', async () => {
    const { reviewer: r } = reviewer(standIn, {
      provider: 'openai-compatible',
      model: 'qwen2.5-coder:14b',
      apiKey: TEST_KEY,
    });
    const result = await r.review(rateLimitRequest());

    expect(result.candidates).toHaveLength(1);
    expect(standIn.requests[0]).toMatchObject({
      dialect: 'openai',
      path: '/v1/chat/completions',
      model: 'qwen2.5-coder:14b',
    });
    expect(standIn.requests[0]?.responseFormat).toMatchObject({
      type: 'json_schema',
      json_schema: { strict: true },
    });
  });

  test('anthropic calls $LLM_BASE_URL/messages with the key in x-api-key', async () => {
    const { reviewer: r } = reviewer(standIn, { provider: 'anthropic', model: 'claude-sonnet-4-5-20250929' });
    const result = await r.review(rateLimitRequest());

    expect(result.failures).toEqual([]);
    expect(result.candidates).toEqual([expect.objectContaining({ path: 'src/auth/login.ts', startLine: 9 })]);
    const request = standIn.requests[0];
    expect(request).toMatchObject({
      dialect: 'anthropic',
      path: '/v1/messages',
      model: 'claude-sonnet-4-5-20250929',
    });
    expect(JSON.stringify(request?.responseFormat)).toContain('relevantLinesStart');
    expect(request?.promptText).toContain('Comment ONLY on lines marked "+"');
  });

  test('google calls $LLM_BASE_URL/models/{model}:generateContent with responseJsonSchema', async () => {
    const { reviewer: r } = reviewer(standIn, { provider: 'google', model: 'gemini-2.5-flash' });
    const result = await r.review(rateLimitRequest());

    expect(result.failures).toEqual([]);
    expect(result.candidates).toEqual([expect.objectContaining({ path: 'src/auth/login.ts', startLine: 9 })]);
    const request = standIn.requests[0];
    expect(request).toMatchObject({ dialect: 'google', path: '/v1/models/gemini-2.5-flash:generateContent' });
    expect(request?.responseFormat).toMatchObject({ responseMimeType: 'application/json' });
    expect(JSON.stringify(request?.responseFormat)).toContain('relevantLinesStart');
  });

  test('the stand-in streams OpenAI chat completions as server-sent events, usage last', async () => {
    const [{ streamText }, { createOpenAI }] = await Promise.all([import('ai'), import('@ai-sdk/openai')]);
    const openai = createOpenAI({ apiKey: TEST_KEY, baseURL: standIn.url });
    standIn.script({
      match: 'stream me',
      reply: { text: 'hello from the stand-in', usage: { inputTokens: 7, outputTokens: 5 } },
    });
    const stream = streamText({ model: openai.chat('gpt-4o-mini'), prompt: 'stream me', maxRetries: 0 });
    let text = '';
    for await (const part of stream.textStream) text += part;

    expect(text).toBe('hello from the stand-in');
    expect((await stream.usage).inputTokens).toBe(7);
    expect(standIn.requests.at(-1)).toMatchObject({ stream: true, path: '/v1/chat/completions' });
  });
});
