import {
  type GitProviderClient,
  GitProviderError,
  HeadMovedError,
  type PostedComment,
  repositoryAt,
} from '@kodus/git-providers';
import type { Logger } from '@kodus/logger';
import { LeaseLostError, type ReviewRecord, type ReviewRepository } from '@kodus/persistence';
import {
  PermanentJobError,
  RetryLaterError,
  type ReviewJob,
  reviewJobId,
  upgradeReviewJob,
} from '@kodus/queue';
import {
  AnalyzersReviewer,
  type Reviewer,
  type ReviewSettings,
  type SuggestionPolicy,
  suggestionPolicyFrom,
} from '@kodus/review-engine';
import { ActiveReviews, ReviewTurn } from './active-reviews';
import { CommitCache } from './commit-cache';
import { isPermanent, printable, reasonFor } from './failure-reason';
import { ReviewDeadlines, ReviewInterruptedError } from './review-deadline';
import { type Claim, claimJob } from './stages/claim';
import { loadSettings, ParsedSettings } from './stages/load-settings';
import { publishReview } from './stages/publish';
import { recordReview } from './stages/record';
import { resolveHead } from './stages/resolve-head';
import { runReviewers } from './stages/run-reviewers';
import { selectFiles } from './stages/select-files';
import { shapeCandidates, type SuggestionRefiner } from './stages/shape-suggestions';
import { StageLog } from './stages/stage-log';
import { summaryBody } from './summary';

export { SETTINGS_FILE } from './stages/load-settings';

export type ReviewOutcome =
  /** `findings`: the comments this review posted (or found posted by an earlier attempt of it). */
  | { status: 'completed'; reviewId: string; findings: number; postedReviewId: string }
  | { status: 'skipped'; reviewId: string; reason: string }
  /** The job's review had already finished (a redelivery or a retry after success): nothing done. */
  | { status: 'unchanged'; reviewId: string };

/** Default deadline of one review attempt (REVIEW_TIMEOUT_MS). */
export const DEFAULT_REVIEW_TIMEOUT_MS = 300_000;

/**
 * The share of an attempt's deadline its reviewers may wait for models: past it, a model reviewer still
 * waiting stops and the review posts the other findings with a note, in the time left (a hanging model
 * costs its findings, not the review).
 */
export const REVIEWERS_DEADLINE_SHARE = 0.8;

export interface ReviewPipelineDeps {
  reviews: ReviewRepository;
  /** The provider-neutral client for the job's provider (ProviderClients.clientFor). */
  clientFor: (job: ReviewJob) => GitProviderClient;
  logger: Logger;
  /** Who reviews: the built-in analyzers by default; the LLM reviewer joins them here. */
  reviewers?: readonly Reviewer[];
  /** The shared stage's filters and caps from the settings (default: suggestionPolicyFrom — the llm settings for model candidates, maxComments for all). */
  suggestionPolicy?: (settings: ReviewSettings) => SuggestionPolicy;
  /** An optional model-based de-duplication pass (none by default). */
  refiner?: SuggestionRefiner;
  /** One attempt's deadline; past it the attempt fails as retryable (default 5 minutes). */
  reviewTimeoutMs?: number;
  /** Reads at base commits (`.kodus.yml`, Kody Rules) shared between reviews (default: one per pipeline). */
  commitCache?: CommitCache;
  /** Turns on the event loop: how many reviews work at once while it is busy (default: 4, ActiveReviews). */
  activeReviews?: ActiveReviews;
}

export interface Attempt {
  /** True when a failure now will not be retried. */
  last: boolean;
  /**
   * Aborted when the worker drains: model and provider calls in flight stop, and the review is left for a
   * later attempt (RetryLaterError, no attempt spent) — abort it with a ReviewInterruptedError.
   */
  signal?: AbortSignal;
}

/** How soon a review interrupted by a drain is taken again (by this worker's successor or another one). */
const INTERRUPTED_RETRY_MS = 1_000;

