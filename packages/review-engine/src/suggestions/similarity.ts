/**
 * The text similarity de-duplication uses: Jaccard similarity of the sets of normalized tokens
 * (lower-cased runs of letters and digits, `_` included; tokens of one character ignored), so wording
 * order, punctuation, markup and case do not matter. 1 for the same words, 0 for none in common.
 */
export function tokenSet(text: string): Set<string> {
  const tokens = new Set<string>();
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}_]+/gu)) {
    if (match[0].length > 1) tokens.add(match[0]);
  }
  return tokens;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const token of small) if (large.has(token)) common += 1;
  return common / (a.size + b.size - common);
}

/** Two texts at or above this similarity say the same thing (tuned on the golden cases). */
export const SIMILAR_TEXT_THRESHOLD = 0.6;

export function similarText(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return jaccard(a, b) >= SIMILAR_TEXT_THRESHOLD;
}
