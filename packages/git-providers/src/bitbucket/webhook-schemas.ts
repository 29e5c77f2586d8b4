import { z } from 'zod';
import { BITBUCKET_WORKSPACE, isValidRepositoryNamePart } from '../repository-name';

/**
 * The parts of Bitbucket Cloud webhook payloads Kodus reads, and nothing more (Bitbucket adds fields
 * freely). Shapes: support.atlassian.com/bitbucket-cloud/docs/event-payloads ("Pull request events").
 */

/** `repository.full_name` is `workspace/repo_slug`. */
export function isBitbucketFullName(value: string): boolean {
  const [workspace = '', slug = '', ...rest] = value.split('/');
  return rest.length === 0 && BITBUCKET_WORKSPACE.test(workspace) && isValidRepositoryNamePart(slug);
}
const fullName = z.string().max(201).refine(isBitbucketFullName, 'must be workspace/repository');

const repository = z.object({ full_name: fullName });
/** `app_user` is a Connect app or an access token (a bot); `team` a workspace acting as one. */
const account = z.object({ type: z.string().optional(), display_name: z.string().optional() }).loose();
const commit = z.object({ hash: z.string().regex(/^[0-9a-f]{7,40}$/, 'must be a commit hash') });

const pullRequest = z.object({
  id: z.number().int().positive(),
  state: z.string(),
  /** Absent from payloads sent before drafts existed (2023). */
  draft: z.boolean().optional(),
  source: z.object({ commit }),
  destination: z.object({ commit }).optional(),
});

export const pullRequestPayload = z.object({
  repository,
  pullrequest: pullRequest,
  actor: account.optional(),
});

export const pullRequestCommentPayload = z.object({
  repository,
  pullrequest: pullRequest,
  actor: account.optional(),
  comment: z.object({
    content: z.object({ raw: z.string().nullish() }),
    user: account.nullish(),
  }),
});
