import { readFileSync } from 'node:fs';
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

/**
 * Reads and parses LLM_PRICES_FILE. Its errors are configuration errors (exit 78 in the worker and in
 * `kodus review`): each names the variable and the path, never the file's content.
 */
export async function loadPriceTable(path: string): Promise<PriceTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw unreadable(path, error);
  }
  return parsePriceTable(text, priceFile(path));
}

/** {@link loadPriceTable}, for a synchronous start-up (the worker's). */
export function loadPriceTableSync(path: string): PriceTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw unreadable(path, error);
  }
  return parsePriceTable(text, priceFile(path));
}

const priceFile = (path: string) => `LLM_PRICES_FILE ${path}`;

/** The system's code (ENOENT, EACCES, EISDIR...) rather than its message, which repeats the path. */
function unreadable(path: string, error: unknown): Error {
  // Not `instanceof Error`: an error from another realm (a vm context, as in jest) is not one.
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'error';
  return new Error(`${priceFile(path)} cannot be read (${code})`);
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