interface Claimed {
  job: ReviewJob;
  review: ReviewRecord;
  repository: string;
  log: Logger;
  stages: StageLog;
  /** The final write of the stages, when the review started it itself (a completed review, while its lease is let go). */
  stagesStored?: Promise<void>;
  /** The reviewers' bookkeeping still under way (their model calls' records): the attempt ends after it. */
  reviewersPending?: Promise<void>;
}

/**
 * One review job, end to end, as named stages (src/stages/, recorded on the review with their durations
 * and outcomes): claim → resolve-head → load-settings → select-files → run-reviewers → shape-suggestions
 * → publish → record. Safe to re-run: a retried, redelivered or repeated job never posts the same
 * comment or summary twice for one head (the head lease, then the provider's hidden keys).
 */
export class ReviewPipeline {
  private readonly deadlines: ReviewDeadlines;
  /** How long after an attempt starts its reviewers stop waiting for models (ReviewContext.deadline). */
  private readonly reviewersDeadlineMs: number;
  private readonly reviewers: readonly Reviewer[];
  private readonly commits: CommitCache;
  private readonly parsedSettings = new ParsedSettings();
  private readonly active: ActiveReviews;

  constructor(private readonly deps: ReviewPipelineDeps) {
    const timeoutMs = deps.reviewTimeoutMs ?? DEFAULT_REVIEW_TIMEOUT_MS;
    this.deadlines = new ReviewDeadlines(timeoutMs);
    this.reviewersDeadlineMs = Math.floor(timeoutMs * REVIEWERS_DEADLINE_SHARE);
    this.reviewers = deps.reviewers ?? [new AnalyzersReviewer()];
    this.commits = deps.commitCache ?? new CommitCache();
    this.active = deps.activeReviews ?? new ActiveReviews();
  }

  /** Attempts past their deadline whose work has not stopped yet: the worker is unhealthy meanwhile. */
  overdueReviews(): number {
    return this.deadlines.overdue;
  }

  async run(data: unknown, attempt: Attempt): Promise<ReviewOutcome> {
    const stages = new StageLog();
    // The review works in turns with the others (ActiveReviews), from its claim on: in a burst, the first
    // jobs' reviews go ahead while the rest wait in line. Its model calls let the turn go.
    const turn = new ReviewTurn(this.active, attempt.signal ?? new AbortController().signal);
    try {
      await turn.enter();
    } catch (error) {
      // A drain while it waited: nothing is claimed yet, and the job is taken again later.
      throw new RetryLaterError(printable(reasonFor(error)), INTERRUPTED_RETRY_MS);
    }
    let claim: Claim;
    try {
      claim = await stages.run(
        'claim',
        () => claimJob(this.deps.reviews, data),
        (c) => (c.kind === 'finished' ? 'unchanged' : 'ok'),
      );
    } catch (error) {
      turn.close();
      throw error;
    }
    if (claim.kind === 'finished') {
      turn.close();
      return { status: 'unchanged', reviewId: claim.review.id };
    }
    const { job, review, repository } = claim;
    const log = this.deps.logger.child({
      reviewId: review.id,
      repository,
      pullRequest: job.pullRequest.number,
    });
    const claimed: Claimed = { job, review, repository, log, stages };
    try {
      return await this.deadlines.run(async (signal) => {
        // Held until this work settles, even past the deadline (the caller has moved on by then).
        turn.abortWith(signal);
        // From the attempt's start, as its own deadline.
        const reviewersDeadline = new AbortController();
        const timer = setTimeout(() => reviewersDeadline.abort(), this.reviewersDeadlineMs);
        try {
          return await this.review(claimed, signal, turn, reviewersDeadline.signal);
        } finally {
          clearTimeout(timer);
          turn.close();
        }
      }, attempt.signal);
    } catch (error) {
      // A drain, or the head's lease lost (the review stopped before posting): not the review's fault, so
      // retried without spending an attempt (a retry finds the head reviewed if the other holder posted).
      if (error instanceof ReviewInterruptedError || error instanceof LeaseLostError) {
        await this.deps.reviews.retrying(review.id, `interrupted, will retry: ${error.message}`);
        throw new RetryLaterError(error.message, INTERRUPTED_RETRY_MS);
      }
      const permanent = isPermanent(error);
      const reason = reasonFor(error);
      // A rate limit that resets later than BullMQ's backoff would retry: wait for the reset instead of
      // spending the attempts (the attempt count stays as it is).
      if (error instanceof GitProviderError && error.retryable && (error.retryAfterMs ?? 0) > 0) {
        await this.deps.reviews.retrying(review.id, `waiting for the provider: ${reason}`);
        throw new RetryLaterError(reason, error.retryAfterMs ?? 0);
      }
      // The consumer logs the failure, once; only the stored outcome is recorded here.
      if (permanent || attempt.last) {
        await this.deps.reviews.fail(review.id, reason);
        throw permanent ? new PermanentJobError(reason, { cause: error }) : error;
      }
      await this.deps.reviews.retrying(review.id, `attempt ${review.attempts} failed, will retry: ${reason}`);
      throw error;
    } finally {
      await claimed.reviewersPending;
      // Stages of a skipped or failed attempt too; a completed review started this write itself.
      await (claimed.stagesStored ?? this.storeStages(claimed));
    }
  }

