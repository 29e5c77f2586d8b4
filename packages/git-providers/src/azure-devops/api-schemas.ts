import { z } from 'zod';

/**
 * The parts of Azure DevOps Git REST answers the client reads (documented shapes: azure-devops-node-api's
 * `interfaces/GitInterfaces.d.ts` — GitPullRequest, GitPullRequestIteration, GitPullRequestIterationChanges,
 * GitCommitDiffs, GitItem, GitPullRequestCommentThread — and learn.microsoft.com/rest/api/azure/devops/git).
 * Enums arrive as their names (`"edit, rename"`, `"active"`).
 */

const commitRef = z.object({ commitId: z.string().regex(/^[0-9a-f]{40}$/i) });

export const pullRequestResponse = z.object({
  pullRequestId: z.number().int().positive(),
  status: z.string(),
  isDraft: z.boolean().optional(),
  title: z.string().optional(),
  description: z.string().nullish(),
  /** Absent while Azure computes the merge (right after a push) or when it failed. */
  lastMergeSourceCommit: commitRef.optional(),
  lastMergeTargetCommit: commitRef.optional(),
});

export const iterationResponse = z.object({
  id: z.number().int().positive(),
  sourceRefCommit: commitRef.optional(),
  targetRefCommit: commitRef.optional(),
  commonRefCommit: commitRef.optional(),
});
export const iterationList = z.object({ value: z.array(iterationResponse) });

const changedItem = z.object({
  path: z.string().optional(),
  gitObjectType: z.string().optional(),
  isFolder: z.boolean().optional(),
});

/** One change of an iteration (`changeEntries`) or of a commit diff (`changes`). */
export const changeEntry = z.object({
  changeTrackingId: z.number().int().optional(),
  item: changedItem.optional(),
  changeType: z.union([z.string(), z.number()]),
  originalPath: z.string().optional(),
  sourceServerItem: z.string().optional(),
});
export type ChangeEntry = z.infer<typeof changeEntry>;

export const iterationChangesResponse = z.object({
  changeEntries: z.array(changeEntry),
  nextSkip: z.number().int().optional(),
  nextTop: z.number().int().optional(),
});

export const commitDiffsResponse = z.object({
  allChangesIncluded: z.boolean().optional(),
  changes: z.array(changeEntry).optional(),
  commonCommit: z.string().optional(),
  behindCount: z.number().int().optional(),
  aheadCount: z.number().int().optional(),
});

export const itemResponse = z.object({
  path: z.string().optional(),
  gitObjectType: z.string().optional(),
  isFolder: z.boolean().optional(),
  content: z.string().optional(),
  contentMetadata: z.object({ isBinary: z.boolean().optional() }).loose().optional(),
});

const position = z.object({ line: z.number().int(), offset: z.number().int().optional() });

export const threadResponse = z.object({
  id: z.number().int(),
  isDeleted: z.boolean().optional(),
  threadContext: z
    .object({
      filePath: z.string().optional(),
      rightFileStart: position.nullish(),
      rightFileEnd: position.nullish(),
    })
    .nullish(),
  comments: z
    .array(
      z.object({
        id: z.number().int().optional(),
        content: z.string().nullish(),
        isDeleted: z.boolean().optional(),
        /** Who wrote the comment (an IdentityRef: `id` is the identity's GUID). */
        author: z.object({ id: z.string() }).loose().nullish(),
      }),
    )
    .optional(),
});
export type ThreadResponse = z.infer<typeof threadResponse>;

/** `GET {collection}/_apis/connectionData`: who the credential authenticated as. */
export const connectionDataResponse = z.object({
  authenticatedUser: z.object({ id: z.string().min(1) }).loose(),
});
