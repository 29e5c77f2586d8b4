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

/** One column of a child table, its SQL array type, and its value for a row. */
interface Column<Row> {
  name: string;
  type: 'text' | 'int';
  of: (row: Row) => unknown;
}

function replaceRows<Row>(
  name: string,
  table: string,
  columns: readonly Column<Row>[],
  rows: readonly Row[],
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
    values: columns.map((c) => rows.map(c.of)),
  };
}

const SUGGESTION_COLUMNS: readonly Column<SuggestionInput>[] = [
  { name: 'path', type: 'text', of: (x) => x.path },
  { name: 'line', type: 'int', of: (x) => x.line },
  { name: 'severity', type: 'text', of: (x) => x.severity },
  { name: 'category', type: 'text', of: (x) => x.category },
  { name: 'rule_id', type: 'text', of: (x) => x.ruleId },
  { name: 'message', type: 'text', of: (x) => x.message },
  { name: 'source', type: 'text', of: (x) => x.source ?? 'analyzer' },
  { name: 'fingerprint', type: 'text', of: (x) => x.fingerprint ?? null },
];

const CANDIDATE_COLUMNS: readonly Column<CandidateRecord>[] = [
  { name: 'reviewer', type: 'text', of: (x) => x.reviewer },
  { name: 'source', type: 'text', of: (x) => x.source },
  { name: 'path', type: 'text', of: (x) => x.path },
  { name: 'start_line', type: 'int', of: (x) => x.startLine },
  { name: 'end_line', type: 'int', of: (x) => x.endLine },
  { name: 'line', type: 'int', of: (x) => x.line },
  { name: 'severity', type: 'text', of: (x) => x.severity },
  { name: 'category', type: 'text', of: (x) => x.category },
  { name: 'rule_id', type: 'text', of: (x) => x.ruleId },
  { name: 'message', type: 'text', of: (x) => x.message },
  { name: 'disposition', type: 'text', of: (x) => x.disposition },
];

/** The review's posted suggestions (in order), replacing an earlier attempt's: `WITH` items from `firstParam` on. */
export function suggestionRows(
  suggestions: readonly SuggestionInput[],
  reviewParam: number,
  firstParam: number,
): ChildRows {
  return replaceRows('suggestions', 'suggestions', SUGGESTION_COLUMNS, suggestions, reviewParam, firstParam);
}

/** Every candidate of the review with its disposition, replacing an earlier attempt's: `WITH` items from `firstParam` on. */
export function candidateRows(
  candidates: readonly CandidateRecord[],
  reviewParam: number,
  firstParam: number,
): ChildRows {
  return replaceRows(
    'candidates',
    'review_candidates',
    CANDIDATE_COLUMNS,
    candidates,
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
