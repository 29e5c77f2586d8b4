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

export const pullRequestPayload = z.object({
  action: z.string(),
  pull_request: z.object({
    number: z.number().int().positive(),
    state: z.enum(['open', 'closed']),
    /** Older GitHub Enterprise Server payloads have no `draft`. */
    draft: z.boolean().optional(),
    title: z.string().optional(),
    head: z.object({ sha: z.string().min(1) }),
    base: z.object({ sha: z.string().min(1) }),
  }),
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
  comment: z.object({
    body: z.string().nullable(),
    user: z.object({ login: z.string(), type: z.string().optional() }).nullable(),
  }),
  repository,
  installation,
  sender,
});
