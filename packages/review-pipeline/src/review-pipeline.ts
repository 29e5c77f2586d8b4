import { GitProviderError, type GitProviderClient, type RepositoryRef } from '@kodus/git-providers';
import type { Logger } from '@kodus/logger';
import type { ReviewRecord, ReviewRepository } from '@kodus/persistence';
import {
  PermanentJobError,
  RetryLaterError,
  type ReviewJob,
  reviewJobId,
  reviewJobSchema,
} from '@kodus/queue';
import {
  analyzeFiles,
  DEFAULT_SETTINGS,
  isIgnored,
  parseSettingsFile,
  type ReviewSettings,
  SettingsError,
} from '@kodus/review-engine';
import { inlineCommentBody, reviewMarker, summaryBody } from './review-comments';

export const SETTINGS_FILE = '.kodus.yml';

export type ReviewOutcome =
  | { status: 'completed'; reviewId: string; findings: number; postedReviewId: string }
  | { status: 'skipped'; reviewId: string; reason: string }
  /** The job's review had already finished (a redelivery or a retry after success): nothing done. */
  | { status: 'unchanged'; reviewId: string };

export interface ReviewPipelineDeps {
  reviews: ReviewRepository;
  clientFor: (job: ReviewJob) => GitProviderClient;
  logger: Logger;
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
  constructor(private readonly deps: ReviewPipelineDeps) {}

  async run(data: unknown, attempt: Attempt): Promise<ReviewOutcome> {
    const parsed = reviewJobSchema.safeParse(data);
    if (!parsed.success) throw new PermanentJobError(`invalid review job: ${parsed.error.message}`);
    const job = parsed.data;
    const repo: RepositoryRef = job.repository;
    const repository = `${repo.owner}/${repo.name}`;
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
      return await this.review(job, review, log);
    } catch (error) {
      const permanent =
        error instanceof PermanentJobError || (error instanceof GitProviderError && !error.retryable);
      const reason = error instanceof Error ? error.message : String(error);
      // A rate limit that resets later than BullMQ's backoff would retry: wait for the reset instead of
      // spending the attempts (the attempt count stays as it is).
      if (error instanceof GitProviderError && error.retryable && (error.retryAfterMs ?? 0) > 0) {
        await this.deps.reviews.retrying(review.id, `waiting for the provider: ${reason}`);
        throw new RetryLaterError(reason, error.retryAfterMs ?? 0);
      }
      if (permanent || attempt.last) {
        await this.deps.reviews.fail(review.id, reason);
        log.warn({ err: error }, 'review failed');
        throw permanent ? new PermanentJobError(reason, { cause: error }) : error;
      }
      await this.deps.reviews.retrying(review.id, `attempt ${review.attempts} failed, will retry: ${reason}`);
      throw error;
    }
  }

  private async review(job: ReviewJob, review: ReviewRecord, log: Logger): Promise<ReviewOutcome> {
    const client = this.deps.clientFor(job);
    const repo = job.repository;
    const number = job.pullRequest.number;
    const pr = await client.getPullRequest(repo, number);
    const skip = async (reason: string): Promise<ReviewOutcome> => {
      await this.deps.reviews.skip(review.id, reason);
      log.info({ reason }, 'review skipped');
      return { status: 'skipped', reviewId: review.id, reason };
    };
    if (pr.state !== 'open') return skip('the pull request is closed');
    const headSha = job.pullRequest.headSha ?? pr.headSha;
    if (headSha !== pr.headSha)
      return skip(`superseded: the pull request moved on to ${pr.headSha.slice(0, 12)}`);
    await this.deps.reviews.setHeadSha(review.id, headSha);

    const notes: string[] = [];
    // Settings come from the base branch: a pull request cannot switch off the analyzers that review it,
    // nor bring rules of its own (a hostile regex, say); a `.kodus.yml` change applies once merged.
    const settings = await this.settings(client, job, pr.baseSha, notes);
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
      const findings = await analyzeFiles(files, settings);
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
      // A review posted by an attempt that died before it could record it: record it, post nothing.
      const posted =
        (await client.findReviewByMarker(repo, number, reviewMarker(headSha))) ??
        (await client.postReview(repo, number, {
          commitSha: headSha,
          body: summary,
          comments: findings.map((f) => ({ path: f.path, line: f.line, body: inlineCommentBody(f) })),
        }));
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
    const parsed = reviewJobSchema.safeParse(data);
    if (parsed.success) await this.deps.reviews.failByJobId(reviewJobId(parsed.data), reason);
  }

  /** The repository's `.kodus.yml` at the head commit; invalid settings fall back to defaults, with a note. */
  private async settings(
    client: GitProviderClient,
    job: ReviewJob,
    headSha: string,
    notes: string[],
  ): Promise<ReviewSettings> {
    const text = await client.readFile(job.repository, SETTINGS_FILE, headSha);
    if (text === undefined) return DEFAULT_SETTINGS;
    try {
      return parseSettingsFile(text);
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      notes.push(`${SETTINGS_FILE} was ignored (defaults used): ${error.problems.join('; ')}`);
      return DEFAULT_SETTINGS;
    }
  }
}
