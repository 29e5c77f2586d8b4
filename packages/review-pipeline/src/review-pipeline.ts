import {
  GitProviderError,
  type LegacyGitProviderClient as GitProviderClient,
  UnreadableFileError,
} from '@kodus/git-providers';
import type { Logger } from '@kodus/logger';
import type { ReviewRecord, ReviewRepository } from '@kodus/persistence';
import {
  PermanentJobError,
  RetryLaterError,
  type ReviewJob,
  repositoryFullName,
  reviewJobId,
  upgradeReviewJob,
} from '@kodus/queue';
import {
  analyzeFiles,
  DEFAULT_SETTINGS,
  isIgnored,
  parseSettingsFile,
  type ReviewSettings,
  SettingsError,
} from '@kodus/review-engine';
import { isPermanent, printable, reasonFor } from './failure-reason';
import { describeInvalidJob, recordInvalidJob } from './invalid-job';
import { legacyRepositoryRef } from './provider-clients';
import { inlineCommentBody, reviewMarker, summaryBody } from './review-comments';
import { ReviewDeadlines } from './review-deadline';

export const SETTINGS_FILE = '.kodus.yml';

export type ReviewOutcome =
  | { status: 'completed'; reviewId: string; findings: number; postedReviewId: string }
  | { status: 'skipped'; reviewId: string; reason: string }
  /** The job's review had already finished (a redelivery or a retry after success): nothing done. */
  | { status: 'unchanged'; reviewId: string };

/** Default deadline of one review attempt (REVIEW_TIMEOUT_MS). */
export const DEFAULT_REVIEW_TIMEOUT_MS = 300_000;

export interface ReviewPipelineDeps {
  reviews: ReviewRepository;
  clientFor: (job: ReviewJob) => GitProviderClient;
  logger: Logger;
  /** One attempt's deadline; past it the attempt fails as retryable (default 5 minutes). */
  reviewTimeoutMs?: number;
}

export interface Attempt {
  /** True when a failure now will not be retried. */
  last: boolean;
}

/**
 * One review job, end to end, as named stages: claim → resolve the head → settings → skip rules →
 * fetch changed files → analyze → post once → persist. Safe to re-run: a retried, redelivered or
 * repeated job never posts a second review for the same head commit.
 */
export class ReviewPipeline {
  private readonly deadlines: ReviewDeadlines;

  constructor(private readonly deps: ReviewPipelineDeps) {
    this.deadlines = new ReviewDeadlines(deps.reviewTimeoutMs ?? DEFAULT_REVIEW_TIMEOUT_MS);
  }

  /** Attempts past their deadline whose work has not stopped yet: the worker is unhealthy meanwhile. */
  overdueReviews(): number {
    return this.deadlines.overdue;
  }

  async run(data: unknown, attempt: Attempt): Promise<ReviewOutcome> {
    const parsed = upgradeReviewJob(data);
    if (!parsed.success) {
      // Hostile or broken input fails the same way every time: recorded as failed, never retried.
      const reason = describeInvalidJob(parsed.error);
      await recordInvalidJob(this.deps.reviews, data, reason);
      throw new PermanentJobError(reason);
    }
    const job = parsed.data;
    const repository = repositoryFullName(job.repository);
    const claim = await this.deps.reviews.claimAttempt({
      provider: job.provider,
      repository,
      pullRequest: job.pullRequest.number,
      trigger: job.trigger,
      deliveryId: job.deliveryId,
      jobId: reviewJobId(job),
      headSha: job.pullRequest.headSha,
    });
    if (claim.kind === 'finished') return { status: 'unchanged', reviewId: claim.review.id };
    const review = claim.review;
    const log = this.deps.logger.child({
      reviewId: review.id,
      repository,
      pullRequest: job.pullRequest.number,
    });
    if (!job.deliveryId.startsWith('manual-')) {
      await this.deps.reviews.recordDelivery({
        provider: job.provider,
        deliveryId: job.deliveryId,
        event: job.trigger,
        jobId: review.jobId,
        receivedAt: job.receivedAt,
      });
    }
    try {
      return await this.deadlines.run((signal) => this.review(job, review, log, signal));
    } catch (error) {
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
    }
  }

