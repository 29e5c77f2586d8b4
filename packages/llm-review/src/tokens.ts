import type { LlmProviderName } from './types';

/**
 * Counts tokens with a real BPE tokenizer (gpt-tokenizer, pure JS). OpenAI's models get their own encoding
 * (o200k_base for GPT-4o, GPT-4.1, GPT-5 and the o-series; cl100k_base for GPT-4 and GPT-3.5) and no margin.
 * Anthropic, Google and open models publish no offline tokenizer for their current models, so they are
 * counted with the closest BPE and a safety margin: Claude ×1.35 (its tokenizer splits code finer than
 * cl100k), Gemini ×1.25 (SentencePiece, usually fewer tokens than o200k; the margin covers the worst
 * cases), other models (Llama, Qwen, Mistral... behind openai-compatible) ×1.25 over cl100k.
 */
export interface TokenCounter {
  encoding: 'o200k_base' | 'cl100k_base';
  margin: number;
  count(text: string): number;
}

type CountFn = (text: string, options: { disallowedSpecial: Set<string> }) => number;

const loaded = new Map<string, Promise<CountFn>>();

function loadEncoding(encoding: TokenCounter['encoding']): Promise<CountFn> {
  let loading = loaded.get(encoding);
  if (!loading) {
    // Loaded on first use: each encoding's table is several megabytes.
    loading =
      encoding === 'o200k_base'
        ? import('gpt-tokenizer/encoding/o200k_base').then((m) => m.countTokens as CountFn)
        : import('gpt-tokenizer/encoding/cl100k_base').then((m) => m.countTokens as CountFn);
    loaded.set(encoding, loading);
  }
  return loading;
}

function tokenizerChoice(
  provider: LlmProviderName,
  model: string,
): { encoding: TokenCounter['encoding']; margin: number } {
  const name = model.toLowerCase().replace(/^.*\//, ''); // "openai/gpt-4o" on OpenRouter
  const openAiFamily = /^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o\d|chatgpt-4o|gpt-oss)/.test(name);
  if (openAiFamily) return { encoding: 'o200k_base', margin: 1 };
  if (/^gpt-(4|3\.5)/.test(name)) return { encoding: 'cl100k_base', margin: 1 };
  if (provider === 'anthropic' || name.startsWith('claude')) return { encoding: 'cl100k_base', margin: 1.35 };
  if (provider === 'google' || name.startsWith('gemini') || name.startsWith('gemma')) {
    return { encoding: 'o200k_base', margin: 1.25 };
  }
  return { encoding: 'cl100k_base', margin: 1.25 };
}

/** The token counter for a model. Text that looks like a special token (`<|endoftext|>`) counts as plain text. */
export async function tokenCounterFor(provider: LlmProviderName, model: string): Promise<TokenCounter> {
  const { encoding, margin } = tokenizerChoice(provider, model);
  const countTokens = await loadEncoding(encoding);
  const plain = { disallowedSpecial: new Set<string>() };
  return { encoding, margin, count: (text) => Math.ceil(countTokens(text, plain) * margin) };
}
