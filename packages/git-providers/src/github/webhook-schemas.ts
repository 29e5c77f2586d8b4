import { z } from 'zod';
import { REPOSITORY_NAME_PART } from '../repository-name';

/**
 * The parts of GitHub webhook payloads Kodus uses, and nothing more: GitHub adds fields freely, so
 * everything else passes through unchecked.
 */

const namePart = z
  .string()
  .regex(REPOSITORY_NAME_PART, 'must be 1-100 letters, digits, ".", "_" or "-", and not "." or ".."');
const repository = z.object({
  name: namePart,
  owner: z.object({ login: namePart }),
});
const installation = z.object({ id: z.number().int().positive() }).optional();
const sender = z.object({ login: z.string() }).optional();

export const actionEnvelope = z.object({ action: z.string().min(1) });

const pullRequest = z.object({
  number: z.number().int().positive(),
  state: z.enum(['open', 'closed']),
  /** Older GitHub Enterprise Server payloads have no `draft`. */
  draft: z.boolean().optional(),
  title: z.string().optional(),
  head: z.object({ sha: z.string().min(1) }),
  base: z.object({ sha: z.string().min(1) }),
});

export const pullRequestPayload = z.object({
  action: z.string(),
  pull_request: pullRequest,
  repository,
  installation,
  sender,
});

/** A comment's (or a review's) text and author: `body` is null for a review submitted without text. */
const commentText = z.object({
  body: z.string().nullable(),
  user: z.object({ login: z.string(), type: z.string().optional() }).nullable(),
});

/** `pull_request_review_comment`: a comment on a line of the diff. */
export const reviewCommentPayload = z.object({
  action: z.string(),
  comment: commentText,
  pull_request: pullRequest,
  repository,
  installation,
  sender,
});

/** `pull_request_review`: a review, its text in `review.body`. */
export const reviewPayload = z.object({
  action: z.string(),
  review: commentText,
  pull_request: pullRequest,
  repository,
  installation,
  sender,
});

export const issueCommentPayload = z.object({
  action: z.string(),
  issue: z.object({
    number: z.number().int().positive(),
    state: z.string().optional(),
    draft: z.boolean().optional(),
    title: z.string().optional(),
    /** Present (an object of URLs) only when the issue is a pull request. */
    pull_request: z.object({}).loose().nullish(),
  }),
  comment: commentText,
  repository,
  installation,
  sender,
});
