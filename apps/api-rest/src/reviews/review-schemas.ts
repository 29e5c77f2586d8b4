import { PROVIDER_NAMES } from '@kodus/git-providers';
import { z } from 'zod';

/** HTTP shapes of the reviews resource; validated on the way in, documented in OpenAPI from the same source. */

// Every provider Kodus knows by name; whether it is registered (reviewable) is the adapter registry's answer.
const provider = z.enum(PROVIDER_NAMES);
/**
 * A repository's full name as its provider writes it (GitHub `owner/name`, GitLab `group/subgroup/project`,
 * Bitbucket `workspace/repo`, Azure DevOps `organization/project/repo`, spaces allowed there): bounded,
 * printable text here; each provider's adapter then checks the name (`parseFullName`, a 400 when it refuses).
 */
const repository = z
  .string()
  .min(3)
  .max(1024)
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  .refine((value) => value.isWellFormed() && !/[\u0000-\u001f\u007f]/.test(value), 'must be printable text')
  .refine(
    (value) => value.includes('/'),
    'must be the full name (owner/name, group/project, org/project/repo)',
  )
  // No provider has empty, "." or ".." parts; refused before any adapter sees them (they would reach other API paths).
  .refine(
    (value) => value.split('/').every((part) => part !== '' && part !== '.' && part !== '..'),
    'must not have empty, "." or ".." parts',
  );

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
  /** An analyzer finding's fingerprint: add it to `allow.fingerprints` in `.kodus.yml` to accept it. */
  fingerprint: z.string().nullable(),
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
