import type { Pool } from './database';
import { decodeCursor, encodeCursor } from './cursor';
import { HEAD_LEASE_DEFAULTS, type HeadLeaseOptions, withLease } from './head-lease';
import { candidateRows, readCandidates, suggestionRows } from './review-candidates';
import type {
  CandidateRecord,
  ReviewFilter,
  ReviewRecord,
  ReviewRequest,
  StageRecord,
  SuggestionInput,
  SuggestionRecord,
  UsageRecord,
} from './review-records';

interface ReviewRow {
  id: string;
  status: ReviewRecord['status'];
  status_reason: string | null;
  provider: string;
  repository: string;
  pull_request: number;
  head_sha: string | null;
  trigger: string;
  delivery_id: string;
  job_id: string;
  summary: string | null;
  posted_review_id: string | null;
  posted_review_url: string | null;
  attempts: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  stages: StageRecord[];
  usage: UsageRecord | null;
}

interface SuggestionRow {
  review_id: string;
  path: string;
  line: number;
  severity: SuggestionRecord['severity'];
  category: string;
  rule_id: string;
  message: string;
  source: SuggestionRecord['source'];
  fingerprint: string | null;
}

export interface ReviewPage {
  items: ReviewRecord[];
  nextCursor: string | null;
}

/** Outcome of claiming a review for an attempt. */
export type AttemptClaim =
  | { kind: 'claimed'; review: ReviewRecord }
  /** A redelivered or retried job whose review already finished: nothing to do again. */
  | { kind: 'finished'; review: ReviewRecord };

const COLUMNS = `id, status, status_reason, provider, repository, pull_request, head_sha, trigger, delivery_id,
  job_id, summary, posted_review_id, posted_review_url, attempts, created_at, started_at, finished_at, stages, usage`;

/**
 * What get and list read: the usage summed over every model call stored for the review (llm_calls), its
 * interrupted or failed attempts' too, so a review shows what it cost; the stored usage (the completing
 * attempt's) when no call was stored.
 */
const READ_COLUMNS = COLUMNS.replace(
  /, usage$/,
  `, COALESCE((SELECT jsonb_build_object('llmCalls', count(*), 'inputTokens', sum(c.input_tokens),
      'outputTokens', sum(c.output_tokens), 'cachedInputTokens', sum(c.cached_input_tokens),
      'costUsd', CASE WHEN bool_or(c.cost_usd IS NULL) THEN NULL ELSE sum(c.cost_usd) END)
    FROM llm_calls c WHERE c.review_id = reviews.id HAVING count(*) > 0), usage) AS usage`,
);

/** The posted review of a head ($1 provider, $2 repository, $3 pull request, $4 head): headHistory. */
const POSTED_FOR_HEAD = `SELECT ${COLUMNS} FROM reviews
  WHERE provider = $1 AND lower(repository) = lower($2) AND pull_request = $3 AND head_sha = $4
    AND posted_review_id IS NOT NULL
  ORDER BY created_at LIMIT 1`;

/**
 * The head of the last completed, posted review on another head, every reviewer ok: not failed, nor
 * partial (files left unreviewed by a failure), so what they missed is sent again (same parameters).
 */
const LAST_REVIEWED_HEAD = `SELECT head_sha FROM reviews
  WHERE provider = $1 AND lower(repository) = lower($2) AND pull_request = $3 AND status = 'completed'
    AND posted_review_id IS NOT NULL AND head_sha IS NOT NULL AND head_sha <> $4
    AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(stages) AS stage
                    WHERE stage->>'name' LIKE 'reviewer:%' AND stage->>'outcome' IN ('failed', 'partial'))
  ORDER BY finished_at DESC LIMIT 1`;

type Nullable<T> = { [K in keyof T]: T[K] | null };