  /** The attempt's stages as they are now, on its review; a failure is logged, never thrown. */
  private storeStages({ review, stages, log }: Claimed): Promise<void> {
    return this.deps.reviews.recordStages(review.id, stages.list()).catch((error: unknown) => {
      log.warn({ err: error }, 'could not record the review stages');
    });
  }

  /** The stages after the claim; `signal` aborts at the deadline, and each checkpoint stops the abandoned work there. */
  private async review(
    claimed: Claimed,
    signal: AbortSignal,
    turn: ReviewTurn,
    reviewersDeadline: AbortSignal,
  ): Promise<ReviewOutcome> {
    const { job, review, repository, log, stages } = claimed;
    const client = this.deps.clientFor(job);
    const repo = job.repository;
    const skip = async (reason: string): Promise<ReviewOutcome> => {
      signal.throwIfAborted();
      await this.deps.reviews.skip(review.id, reason);
      log.info({ reason }, 'review skipped');
      return { status: 'skipped', reviewId: review.id, reason };
    };
    const resolved = await stages.run(
      'resolve-head',
      () => resolveHead(client, repo, job),
      (r) => (r.kind === 'skip' ? 'skipped' : 'ok'),
    );
    signal.throwIfAborted();
    if (resolved.kind === 'skip') return skip(resolved.reason);
    // The files, when resolve-head read them with the pull request.
    const { head, pullRequest, files: read } = resolved;
    // Settings and Kody Rules are read at the base commit, through reads shared between reviews.
    const base = this.commits.at(
      { provider: job.provider, repository, commit: head.baseSha },
      repositoryAt(client, repo, head.baseSha),
    );
    for (const reviewer of this.reviewers) reviewer.prepare?.(base);

    const notes: string[] = [];
    // A webhook's job names its head, which the claim stored; a job without one (a manual review, a comment
    // command) stores it here, while the settings are read and the head's lease is taken. It is awaited
    // before the review goes on; until then its failure is held, not unhandled.
    const headStored =
      review.headSha === head.headSha
        ? Promise.resolve()
        : this.deps.reviews.setHeadSha(review.id, head.headSha);
    headStored.catch(() => undefined);
    const settings = await stages.run('load-settings', () => loadSettings(base, notes, this.parsedSettings));
    signal.throwIfAborted();
    const explicit = job.trigger === 'command' || job.trigger === 'manual';
    if (pullRequest.draft && !settings.reviewDrafts && !explicit) {
      await headStored;
      return skip('draft pull request (set reviewDrafts: true in .kodus.yml to review drafts)');
    }

    const key = { provider: job.provider, repository, pullRequest: head.number, headSha: head.headSha };
    const attemptSignal = signal;
    return this.deps.reviews.withHeadLock(key, async (leaseLost) => {
      // Past here every checkpoint also stops the review if the head's lease was lost (PostgreSQL away
      // longer than its ttl, another worker took it over): two holders must not both post. Retried later.
      const signal = AbortSignal.any([attemptSignal, leaseLost]);
      // Both reads in one statement; the last reviewed head is unused on a skip.
      const [{ posted: earlier, lastReviewedHead: lastHead }] = await Promise.all([
        this.deps.reviews.headHistory(job.provider, repository, head.number, head.headSha),
        headStored,
      ]);
      if (earlier !== undefined && earlier.id !== review.id) {
        return skip(`head ${head.headSha.slice(0, 12)} was already reviewed (review ${earlier.id})`);
      }
      let selected;
      try {
        selected = await stages.run('select-files', async () => {
          const files = read ?? (await client.listChangedFiles(repo, head));
          return selectFiles(client, repo, head, settings, lastHead, files);
        });
      } catch (error) {
        // A push while the files were read: they may be the new head's, never posted under this one.
        if (error instanceof HeadMovedError) {
          return skip(
            `superseded: the pull request moved on to ${error.currentHeadSha.slice(0, 12)} while its files were read`,
          );
        }
        throw error;
      }
      signal.throwIfAborted();
      const reviewed = await stages.run('run-reviewers', () =>
        runReviewers(
          this.reviewers,
          {
            pullRequest: { title: pullRequest.title, description: pullRequest.description },
            files: selected.reviewFiles,
            settings,
            signal,
            deadline: reviewersDeadline,
            reviewId: review.id,
            repository,
            // Kody Rules (.kody/rules) are read where the settings are: at the base commit.
            base,
          },
          stages,
          turn,
        ),
      );
      claimed.reviewersPending = reviewed.pending;
      signal.throwIfAborted();
      // Listed once per attempt: the same list de-duplicates the candidates and tells publish what is
      // posted (the head's lease keeps any other review of this head from posting meanwhile).
      let postedComments: PostedComment[] = [];
      const shaped = await stages.run('shape-suggestions', async () => {
        postedComments = await client.listPostedComments(repo, head.number);
        return shapeCandidates({
          candidates: reviewed.candidates,
          files: selected.pullRequestFiles,
          postedComments,
          policy: (this.deps.suggestionPolicy ?? suggestionPolicyFrom)(settings),
          headSha: head.headSha,
          ...(this.deps.refiner === undefined ? {} : { refiner: this.deps.refiner }),
          signal,
          notes,
        });
      });
      const summary = summaryBody({
        headSha: head.headSha,
        scope: selected.scope,
        filesReviewed: selected.reviewFiles.length,
        unreviewed: selected.unreviewed,
        filesIgnored: selected.ignored,
        posted: shaped.filter((s) => s.disposition === 'posted').map((s) => s.candidate),
        alreadyPosted: shaped.filter((s) => s.disposition === 'dropped:already-posted').length,
        reviewers: this.reviewers.map((r) => r.name),
        failures: reviewed.failures,
        notes: [...notes, ...reviewed.notes],
      });
      signal.throwIfAborted();
      const published = await stages.run('publish', () =>
        publishReview(client, repo, head, shaped, summary, postedComments),
      );
      // Even past the deadline: what was posted must be recorded, or a retry would look for it again.
      await stages.run('record', () =>
        recordReview(this.deps.reviews, review.id, {
          summary,
          shaped,
          published,
          stages: stages.list(),
          usage: reviewed.usage,
        }),
      );
      // The record stage's own time, stored while the head's lease is let go (one round trip's wait for both).
      claimed.stagesStored = this.storeStages(claimed);
      const posted = shaped.filter((s) => s.disposition === 'posted').length;
      log.info(
        {
          findings: posted,
          candidates: shaped.length,
          scope: selected.scope.kind,
          failedReviewers: reviewed.failures.length,
        },
        'review completed',
      );
      return {
        status: 'completed',
        reviewId: review.id,
        findings: posted,
        postedReviewId: published.summaryId,
      };
    });
  }

  /** Records a failure BullMQ decided on its own (a job that stalled too often): the review is failed. */
  async recordFinalFailure(data: unknown, reason: string): Promise<void> {
    const parsed = upgradeReviewJob(data);
    if (parsed.success) await this.deps.reviews.failByJobId(reviewJobId(parsed.data), printable(reason));
  }
}
