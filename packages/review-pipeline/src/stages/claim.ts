import { providerAdapter } from '@kodus/git-providers';
import type { ReviewRecord, ReviewRepository } from '@kodus/persistence';
import {
  PermanentJobError,
  type ReviewJob,
  repositoryFullName,
  reviewJobId,
  upgradeReviewJob,
} from '@kodus/queue';
import { describeInvalidJob, recordInvalidJob } from '../invalid-job';

export type Claim =
  | { kind: 'finished'; review: ReviewRecord }
  | { kind: 'claimed'; review: ReviewRecord; job: ReviewJob; repository: string };

/** The repository's full name as the provider's adapter writes it (stored with the review, shown by the API). */
export function fullNameOf(job: ReviewJob): string {
  return providerAdapter(job.provider)?.fullName(job.repository) ?? repositoryFullName(job.repository);
}

/**
 * Stage `claim`: the job validated (version 1 jobs upgraded), its review created or taken for this
 * attempt, its delivery recorded. A job that breaks the contract is recorded as failed and never retried.
 */
export async function claimJob(reviews: ReviewRepository, data: unknown): Promise<Claim> {
  const parsed = upgradeReviewJob(data);
  if (!parsed.success) {
    // Hostile or broken input fails the same way every time: recorded as failed, never retried.
    const reason = describeInvalidJob(parsed.error);
    await recordInvalidJob(reviews, data, reason);
    throw new PermanentJobError(reason);
  }
  const job = parsed.data;
  const repository = fullNameOf(job);
  // The provider's delivery recorded with the claim, in one statement (a manual run has none).
  const claim = await reviews.claimAttempt(
    {
      provider: job.provider,
      repository,
      pullRequest: job.pullRequest.number,
      trigger: job.trigger,
      deliveryId: job.deliveryId,
      jobId: reviewJobId(job),
      ...(job.pullRequest.headSha === undefined ? {} : { headSha: job.pullRequest.headSha }),
    },
    job.deliveryId.startsWith('manual-') ? undefined : { receivedAt: job.receivedAt },
  );
  if (claim.kind === 'finished') return claim;
  return { kind: 'claimed', review: claim.review, job, repository };
}
