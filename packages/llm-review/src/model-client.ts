import type { LanguageModel, OutputInterface } from 'ai';
import { SUGGESTIONS_JSON_SCHEMA } from './suggestion-schema';
import type { LlmProviderName } from './types';

export interface ModelCallInput {
  model: string;
  system: string;
  prompt: string;
  maxOutputTokens: number;
  abortSignal: AbortSignal;
}

export interface ModelAnswer {
  text: string;
  /** `stop`, `length`, `content-filter`... as the AI SDK reports it. */
  finishReason: string;
  /** The SDK's warnings (an unsupported setting...), for the log. */
  warnings: string[];
  usage: { inputTokens: number; outputTokens: number; cachedInputTokens: number };
}

/** One model call, no retry: the reviewer decides about retries, fallback and deadlines. */
export interface ModelClient {
  generate(input: ModelCallInput): Promise<ModelAnswer>;
  /** Loads what the first call to `model` needs (the SDK's modules), so that call does not wait for it. */
  prepare?(model: string): Promise<void>;
}

export interface ModelClientOptions {
  provider: LlmProviderName;
  apiKey?: string;
  /** The API root with its version path (`https://api.openai.com/v1`); the provider's default when absent. */
  baseUrl?: string;
  /** For tests and proxies. */
  fetch?: typeof fetch;
}

/**
 * The answer format handed to the AI SDK: its JSON schema goes to the provider (OpenAI and compatible servers
 * as `response_format: {type: "json_schema", strict: true}`, Anthropic as its output format, Google as
 * `responseJsonSchema`), while the text comes back unparsed: the reviewer's tolerant reading drops a bad item
 * instead of losing the whole answer, as the SDK's own `Output.object` would.
 */
const suggestionsOutput: OutputInterface<string, string, never> = {
  name: 'object',
  responseFormat: Promise.resolve({
    type: 'json',
    schema: SUGGESTIONS_JSON_SCHEMA,
    name: 'kodus_suggestions',
    description: "Review suggestions on the pull request's added lines",
  }),
  parseCompleteOutput: async ({ text }) => text,
  parsePartialOutput: async () => undefined,
  createElementStreamTransform: () => undefined,
};

async function languageModel(options: ModelClientOptions, model: string): Promise<LanguageModel> {
  const common = { apiKey: options.apiKey, baseURL: options.baseUrl, fetch: options.fetch };
  switch (options.provider) {
    case 'openai': {
      const { createOpenAI } = await import('@ai-sdk/openai');
      return createOpenAI(common).chat(model); // chat completions, not the Responses API
    }
    case 'anthropic': {
      const { createAnthropic } = await import('@ai-sdk/anthropic');
      return createAnthropic(common).messages(model);
    }
    case 'google': {
      const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
      return createGoogleGenerativeAI(common).chat(model);
    }
    case 'openai-compatible': {
      const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
      if (!options.baseUrl) throw new Error('openai-compatible needs a base URL (LLM_BASE_URL)');
      return createOpenAICompatible({
        name: 'openai-compatible',
        baseURL: options.baseUrl,
        apiKey: options.apiKey,
        fetch: options.fetch,
        supportsStructuredOutputs: true, // send the schema as response_format json_schema
        includeUsage: true,
      }).chatModel(model);
    }
  }
}

/** The real client: the Vercel AI SDK (ES modules, loaded on first use so this CommonJS package can require it). */
export function createModelClient(options: ModelClientOptions): ModelClient {
  const models = new Map<string, Promise<LanguageModel>>();
  const modelFor = (name: string): Promise<LanguageModel> => {
    let model = models.get(name);
    if (!model) {
      model = languageModel(options, name);
      models.set(name, model);
    }
    return model;
  };
  return {
    async prepare(name) {
      await Promise.all([modelFor(name), import('ai')]);
    },
    async generate(input) {
      const model = modelFor(input.model);
      const { generateText } = await import('ai');
      // The SDK prints its warnings with console.warn; they are returned and logged by the reviewer instead.
      (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS ??= false;
      const result = await generateText({
        model: await model,
        system: input.system,
        prompt: input.prompt,
        output: suggestionsOutput,
        maxOutputTokens: input.maxOutputTokens,
        maxRetries: 0,
        abortSignal: input.abortSignal,
      });
      const usage = result.usage;
      return {
        text: result.text,
        finishReason: result.finishReason,
        warnings: (result.warnings ?? []).map((w) => JSON.stringify(w).slice(0, 300)),
        usage: {
          inputTokens: usage.inputTokens ?? 0,
          outputTokens: usage.outputTokens ?? 0,
          cachedInputTokens: usage.inputTokenDetails?.cacheReadTokens ?? 0,
        },
      };
    },
  };
}
