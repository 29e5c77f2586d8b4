import type pg from 'pg';
import type { CandidateRecord, SuggestionInput } from './review-records';

/** Writes a review's posted suggestions (in order), replacing earlier ones. */
export async function replaceSuggestions(
  client: pg.PoolClient,
  reviewId: string,
  suggestions: readonly SuggestionInput[],
): Promise<void> {
  await client.query('DELETE FROM suggestions WHERE review_id = $1', [reviewId]);
  if (suggestions.length === 0) return;
  const s = suggestions;
  await client.query(
    `INSERT INTO suggestions (review_id, ordinal, path, line, severity, category, rule_id, message, source)
     SELECT $1, ord, path, line, severity, category, rule_id, message, source
     FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       WITH ORDINALITY AS t(path, line, severity, category, rule_id, message, source, ord)`,
    [
      reviewId,
      s.map((x) => x.path),
      s.map((x) => x.line),
      s.map((x) => x.severity),
      s.map((x) => x.category),
      s.map((x) => x.ruleId),
      s.map((x) => x.message),
      s.map((x) => x.source ?? 'analyzer'),
    ],
  );
}

/** Writes every candidate of a review with its disposition, replacing an earlier attempt's. */
export async function replaceCandidates(
  client: pg.PoolClient,
  reviewId: string,
  candidates: readonly CandidateRecord[],
): Promise<void> {
  await client.query('DELETE FROM review_candidates WHERE review_id = $1', [reviewId]);
  if (candidates.length === 0) return;
  const c = candidates;
  await client.query(
    `INSERT INTO review_candidates (review_id, ordinal, reviewer, source, path, start_line, end_line, line,
       severity, category, rule_id, message, disposition)
     SELECT $1, ord, reviewer, source, path, start_line, end_line, line, severity, category, rule_id, message, disposition
     FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::text[], $9::text[],
       $10::text[], $11::text[], $12::text[])
       WITH ORDINALITY AS t(reviewer, source, path, start_line, end_line, line, severity, category, rule_id,
         message, disposition, ord)`,
    [
      reviewId,
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
