import type { Candidate, Disposition, SuggestionCategory, SuggestionSource } from '../reviewer';
import { severityRank } from '../severity';
import type { ParsedFile, Severity } from '../types';
import { anchorCandidate, filesByPath } from './anchor';
import { similarText, tokenSet } from './similarity';

/**
 * The shared output stage every reviewer's candidates go through, in this order (each candidate stops at
 * the first step that drops it, so it ends with exactly one disposition):
 *
 * 1. anchor — snapped to the last added line within its range, else (or placed where its reviewer was not
 *    looking: `outsideReview`) `dropped:not-on-changed-line`;
 * 2. fix — offers a fix that is empty or equal to the existing code: `dropped:no-fix`;
 * 3. category — not among its source's categories: `dropped:category-filtered`;
 * 4. severity — below its source's threshold: `dropped:below-severity-threshold`;
 * 5. within the review — the same key, or same file + overlapping lines + (same rule or similar text) as
 *    a candidate kept before it (most severe first): `dropped:duplicate-in-review`;
 * 6. against the pull request — same file + a posted line inside its range + (same rule or similar text)
 *    as a comment Kodus already posted there: `dropped:already-posted`. A posted comment with the
 *    candidate's own key is this review's own, from an earlier attempt: kept (publish reports it posted);
 * (an optional model-based pass may mark more duplicates here: see the pipeline's `refiner`)
 * 7. cap — per source (`max`, the LLM's maxSuggestions), then overall (`maxComments`), most severe
 *    first: `dropped:over-limit`;
 * 8. publish (the pipeline) — a comment the provider refuses becomes `dropped:refused-by-provider`.
 *
 * "Same rule" ignores the generic `llm` rule id (every free model finding has it); "similar text" is
 * token Jaccard ≥ SIMILAR_TEXT_THRESHOLD (similarity.ts). Pure: no I/O, no clock, no randomness.
 */

export interface SourcePolicy {
  /** Only these categories are posted; absent: all. */
  categories?: readonly SuggestionCategory[];
  /** Nothing less severe is posted; absent: everything. */
  minSeverity?: Severity;
  /** At most this many of this source's candidates are posted. */
  max?: number;
}

export interface SuggestionPolicy {
  /** At most this many comments per review (`.kodus.yml` maxComments). */
  maxComments: number;
  bySource?: Partial<Record<SuggestionSource, SourcePolicy>>;
}

/** A comment Kodus already posted on the pull request, as the de-duplication reads it. */
export interface PostedSuggestion {
  key: string;
  path: string;
  line: number;
  /** The comment's message (markup and footer removed). */
  text: string;
  ruleId?: string;
}

export interface ShapeInput {
  /** The pull request's changed files (the whole pull request, also on an incremental review). */
  files: readonly ParsedFile[];
  posted: readonly PostedSuggestion[];
  policy: SuggestionPolicy;
  /** The hidden key a candidate would be posted with (stable per head, path, line, rule and text). */
  keyOf: (candidate: Candidate, anchored: { path: string; line: number }) => string;
}

export interface ShapedCandidate {
  candidate: Candidate;
  disposition: Disposition;
  /** Where it is posted (set once anchored). */
  path?: string;
  line?: number;
  key?: string;
  /** The key of the kept candidate or posted comment it duplicates. */
  duplicateOf?: string;
}

/** Rule ids that name no rule: free model findings all carry it, so it never makes two findings "the same rule". */
export const GENERIC_RULE_ID = 'llm';
const SOURCE_ORDER: Record<SuggestionSource, number> = { rule: 0, analyzer: 1, llm: 2 };

const squash = (code: string) => code.replace(/\s+/g, ' ').trim();

function offersNoFix(candidate: Candidate): boolean {
  const fix = candidate.improvedCode;
  if (fix === undefined || fix === null) return false;
  return squash(fix) === '' || squash(fix) === squash(candidate.existingCode ?? '');
}

function sameRule(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && a === b && a !== GENERIC_RULE_ID;
}

/** Most severe first, then rules and analyzers before the model, then by place: deterministic. */
export function byPriority(a: ShapedCandidate, b: ShapedCandidate): number {
  const x = a.candidate;
  const y = b.candidate;
  return (
    severityRank(x.severity) - severityRank(y.severity) ||
    SOURCE_ORDER[x.source] - SOURCE_ORDER[y.source] ||
    (a.path ?? x.path).localeCompare(b.path ?? y.path) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    x.ruleId.localeCompare(y.ruleId) ||
    x.message.localeCompare(y.message)
  );
}

interface Kept {
  shaped: ShapedCandidate;
  from: number;
  to: number;
  tokens: Set<string>;
}

