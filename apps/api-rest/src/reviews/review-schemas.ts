import { REPOSITORY_NAME_PART } from '@kodus/queue';
import { z } from 'zod';

/** HTTP shapes of the reviews resource; validated on the way in, documented in OpenAPI from the same source. */

const provider = z.enum(['github', 'gitlab', 'bitbucket', 'azure-devops']);
// Each part as the review job contract allows it (never "." or ".."): refused here with a 400.
const repository = z
  .string()
  .max(201)
  .refine((value) => {
    const parts = value.split('/');
    return parts.length === 2 && parts.every((part) => REPOSITORY_NAME_PART.test(part));
  }, 'must be owner/name');

export const listReviewsQuery = z
  .object({
    provider: provider.optional(),
    repository: repository.optional(),
    pullRequest: z.coerce.number().int().positive().max(2147483647).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(500).optional(),
  })
  .strict();
export type ListReviewsQuery = z.infer<typeof listReviewsQuery>;

export const reviewIdParam = z.uuid({ error: 'review ids are UUIDs' });

export const createReviewBody = z
  .object({
    provider,
    repository,
    pullRequest: z.number().int().positive().max(2147483647),
  })
  .strict();
export type CreateReviewBody = z.infer<typeof createReviewBody>;

export const suggestionView = z.object({
  path: z.string(),
  line: z.number().int(),
  severity: z.enum(['critical', 'high', 'medium', 'low', 'info']),
  category: z.string(),
  ruleId: z.string(),
  message: z.string(),
  /** Who found it: a built-in analyzer, the LLM review, or a repository's regex rule. */
  source: z.enum(['analyzer', 'llm', 'rule']),
});

/** Model usage, summed from the providers' own reports; zeros when no model ran, `costUsd` null when a price is unknown. */
export const usageView = z.object({
  llmCalls: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number().nullable(),
});

/** One pipeline stage of the review's last attempt: its name, how long it took, how it ended. */
export const stageView = z.object({ name: z.string(), ms: z.number(), outcome: z.string() });

export const reviewView = z.object({
  id: z.uuid(),
  status: z.enum(['queued', 'running', 'completed', 'failed', 'skipped']),
  statusReason: z.string().nullable(),
  provider,
  repository: z.string(),
  pullRequest: z.number().int(),
  headSha: z.string().nullable(),
  trigger: z.string(),
  summary: z.string().nullable(),
  postedReviewUrl: z.string().nullable(),
  suggestions: z.array(suggestionView),
  usage: usageView,
  stages: z.array(stageView),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});
export type ReviewView = z.infer<typeof reviewView>;

export const reviewPageView = z.object({ items: z.array(reviewView), nextCursor: z.string().nullable() });

export const acceptedReviewView = z.object({ id: z.uuid(), jobId: z.string(), status: z.literal('queued') });

/** A zod schema as an OpenAPI 3 schema object, for @nestjs/swagger decorators. */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'output' }) as Record<string, unknown>;
}
