import { randomUUID } from 'node:crypto';

/** The three wire protocols the stand-in speaks. */
export type LlmDialect = 'openai' | 'anthropic' | 'google';

/** Token counts as the tests think of them: `inputTokens` includes the cached ones. */
export interface LlmStandInUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
}

type Json = Record<string, unknown>;

/** Which protocol a path belongs to, and the model named in it (Google puts the model in the path). */
export function dialectOf(
  path: string,
): { dialect: LlmDialect; pathModel?: string; stream?: boolean } | undefined {
  if (path.endsWith('/chat/completions')) return { dialect: 'openai' };
  if (path.endsWith('/messages')) return { dialect: 'anthropic' };
  const google = /\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(path);
  if (google) {
    return { dialect: 'google', pathModel: google[1], stream: google[2] === 'streamGenerateContent' };
  }
  return undefined;
}

/** The API key the client sent, wherever its dialect carries it. */
export function apiKeyOf(
  dialect: LlmDialect,
  headers: Record<string, string>,
  query: URLSearchParams,
): string {
  if (dialect === 'openai') return (headers.authorization ?? '').replace(/^Bearer\s+/i, '');
  if (dialect === 'anthropic') return headers['x-api-key'] ?? '';
  return headers['x-goog-api-key'] ?? query.get('key') ?? '';
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && 'text' in part ? String(part.text) : ''))
      .join('\n');
  }
  return '';
}

/** Every piece of prompt text in a request body (system and user messages), for scripting and assertions. */
export function promptTextOf(dialect: LlmDialect, body: Json): string {
  const parts: string[] = [];
  if (dialect === 'openai') {
    for (const message of (body.messages as Json[] | undefined) ?? []) parts.push(textOf(message.content));
  } else if (dialect === 'anthropic') {
    parts.push(textOf(body.system));
    for (const message of (body.messages as Json[] | undefined) ?? []) parts.push(textOf(message.content));
  } else {
    const system = body.systemInstruction as Json | undefined;
    parts.push(textOf(system?.parts));
    for (const content of (body.contents as Json[] | undefined) ?? []) parts.push(textOf(content.parts));
  }
  return parts.filter((p) => p.length > 0).join('\n');
}

/** Where each dialect asks for structured output: OpenAI's response_format, Anthropic's output format or JSON tool, Google's generationConfig. */
export function responseFormatOf(dialect: LlmDialect, body: Json): unknown {
  if (dialect === 'openai') return body.response_format;
  if (dialect === 'anthropic') {
    return (body.output_config as Json | undefined)?.format ?? (body.output_format as unknown) ?? body.tools;
  }
  const config = (body.generationConfig as Json | undefined) ?? {};
  return { responseMimeType: config.responseMimeType, responseJsonSchema: config.responseJsonSchema };
}

function usesAnthropicJsonTool(body: Json): boolean {
  const tools = (body.tools as Json[] | undefined) ?? [];
  return tools.some((tool) => tool.name === 'json');
}

/** A successful non-streaming answer carrying `content` as the model's text. */
export function answerBody(
  dialect: LlmDialect,
  model: string,
  content: string,
  usage: LlmStandInUsage,
  body: Json,
): Json {
  const cached = usage.cachedInputTokens ?? 0;
  if (dialect === 'openai') {
    return {
      id: `chatcmpl-${randomUUID()}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: usage.inputTokens,
        completion_tokens: usage.outputTokens,
        total_tokens: usage.inputTokens + usage.outputTokens,
        prompt_tokens_details: { cached_tokens: cached },
      },
    };
  }
  if (dialect === 'anthropic') {
    let block: Json = { type: 'text', text: content };
    if (usesAnthropicJsonTool(body)) {
      try {
        block = { type: 'tool_use', id: `toolu_${randomUUID()}`, name: 'json', input: JSON.parse(content) };
      } catch {
        // not JSON: answer as text, as a model that ignored the tool would
      }
    }
    return {
      id: `msg_${randomUUID()}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [block],
      stop_reason: block.type === 'tool_use' ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: usage.inputTokens - cached,
        output_tokens: usage.outputTokens,
        cache_read_input_tokens: cached,
        cache_creation_input_tokens: 0,
      },
    };
  }
  return {
    candidates: [{ content: { role: 'model', parts: [{ text: content }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: {
      promptTokenCount: usage.inputTokens,
      candidatesTokenCount: usage.outputTokens,
      totalTokenCount: usage.inputTokens + usage.outputTokens,
      cachedContentTokenCount: cached,
    },
    modelVersion: model,
  };
}

/** OpenAI's streaming answer: server-sent events of `chat.completion.chunk`, usage last when asked for. */
export function openAiStreamEvents(
  model: string,
  content: string,
  usage: LlmStandInUsage,
  body: Json,
): string[] {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (choices: unknown[], extra: Json = {}) =>
    JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra });
  const half = Math.ceil(content.length / 2);
  const events = [
    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
    chunk([{ index: 0, delta: { content: content.slice(0, half) }, finish_reason: null }]),
    chunk([{ index: 0, delta: { content: content.slice(half) }, finish_reason: null }]),
    chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]),
  ];
  if ((body.stream_options as Json | undefined)?.include_usage === true) {
    const full = answerBody('openai', model, content, usage, body).usage;
    events.push(chunk([], { usage: full }));
  }
  return [...events.map((event) => `data: ${event}\n\n`), 'data: [DONE]\n\n'];
}

/** An error in the dialect's own shape. */
export function errorBody(dialect: LlmDialect, status: number, message: string): Json {
  if (dialect === 'openai') {
    return { error: { message, type: status === 401 ? 'invalid_request_error' : 'api_error', code: null } };
  }
  if (dialect === 'anthropic') {
    const type = status === 401 ? 'authentication_error' : status === 429 ? 'rate_limit_error' : 'api_error';
    return { type: 'error', error: { type, message } };
  }
  return { error: { code: status, message, status: status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL' } };
}
