import { z } from 'zod';

/**
 * The parts of Azure DevOps service-hook payloads Kodus reads, and nothing more (Azure adds fields
 * freely). Shapes: learn.microsoft.com/azure/devops/service-hooks/events (git.pullrequest.*,
 * ms.vss-code.git-pullrequest-comment-event) and the captured deliveries in test/fixtures/azure-devops.
 */

const containerRef = z.object({ id: z.string().optional(), baseUrl: z.string().optional() }).optional();

/** Every delivery: the event's id (the delivery id), its type, and where it came from. */
export const envelope = z.object({
  id: z.string().min(1).max(200),
  eventType: z.string().min(1).max(200),
  resource: z.unknown(),
  resourceContainers: z
    .object({ collection: containerRef, account: containerRef, project: containerRef })
    .partial()
    .optional(),
});
export type Envelope = z.infer<typeof envelope>;

const identity = z
  .object({
    displayName: z.string().optional(),
    uniqueName: z.string().optional(),
    descriptor: z.string().optional(),
    isContainer: z.boolean().optional(),
  })
  .loose();
export type AzureIdentity = z.infer<typeof identity>;

const commitRef = z.object({ commitId: z.string().min(1).max(100) });

export const pullRequestResource = z.object({
  pullRequestId: z.number().int().positive(),
  status: z.string().min(1),
  isDraft: z.boolean().optional(),
  title: z.string().optional(),
  createdBy: identity.optional(),
  lastMergeSourceCommit: commitRef.optional(),
  repository: z.object({
    id: z.string().min(1),
    name: z.string().min(1),
    url: z.string().optional(),
    project: z.object({ id: z.string().optional(), name: z.string().min(1), url: z.string().optional() }),
  }),
});
export type PullRequestResource = z.infer<typeof pullRequestResource>;

export const commentEventResource = z.object({
  comment: z.object({
    id: z.number().int().optional(),
    content: z.string().nullish(),
    commentType: z.union([z.string(), z.number()]).optional(),
    isDeleted: z.boolean().optional(),
    author: identity.optional(),
    /** When it was posted, and when its text last changed (the two differ once it was edited). */
    publishedDate: z.string().nullish(),
    lastContentUpdatedDate: z.string().nullish(),
  }),
  pullRequest: pullRequestResource,
});
