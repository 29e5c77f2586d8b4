import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { KNOWN_MODELS, modelFamily, type ModelPrice } from './model-table';

const price = z.number().nonnegative().finite();

/** An operator's price table: model id (or family prefix) → USD per million tokens. */
export const priceTableSchema = z.record(
  z.string().min(1),
  z.strictObject({ input: price, output: price, cachedInput: price.optional() }),
);

export type PriceTable = Record<string, ModelPrice>;

/** Parses a price table's JSON text; the error names the problems, never the whole text. */
export function parsePriceTable(json: string, source = 'price table'): PriceTable {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`${source} is not valid JSON`);
  }
  const parsed = priceTableSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${source} is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Reads and parses LLM_PRICES_FILE. */
export async function loadPriceTable(path: string): Promise<PriceTable> {
  return parsePriceTable(await readFile(path, 'utf8'), `price file ${path}`);
}

/**
 * The price of a model: the operator's table first, then the built-in one — the latter only for the
 * providers it describes (a model behind openai-compatible is self-hosted or resold at another price).
 */
export function priceOf(model: string, overrides: PriceTable, useBuiltIn: boolean): ModelPrice | undefined {
  const own = modelFamily(model, Object.keys(overrides));
  if (own !== undefined) return overrides[own];
  if (!useBuiltIn) return undefined;
  const family = modelFamily(model);
  return family ? KNOWN_MODELS[family]?.price : undefined;
}

/** Cost of one call in USD; cached input tokens (part of the input count) at the cached price. */
export function costOf(
  p: ModelPrice | undefined,
  usage: { inputTokens: number; outputTokens: number; cachedInputTokens: number },
): number | null {
  if (!p) return null;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const fresh = usage.inputTokens - cached;
  return (fresh * p.input + cached * (p.cachedInput ?? p.input) + usage.outputTokens * p.output) / 1_000_000;
}
