import type pg from 'pg';
import type { CandidateRecord, SuggestionInput } from './review-records';

/**
 * Parts of one statement (`WITH … UPDATE reviews …`) that replace a review's rows in a child table keyed by
 * (review_id, ordinal): its rows are upserted in order and the rows past them (an earlier attempt's longer
 * list) deleted. The two touch disjoint rows, so they can share one statement, which is atomic by itself:
 * one round trip instead of a transaction's five.
 */
interface ChildRows {
  /** `WITH` items (comma-separated, no leading `WITH`). */
  ctes: string;
  values: unknown[];
}

function replaceRows(
  name: string,
  table: string,
  columns: readonly { name: string; type: string }[],
  arrays: readonly unknown[][],
  reviewParam: number,
  firstParam: number,
): ChildRows {
  const list = columns.map((c) => c.name).join(', ');
  const unnest = columns.map((c, i) => `$${firstParam + i}::${c.type}[]`).join(', ');
  const updates = columns.map((c) => `${c.name} = EXCLUDED.${c.name}`).join(', ');
  return {
    ctes: `${name}_rows AS (
       INSERT INTO ${table} (review_id, ordinal, ${list})
       SELECT $${reviewParam}, ord, ${list} FROM unnest(${unnest}) WITH ORDINALITY AS t(${list}, ord)
       ON CONFLICT (review_id, ordinal) DO UPDATE SET ${updates}
     ), ${name}_past AS (
       DELETE FROM ${table} WHERE review_id = $${reviewParam} AND ordinal > cardinality($${firstParam}::${columns[0]?.type}[])
     )`,
    values: [...arrays],
  };
}

/** The review's posted suggestions (in order), replacing an earlier attempt's: `WITH` items from `firstParam` on. */
export function suggestionRows(
  suggestions: readonly SuggestionInput[],
  reviewParam: number,
  firstParam: number,
): ChildRows {
  const s = suggestions;
  return replaceRows(
    'suggestions',
    'suggestions',
    [
      { name: 'path', type: 'text' },
      { name: 'line', type: 'int' },
      { name: 'severity', type: 'text' },
      { name: 'category', type: 'text' },
      { name: 'rule_id', type: 'text' },
      { name: 'message', type: 'text' },
      { name: 'source', type: 'text' },
      { name: 'fingerprint', type: 'text' },
    ],
    [
      s.map((x) => x.path),
      s.map((x) => x.line),
      s.map((x) => x.severity),
      s.map((x) => x.category),
      s.map((x) => x.ruleId),
      s.map((x) => x.message),
      s.map((x) => x.source ?? 'analyzer'),
      s.map((x) => x.fingerprint ?? null),
    ],
    reviewParam,
    firstParam,
  );
}

/** Every candidate of the review with its disposition, replacing an earlier attempt's: `WITH` items from `firstParam` on. */
export function candidateRows(
  candidates: readonly CandidateRecord[],
  reviewParam: number,
  firstParam: number,
): ChildRows {
  const c = candidates;
  return replaceRows(
    'candidates',
    'review_candidates',
    [
      { name: 'reviewer', type: 'text' },
      { name: 'source', type: 'text' },
      { name: 'path', type: 'text' },
      { name: 'start_line', type: 'int' },
      { name: 'end_line', type: 'int' },
      { name: 'line', type: 'int' },
      { name: 'severity', type: 'text' },
      { name: 'category', type: 'text' },
      { name: 'rule_id', type: 'text' },
      { name: 'message', type: 'text' },
      { name: 'disposition', type: 'text' },
    ],
    [
      c.map((x) => x.reviewer),
      c.map((x) => x.source),
      c.map((x) => x.path),
      c.map((x) => x.startLine),
      c.map((x) => x.endLine),
      c.map((x) => x.line),
      c.map((x) => x.severity),
      c.map((x) => x.category),
      c.map((x) => x.ruleId),
      c.map((x) => x.message),
      c.map((x) => x.disposition),
    ],
    reviewParam,
    firstParam,
  );
}

interface CandidateRow {
  reviewer: string;
  source: CandidateRecord['source'];
  path: string;
  start_line: number;
  end_line: number;
  line: number | null;
  severity: CandidateRecord['severity'];
  category: string;
  rule_id: string;
  message: string;
  disposition: string;
}

export async function readCandidates(pool: pg.Pool, reviewId: string): Promise<CandidateRecord[]> {
  const { rows } = await pool.query<CandidateRow>(
    `SELECT reviewer, source, path, start_line, end_line, line, severity, category, rule_id, message, disposition
     FROM review_candidates WHERE review_id = $1 ORDER BY ordinal`,
    [reviewId],
  );
  return rows.map((r) => ({
    reviewer: r.reviewer,
    source: r.source,
    path: r.path,
    startLine: r.start_line,
    endLine: r.end_line,
    line: r.line,
    severity: r.severity,
    category: r.category,
    ruleId: r.rule_id,
    message: r.message,
    disposition: r.disposition,
  }));
}