function toRecord(row: ReviewRow, suggestions: SuggestionRecord[]): ReviewRecord {
  return {
    id: row.id,
    status: row.status,
    statusReason: row.status_reason,
    provider: row.provider,
    repository: row.repository,
    pullRequest: row.pull_request,
    headSha: row.head_sha,
    trigger: row.trigger,
    deliveryId: row.delivery_id,
    jobId: row.job_id,
    summary: row.summary,
    postedReviewId: row.posted_review_id,
    postedReviewUrl: row.posted_review_url,
    attempts: row.attempts,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    suggestions,
    stages: row.stages,
    usage: row.usage,
  };
}

/** Reviews and their suggestions in PostgreSQL; used by the worker (writes) and the API (reads). */
export class ReviewRepository {
  private readonly leases: HeadLeaseOptions;

  constructor(
    private readonly pool: Pool,
    leases: Partial<HeadLeaseOptions> = {},
  ) {
    this.leases = { ...HEAD_LEASE_DEFAULTS, ...leases };
  }

  /** A manual review accepted by the API, before the worker takes it. Idempotent per job id. */
  async createQueued(request: ReviewRequest): Promise<ReviewRecord> {
    await this.pool.query(
      `INSERT INTO reviews (provider, repository, pull_request, head_sha, trigger, delivery_id, job_id, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued') ON CONFLICT (job_id) DO NOTHING`,
      [
        request.provider,
        request.repository,
        request.pullRequest,
        request.headSha ?? null,
        request.trigger,
        request.deliveryId,
        request.jobId,
      ],
    );
    return this.mustGetByJobId(request.jobId);
  }

  /**
   * Removes a manual review the API recorded but could not queue (Redis refused the job): the caller
   * answers 503 and nothing of the request remains. A review a worker already took is left alone.
   */
  async discardQueued(id: string): Promise<void> {
    await this.pool.query(`DELETE FROM reviews WHERE id = $1 AND status = 'queued' AND attempts = 0`, [id]);
  }

  /**
   * Called when the worker starts (or retries) a job: creates the review if the job is new, else marks
   * it running again — unless it already completed or was skipped, which the caller then leaves alone.
   * A failed review is reopened: its delivery came again (a redelivery after an outage).
   *
   * With `delivery`, a claimed attempt also records its delivery (as `recordDelivery`: the job's trigger
   * as the event, once per provider delivery) in the same statement — one round trip per review, not two.
   */
  async claimAttempt(request: ReviewRequest, delivery?: { receivedAt: string }): Promise<AttemptClaim> {
    const { rows } = await this.pool.query<ReviewRow>(
      `WITH claimed AS (
         INSERT INTO reviews (provider, repository, pull_request, head_sha, trigger, delivery_id, job_id, status, attempts, started_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'running', 1, now())
         ON CONFLICT (job_id) DO UPDATE
           SET status = 'running', attempts = reviews.attempts + 1, started_at = now(), status_reason = NULL,
               head_sha = COALESCE(reviews.head_sha, EXCLUDED.head_sha), finished_at = NULL
           WHERE reviews.finished_at IS NULL OR reviews.status = 'failed'
         RETURNING ${COLUMNS}
       ), delivered AS (
         INSERT INTO deliveries (provider, delivery_id, event, job_id, received_at)
         SELECT provider, delivery_id, trigger, job_id, $8::timestamptz FROM claimed WHERE $8::timestamptz IS NOT NULL
         ON CONFLICT (provider, delivery_id) DO NOTHING
       )
       SELECT * FROM claimed`,
      [
        request.provider,
        request.repository,
        request.pullRequest,
        request.headSha ?? null,
        request.trigger,
        request.deliveryId,
        request.jobId,
        delivery?.receivedAt ?? null,
      ],
    );
    const claimed = rows[0];
    if (claimed !== undefined) return { kind: 'claimed', review: toRecord(claimed, []) };
    return { kind: 'finished', review: await this.mustGetByJobId(request.jobId) };
  }

  async setHeadSha(id: string, headSha: string): Promise<void> {
    await this.pool.query('UPDATE reviews SET head_sha = $2 WHERE id = $1', [id, headSha]);
  }

