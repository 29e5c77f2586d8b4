import { z } from 'zod';

/**
 * The review job contract between producers (webhook-handler, api) and the worker. Versioned: a worker
 * refuses (permanently) a version it does not know rather than guessing.
 */
export const REVIEW_JOB_VERSION = 1;

const deliveryId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,200}$/, 'must be 1-200 letters, digits, ".", "_" or "-"');

/**
 * One part of a repository's full name (an owner or a repository name): what GitHub allows, and never
 * `.` or `..`, which a URL would resolve into another API path. Control characters, lone surrogates,
 * spaces, `/` and `%` are all refused here, at the edge, so they never reach a provider call.
 */
export const REPOSITORY_NAME_PART = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,100}$/;
const namePart = z
  .string()
  .regex(REPOSITORY_NAME_PART, 'must be 1-100 letters, digits, ".", "_" or "-", and not "." or ".."');

export const reviewJobSchema = z.object({
  version: z.literal(REVIEW_JOB_VERSION),
  provider: z.enum(['github', 'gitlab', 'bitbucket', 'azure-devops']),
  /** The provider's delivery id (X-GitHub-Delivery...), or `manual-<uuid>` for an API trigger. */
  deliveryId,
  trigger: z.enum(['opened', 'synchronize', 'reopened', 'ready_for_review', 'command', 'manual']),
  repository: z.object({ owner: namePart, name: namePart }),
  pullRequest: z.object({
    number: z.number().int().positive().max(2147483647),
    /** Known for pull-request events; the worker looks it up for comment commands and manual runs. */
    headSha: z
      .string()
      .regex(/^[0-9a-f]{7,64}$/)
      .optional(),
    draft: z.boolean().optional(),
  }),
  installationId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  requestedBy: z.string().max(200).optional(),
  receivedAt: z.iso.datetime(),
});

export type ReviewJob = z.infer<typeof reviewJobSchema>;

/** One delivery → one job: the job id is derived from the provider and its delivery id. */
export function reviewJobId(job: Pick<ReviewJob, 'provider' | 'deliveryId'>): string {
  return `${job.provider}-${job.deliveryId}`;
}
