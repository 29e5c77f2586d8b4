import { suggestionItemSchema, type SuggestionItem } from './suggestion-schema';

/** At most this many items are read from one answer; the rest are dropped and counted. */
export const MAX_ITEMS_PER_ANSWER = 200;

export type ParsedAnswer =
  { ok: true; items: SuggestionItem[]; invalidItems: number } | { ok: false; reason: string };

/** The texts worth trying as JSON, in order: the whole answer, a fenced block, the outermost braces. */
function jsonCandidates(text: string): string[] {
  const trimmed = text.trim();
  const candidates = [trimmed];
  const fenced = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(trimmed);
  if (fenced?.[1] !== undefined) candidates.push(fenced[1].trim());
  const first = trimmed.indexOf('{');
  const last = trimmed.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(trimmed.slice(first, last + 1));
  return candidates;
}

function parseJson(text: string): unknown {
  for (const candidate of jsonCandidates(text)) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

/**
 * Reads a model's answer: JSON, possibly fenced or wrapped in prose, either `{"suggestions": [...]}` or a bare
 * array. Items that do not fit the schema are dropped and counted; an answer with no readable list fails.
 */
export function parseAnswer(text: string): ParsedAnswer {
  const value = parseJson(text);
  if (value === undefined) return { ok: false, reason: 'the answer is not JSON' };
  const list = Array.isArray(value)
    ? value
    : value !== null && typeof value === 'object' && 'suggestions' in value
      ? value.suggestions
      : undefined;
  if (!Array.isArray(list)) return { ok: false, reason: 'the answer has no "suggestions" list' };
  const items: SuggestionItem[] = [];
  let invalidItems = Math.max(0, list.length - MAX_ITEMS_PER_ANSWER);
  for (const raw of list.slice(0, MAX_ITEMS_PER_ANSWER)) {
    const parsed = suggestionItemSchema.safeParse(raw);
    if (parsed.success) items.push(parsed.data);
    else invalidItems++;
  }
  return { ok: true, items, invalidItems };
}