  /**
   * What a review reads once it holds its head's lease, in one statement (one round trip): the review
   * already posted for this head commit of the pull request, if any; and the head of the pull request's
   * last completed, posted review on another head whose reviewers all succeeded — what an incremental
   * review compares the new head with (after a review in which a reviewer failed, the next one reviews
   * everything again).
   */
  async headHistory(
    provider: string,
    repository: string,
    pullRequest: number,
    headSha: string,
  ): Promise<{ posted: ReviewRecord | undefined; lastReviewedHead: string | undefined }> {
    const { rows } = await this.pool.query<Nullable<ReviewRow> & { last_reviewed_head: string | null }>(
      `SELECT posted.*, (${LAST_REVIEWED_HEAD}) AS last_reviewed_head
         FROM (SELECT 1) AS one LEFT JOIN LATERAL (${POSTED_FOR_HEAD}) AS posted ON true`,
      [provider, repository, pullRequest, headSha],
    );
    const row = rows[0];
    return {
      posted: row === undefined || row.id === null ? undefined : toRecord(row as ReviewRow, []),
      lastReviewedHead: row?.last_reviewed_head ?? undefined,
    };
  }

  /**
   * Stores the outcome of a finished review in one statement (atomic by itself, and one round trip): its
   * posted suggestions, every candidate with its disposition, its stages and its model usage.
   */
  async complete(
    id: string,
    outcome: {
      summary: string;
      suggestions: SuggestionInput[];
      postedReviewId: string | null;
      postedReviewUrl: string | null;
      statusReason?: string;
      candidates?: CandidateRecord[];
      stages?: StageRecord[];
      usage?: UsageRecord | null;
    },
  ): Promise<void> {
    const review = [
      id,
      outcome.summary,
      outcome.postedReviewId,
      outcome.postedReviewUrl,
      outcome.statusReason ?? null,
      JSON.stringify(outcome.stages ?? []),
      outcome.usage === undefined || outcome.usage === null ? null : JSON.stringify(outcome.usage),
    ];
    const suggestions = suggestionRows(outcome.suggestions, 1, review.length + 1);
    const candidates = candidateRows(
      outcome.candidates ?? [],
      1,
      review.length + suggestions.values.length + 1,
    );
    await this.pool.query(
      `WITH ${suggestions.ctes}, ${candidates.ctes}
       UPDATE reviews SET status = 'completed', status_reason = $5, summary = $2, posted_review_id = $3,
         posted_review_url = $4, finished_at = now(), stages = $6::jsonb, usage = $7::jsonb WHERE id = $1::uuid`,
      [...review, ...suggestions.values, ...candidates.values],
    );
  }

  /** The stages an attempt ran (a skipped or failed one too: the last attempt's are kept). */
  async recordStages(id: string, stages: readonly StageRecord[]): Promise<void> {
    await this.pool.query('UPDATE reviews SET stages = $2::jsonb WHERE id = $1', [
      id,
      JSON.stringify(stages),
    ]);
  }

  /** Every candidate the review's reviewers proposed, with its disposition, in the order they came. */
  async candidates(id: string): Promise<CandidateRecord[]> {
    return readCandidates(this.pool, id);
  }

  async skip(id: string, reason: string): Promise<void> {
    await this.finish(id, 'skipped', reason);
  }

  async fail(id: string, reason: string): Promise<void> {
    await this.finish(id, 'failed', reason);
  }

