import type { ReviewRepository } from '@kodus/persistence';
import { reviewJobId, reviewJobSchema } from '@kodus/queue';
import { printable } from './failure-reason';

/** What a job must hold for its failure to be recorded on a review: which delivery it came from. */
const delivery = reviewJobSchema.pick({ provider: true, deliveryId: true });
const pullRequestNumber = reviewJobSchema.shape.pullRequest.shape.number;

interface Issues {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** One part of a repository name as received, made storable: escaped, bounded, never empty, no `/`. */
function storablePart(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '?';
  return printable(value, 100).replaceAll('/', '\\u002f');
}

/**
 * The repository's full name as received (version 1 `owner/name`, or a version 2 locator's parts), each
 * part made storable, joined as the provider's full name is.
 */
function storableRepository(repository: unknown): string {
  const parts = (...keys: string[]) => keys.map((key) => storablePart(field(repository, key))).join('/');
  switch (field(repository, 'provider')) {
    case 'gitlab': {
      const path = field(repository, 'path');
      const segments = typeof path === 'string' ? path.split('/').slice(0, 21) : [];
      return segments.length >= 2 ? segments.map(storablePart).join('/') : `?/${storablePart(path)}`;
    }
    case 'bitbucket':
      return parts('workspace', 'slug');
    case 'azure-devops':
      return parts('organization', 'project', 'repository');
    default:
      return parts('owner', 'name');
  }
}

/** "repository.name: must be ...; pullRequest.number: ..." with no input echoed. */
export function describeInvalidJob(error: Issues): string {
  const problems = error.issues.map(
    (issue) => `${issue.path.map(String).join('.') || '(job)'}: ${issue.message}`,
  );
  return printable(`invalid review job: ${problems.join('; ')}`);
}

/**
 * Records a job that breaks the contract (a NUL in a name, say) as a failed review with the reason,
 * when it says enough to be found again (provider, delivery id, pull request); false when it does not.
 */
export async function recordInvalidJob(
  reviews: ReviewRepository,
  data: unknown,
  reason: string,
): Promise<boolean> {
  const found = delivery.safeParse(data);
  const number = pullRequestNumber.safeParse(field(field(data, 'pullRequest'), 'number'));
  if (!found.success || !number.success) return false;
  const trigger = field(data, 'trigger');
  const claim = await reviews.claimAttempt({
    provider: found.data.provider,
    repository: storableRepository(field(data, 'repository')),
    pullRequest: number.data,
    trigger: typeof trigger === 'string' ? printable(trigger, 50) : 'unknown',
    deliveryId: found.data.deliveryId,
    jobId: reviewJobId(found.data),
  });
  if (claim.kind === 'claimed') await reviews.fail(claim.review.id, reason);
  return true;
}