/** Steps 1-6: every candidate gets its disposition; the survivors are `posted` (pending the cap and publish). */
export function filterCandidates(candidates: readonly Candidate[], input: ShapeInput): ShapedCandidate[] {
  const files = filesByPath(input.files);
  const shaped: ShapedCandidate[] = candidates.map((candidate) => {
    const anchored = candidate.outsideReview === true ? undefined : anchorCandidate(candidate, files);
    if (anchored === undefined) return { candidate, disposition: 'dropped:not-on-changed-line' };
    const placed = { candidate, ...anchored, key: input.keyOf(candidate, anchored) };
    const policy = input.policy.bySource?.[candidate.source];
    if (offersNoFix(candidate)) return { ...placed, disposition: 'dropped:no-fix' };
    if (policy?.categories !== undefined && !policy.categories.includes(candidate.category)) {
      return { ...placed, disposition: 'dropped:category-filtered' };
    }
    if (
      policy?.minSeverity !== undefined &&
      severityRank(candidate.severity) > severityRank(policy.minSeverity)
    ) {
      return { ...placed, disposition: 'dropped:below-severity-threshold' };
    }
    return { ...placed, disposition: 'posted' };
  });

  // Kept candidates by path and by key: a candidate is compared with those of its own file only.
  const keptByPath = new Map<string, Kept[]>();
  const keptKeys = new Set<string>();
  const postedByPath = new Map<string, { posted: PostedSuggestion; tokens: Set<string> }[]>();
  for (const posted of input.posted) {
    const list = postedByPath.get(posted.path) ?? [];
    list.push({ posted, tokens: tokenSet(posted.text) });
    postedByPath.set(posted.path, list);
  }
  for (const item of shaped.filter((s) => s.disposition === 'posted').sort(byPriority)) {
    const { candidate } = item;
    const line = item.line ?? 0;
    const from = Math.min(candidate.startLine, candidate.endLine, line);
    const to = Math.max(candidate.startLine, candidate.endLine, line);
    const tokens = tokenSet(candidate.message);
    if (item.key !== undefined && keptKeys.has(item.key)) {
      item.disposition = 'dropped:duplicate-in-review';
      item.duplicateOf = item.key;
      continue;
    }
    const twin = (keptByPath.get(item.path ?? '') ?? []).find(
      (k) =>
        k.from <= to &&
        from <= k.to &&
        (sameRule(k.shaped.candidate.ruleId, candidate.ruleId) || similarText(k.tokens, tokens)),
    );
    if (twin !== undefined) {
      item.disposition = 'dropped:duplicate-in-review';
      if (twin.shaped.key !== undefined) item.duplicateOf = twin.shaped.key;
      continue;
    }
    const earlier = (postedByPath.get(item.path ?? '') ?? []).find(
      ({ posted, tokens: postedTokens }) =>
        posted.key !== item.key &&
        posted.line >= from &&
        posted.line <= to &&
        (sameRule(posted.ruleId, candidate.ruleId) || similarText(postedTokens, tokens)),
    );
    if (earlier !== undefined) {
      item.disposition = 'dropped:already-posted';
      item.duplicateOf = earlier.posted.key;
      continue;
    }
    const list = keptByPath.get(item.path ?? '') ?? [];
    list.push({ shaped: item, from, to, tokens });
    keptByPath.set(item.path ?? '', list);
    if (item.key !== undefined) keptKeys.add(item.key);
  }
  return shaped;
}

/** Step 7: the per-source caps, then the overall cap, most severe first. Changes dispositions in place. */
export function capCandidates(shaped: ShapedCandidate[], policy: SuggestionPolicy): ShapedCandidate[] {
  const perSource = new Map<SuggestionSource, number>();
  let total = 0;
  for (const item of shaped.filter((s) => s.disposition === 'posted').sort(byPriority)) {
    const source = item.candidate.source;
    const count = perSource.get(source) ?? 0;
    const max = policy.bySource?.[source]?.max ?? Number.POSITIVE_INFINITY;
    if (count >= max || total >= policy.maxComments) {
      item.disposition = 'dropped:over-limit';
      continue;
    }
    perSource.set(source, count + 1);
    total += 1;
  }
  return shaped;
}

/** Steps 1-7 (without a model pass): one entry per candidate, in the candidates' order. */
export function shapeSuggestions(candidates: readonly Candidate[], input: ShapeInput): ShapedCandidate[] {
  return capCandidates(filterCandidates(candidates, input), input.policy);
}

/** The number of candidates per disposition, for the summary and the logs. */
export function countDispositions(shaped: readonly ShapedCandidate[]): Partial<Record<Disposition, number>> {
  const counts: Partial<Record<Disposition, number>> = {};
  for (const s of shaped) counts[s.disposition] = (counts[s.disposition] ?? 0) + 1;
  return counts;
}