  /** The job behind a review failed for good outside the pipeline (it stalled too often, say). */
  async failByJobId(jobId: string, reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE reviews SET status = 'failed', status_reason = $2, finished_at = now() WHERE job_id = $1 AND finished_at IS NULL`,
      [jobId, reason],
    );
  }

  /** An attempt failed with a transient error and BullMQ will retry it. */
  async retrying(id: string, reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE reviews SET status = 'queued', status_reason = $2 WHERE id = $1 AND finished_at IS NULL`,
      [id, reason],
    );
  }

  async recordDelivery(delivery: {
    provider: string;
    deliveryId: string;
    event: string;
    jobId: string;
    receivedAt: string;
  }): Promise<void> {
    await this.pool.query(
      `INSERT INTO deliveries (provider, delivery_id, event, job_id, received_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (provider, delivery_id) DO NOTHING`,
      [delivery.provider, delivery.deliveryId, delivery.event, delivery.jobId, delivery.receivedAt],
    );
  }

  async get(id: string): Promise<ReviewRecord | undefined> {
    const { rows } = await this.pool.query<ReviewRow>(`SELECT ${READ_COLUMNS} FROM reviews WHERE id = $1`, [
      id,
    ]);
    const row = rows[0];
    if (row === undefined) return undefined;
    return toRecord(row, (await this.suggestionsFor([row.id])).get(row.id) ?? []);
  }

  /** Newest first, `limit` per page; `nextCursor` continues after the last item (null on the last page). */
  async list(filter: ReviewFilter, limit: number, cursor?: string): Promise<ReviewPage> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      values.push(value);
      where.push(sql.replace('?', `$${values.length}`));
    };
    if (filter.provider !== undefined) add('provider = ?', filter.provider);
    // GitHub (like the other providers) treats owner/name case-insensitively.
    if (filter.repository !== undefined) add('lower(repository) = lower(?)', filter.repository);
    if (filter.pullRequest !== undefined) add('pull_request = ?', filter.pullRequest);
    if (cursor !== undefined) {
      const after = decodeCursor(cursor);
      values.push(after.createdAt, after.id);
      where.push(`(created_at, id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
    }
    values.push(limit + 1);
    const { rows } = await this.pool.query<ReviewRow>(
      `SELECT ${READ_COLUMNS} FROM reviews ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT $${values.length}`,
      values,
    );
    const page = rows.slice(0, limit);
    const suggestions = await this.suggestionsFor(page.map((r) => r.id));
    const last = page[page.length - 1];
    return {
      items: page.map((row) => toRecord(row, suggestions.get(row.id) ?? [])),
      nextCursor:
        rows.length > limit && last !== undefined
          ? encodeCursor({ createdAt: last.created_at, id: last.id })
          : null,
    };
  }

  /**
   * Runs `work` while holding the lease on one pull-request head commit, so two workers reviewing the
   * same head (a redelivery and a comment command, say) post one review between them. No connection is
   * held while `work` runs; its signal aborts if the lease is lost meanwhile (withLease), so it must not post.
   */
  async withHeadLock<T>(
    key: { provider: string; repository: string; pullRequest: number; headSha: string },
    work: (lost: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const name = `${key.provider}:${key.repository.toLowerCase()}#${key.pullRequest}@${key.headSha}`;
    return withLease(this.pool, name, this.leases, work);
  }

  private async finish(id: string, status: 'failed' | 'skipped', reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE reviews SET status = $2, status_reason = $3, finished_at = now() WHERE id = $1 AND finished_at IS NULL`,
      [id, status, reason],
    );
  }

  private async mustGetByJobId(jobId: string): Promise<ReviewRecord> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM reviews WHERE job_id = $1', [
      jobId,
    ]);
    const review = rows[0] === undefined ? undefined : await this.get(rows[0].id);
    if (review === undefined) throw new Error(`review for job ${jobId} vanished`);
    return review;
  }

  private async suggestionsFor(ids: string[]): Promise<Map<string, SuggestionRecord[]>> {
    const byReview = new Map<string, SuggestionRecord[]>();
    if (ids.length === 0) return byReview;
    const { rows } = await this.pool.query<SuggestionRow>(
      `SELECT review_id, path, line, severity, category, rule_id, message, source, fingerprint FROM suggestions
       WHERE review_id = ANY($1::uuid[]) ORDER BY review_id, ordinal`,
      [ids],
    );
    for (const row of rows) {
      const list = byReview.get(row.review_id) ?? [];
      list.push({
        path: row.path,
        line: row.line,
        severity: row.severity,
        category: row.category,
        ruleId: row.rule_id,
        message: row.message,
        source: row.source,
        fingerprint: row.fingerprint,
      });
      byReview.set(row.review_id, list);
    }
    return byReview;
  }
}
