/**
 * What is known about well-known models: the context window (tokens) and list prices in USD per million
 * tokens (input, cached input, output). Prices are the providers' published list prices as of 2025-08
 * (standard tier; Gemini 2.5 Pro's price for prompts up to 200k tokens). They change: an operator
 * overrides them with LLM_PRICES_FILE. A model id matches the longest entry it starts with, so dated ids
 * (`claude-sonnet-4-5-20250929`, `gpt-4o-2024-08-06`) find their family; a vendor prefix (`openai/` on
 * OpenRouter) is ignored.
 */
export interface ModelPrice {
  input: number;
  output: number;
  /** Price of cached input tokens; the input price when absent. */
  cachedInput?: number;
}

export interface KnownModel {
  contextWindow: number;
  price: ModelPrice;
}

export const MODEL_TABLE_DATE = '2025-08';

export const KNOWN_MODELS: Readonly<Record<string, KnownModel>> = {
  'gpt-5': { contextWindow: 400_000, price: { input: 1.25, cachedInput: 0.125, output: 10 } },
  'gpt-5-mini': { contextWindow: 400_000, price: { input: 0.25, cachedInput: 0.025, output: 2 } },
  'gpt-5-nano': { contextWindow: 400_000, price: { input: 0.05, cachedInput: 0.005, output: 0.4 } },
  'gpt-4.1': { contextWindow: 1_047_576, price: { input: 2, cachedInput: 0.5, output: 8 } },
  'gpt-4.1-mini': { contextWindow: 1_047_576, price: { input: 0.4, cachedInput: 0.1, output: 1.6 } },
  'gpt-4.1-nano': { contextWindow: 1_047_576, price: { input: 0.1, cachedInput: 0.025, output: 0.4 } },
  'gpt-4o': { contextWindow: 128_000, price: { input: 2.5, cachedInput: 1.25, output: 10 } },
  'gpt-4o-mini': { contextWindow: 128_000, price: { input: 0.15, cachedInput: 0.075, output: 0.6 } },
  o3: { contextWindow: 200_000, price: { input: 2, cachedInput: 0.5, output: 8 } },
  'o3-mini': { contextWindow: 200_000, price: { input: 1.1, cachedInput: 0.55, output: 4.4 } },
  'o4-mini': { contextWindow: 200_000, price: { input: 1.1, cachedInput: 0.275, output: 4.4 } },
  'claude-opus-4-1': { contextWindow: 200_000, price: { input: 15, cachedInput: 1.5, output: 75 } },
  'claude-opus-4': { contextWindow: 200_000, price: { input: 15, cachedInput: 1.5, output: 75 } },
  'claude-sonnet-4-5': { contextWindow: 200_000, price: { input: 3, cachedInput: 0.3, output: 15 } },
  'claude-sonnet-4': { contextWindow: 200_000, price: { input: 3, cachedInput: 0.3, output: 15 } },
  'claude-3-7-sonnet': { contextWindow: 200_000, price: { input: 3, cachedInput: 0.3, output: 15 } },
  'claude-haiku-4-5': { contextWindow: 200_000, price: { input: 1, cachedInput: 0.1, output: 5 } },
  'claude-3-5-haiku': { contextWindow: 200_000, price: { input: 0.8, cachedInput: 0.08, output: 4 } },
  'gemini-2.5-pro': { contextWindow: 1_048_576, price: { input: 1.25, cachedInput: 0.31, output: 10 } },
  'gemini-2.5-flash': { contextWindow: 1_048_576, price: { input: 0.3, cachedInput: 0.075, output: 2.5 } },
  'gemini-2.5-flash-lite': {
    contextWindow: 1_048_576,
    price: { input: 0.1, cachedInput: 0.025, output: 0.4 },
  },
  'gemini-2.0-flash': { contextWindow: 1_048_576, price: { input: 0.1, cachedInput: 0.025, output: 0.4 } },
};

/** Context window assumed for a model the table does not know (Ollama's own default is smaller still: set it). */
export const DEFAULT_CONTEXT_WINDOW = 8_192;

/** The table entry key a model id belongs to: the longest key it starts with, ignoring a `vendor/` prefix. */
export function modelFamily(
  model: string,
  keys: Iterable<string> = Object.keys(KNOWN_MODELS),
): string | undefined {
  const name = model.toLowerCase().replace(/^.*\//, '');
  let best: string | undefined;
  for (const key of keys) {
    const k = key.toLowerCase();
    const matches =
      name === k || name.startsWith(`${k}-`) || name.startsWith(`${k}:`) || name.startsWith(`${k}@`);
    if (matches && (best === undefined || k.length > best.length)) best = key;
  }
  return best;
}

/** The model's context window: the operator's override, else the table's, else the conservative default. */
export function contextWindowOf(model: string, override?: number): number {
  if (override !== undefined) return override;
  const family = modelFamily(model);
  return family ? (KNOWN_MODELS[family]?.contextWindow ?? DEFAULT_CONTEXT_WINDOW) : DEFAULT_CONTEXT_WINDOW;
}