  /** The stages; `signal` aborts at the deadline, and each checkpoint stops the abandoned work there. */
  private async review(
    job: ReviewJob,
    review: ReviewRecord,
    log: Logger,
    signal: AbortSignal,
  ): Promise<ReviewOutcome> {
    const client = this.deps.clientFor(job);
    const repo = legacyRepositoryRef(job.repository);
    const number = job.pullRequest.number;
    const pr = await client.getPullRequest(repo, number);
    const skip = async (reason: string): Promise<ReviewOutcome> => {
      signal.throwIfAborted();
      await this.deps.reviews.skip(review.id, reason);
      log.info({ reason }, 'review skipped');
      return { status: 'skipped', reviewId: review.id, reason };
    };
    signal.throwIfAborted();
    if (pr.state !== 'open') return skip('the pull request is closed');
    const headSha = job.pullRequest.headSha ?? pr.headSha;
    if (headSha !== pr.headSha)
      return skip(`superseded: the pull request moved on to ${pr.headSha.slice(0, 12)}`);
    await this.deps.reviews.setHeadSha(review.id, headSha);

    const notes: string[] = [];
    // Settings come from the base branch: a pull request cannot switch off the analyzers that review it,
    // nor bring rules of its own (a hostile regex, say); a `.kodus.yml` change applies once merged.
    const settings = await this.settings(client, job, pr.baseSha, notes);
    signal.throwIfAborted();
    const explicit = job.trigger === 'command' || job.trigger === 'manual';
    if (pr.draft && !settings.reviewDrafts && !explicit) {
      return skip('draft pull request (set reviewDrafts: true in .kodus.yml to review drafts)');
    }

    const key = {
      provider: job.provider,
      repository: `${repo.owner}/${repo.name}`,
      pullRequest: number,
      headSha,
    };
    return this.deps.reviews.withHeadLock(key, async () => {
      const earlier = await this.deps.reviews.findPostedForHead(
        key.provider,
        key.repository,
        number,
        headSha,
      );
      if (earlier !== undefined && earlier.id !== review.id) {
        return skip(`head ${headSha.slice(0, 12)} was already reviewed (review ${earlier.id})`);
      }
      const files = await client.listChangedFiles(repo, number);
      // The files endpoint lists whatever the head is now: a push while they were listed would put the
      // new head's diff under this head's review. Still this head afterwards means they are this head's
      // (short of a force-push back to it within the listing).
      const current = await client.getPullRequest(repo, number);
      if (current.headSha !== headSha) {
        return skip(
          `superseded: the pull request moved on to ${current.headSha.slice(0, 12)} while its files were read`,
        );
      }
      const findings = await analyzeFiles(files, settings, { signal });
      const reviewed = files.filter(
        (f) => f.status !== 'removed' && f.patch !== undefined && !isIgnored(f.path, settings),
      );
      const summary = summaryBody({
        headSha,
        filesReviewed: reviewed.length,
        filesIgnored: files.length - reviewed.length,
        findings,
        notes,
      });
      const suggestions = findings.map((f) => ({
        path: f.path,
        line: f.line,
        severity: f.severity,
        category: f.category,
        ruleId: f.ruleId,
        message: f.message,
      }));
      signal.throwIfAborted();
      // A review posted by an attempt that died before it could record it: record it, post nothing.
      const posted =
        (await client.findReviewByMarker(repo, number, reviewMarker(headSha))) ??
        (await client.postReview(repo, number, {
          commitSha: headSha,
          body: summary,
          comments: findings.map((f) => ({ path: f.path, line: f.line, body: inlineCommentBody(f) })),
        }));
      // Even past the deadline: what was posted must be recorded, or a retry would look for it again.
      await this.deps.reviews.complete(review.id, {
        summary,
        suggestions,
        postedReviewId: posted.id,
        postedReviewUrl: posted.url ?? null,
      });
      log.info({ findings: findings.length, postedReviewId: posted.id }, 'review completed');
      return {
        status: 'completed',
        reviewId: review.id,
        findings: findings.length,
        postedReviewId: posted.id,
      };
    });
  }

  /** Records a failure BullMQ decided on its own (a job that stalled too often): the review is failed. */
  async recordFinalFailure(data: unknown, reason: string): Promise<void> {
    const parsed = upgradeReviewJob(data);
    if (parsed.success) await this.deps.reviews.failByJobId(reviewJobId(parsed.data), printable(reason));
  }

  /**
   * The repository's `.kodus.yml` at the base commit. A file that cannot be used (invalid, unreadable
   * YAML, a directory, over the provider's 1 MB) gives the defaults and a note in the summary.
   */
  private async settings(
    client: GitProviderClient,
    job: ReviewJob,
    baseSha: string,
    notes: string[],
  ): Promise<ReviewSettings> {
    const ignored = (why: string) => {
      notes.push(`${SETTINGS_FILE} was ignored (defaults used): ${why}`);
      return DEFAULT_SETTINGS;
    };
    let text: string | undefined;
    try {
      text = await client.readFile(legacyRepositoryRef(job.repository), SETTINGS_FILE, baseSha);
    } catch (error) {
      if (error instanceof UnreadableFileError) return ignored(error.message);
      throw error;
    }
    if (text === undefined) return DEFAULT_SETTINGS;
    try {
      return parseSettingsFile(text);
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      return ignored(error.problems.join('; '));
    }
  }
}
