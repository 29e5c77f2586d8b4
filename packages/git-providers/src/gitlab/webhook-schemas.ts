import { z } from 'zod';
import { isValidGitlabPath } from '../repository-name';

/**
 * The parts of GitLab webhook bodies Kodus reads, and nothing more: GitLab adds fields freely, so the
 * rest passes through unchecked. Sources: docs.gitlab.com user/project/integrations/webhook_events.md
 * ("Merge request events", "Comment events") and the captured deliveries in test/fixtures/gitlab.
 */

const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'must be a full commit SHA (40 or 64 hex)');

export const envelope = z.object({ object_kind: z.string().min(1).max(64) });

/** The project the event happened in: the merge request's target project. */
export const project = z.object({
  id: z.number().int().positive(),
  path_with_namespace: z
    .string()
    .refine(isValidGitlabPath, 'must be a GitLab path: 2 to 21 segments of letters, digits, ".", "_" or "-"'),
});

/** `username` is absent from some older deliveries; bots are recognised by it when present. */
const user = z.object({ username: z.string().max(255).optional() }).nullish();

const lastCommit = z.object({ id: sha }).nullish();

export const mergeRequestHook = z.object({
  object_kind: z.literal('merge_request'),
  user,
  project,
  object_attributes: z.object({
    iid: z.number().int().positive(),
    action: z.string().max(64).optional(),
    state: z.string().max(32),
    /** Present only when the update pushed commits (the head before the push). */
    oldrev: sha.nullish(),
    /** `draft` since GitLab 14; `work_in_progress` before (and still sent, deprecated). */
    draft: z.boolean().nullish(),
    work_in_progress: z.boolean().nullish(),
    last_commit: lastCommit,
  }),
});

export const noteHook = z.object({
  object_kind: z.literal('note'),
  user,
  project,
  object_attributes: z.object({
    /** The note's id (unique on the instance); the delivery id when GitLab sends no delivery header. */
    id: z.number().int().positive().optional(),
    note: z.string().nullable(),
    noteable_type: z.string().max(64),
    /** `create` or `update`, since GitLab 16.11; absent before. */
    action: z.string().max(64).optional(),
    system: z.boolean().nullish(),
  }),
  /** Present when the note is on a merge request. */
  merge_request: z
    .object({
      iid: z.number().int().positive(),
      state: z.string().max(32),
      draft: z.boolean().nullish(),
      work_in_progress: z.boolean().nullish(),
      last_commit: lastCommit,
    })
    .nullish(),
});

export type MergeRequestHook = z.infer<typeof mergeRequestHook>;
export type NoteHook = z.infer<typeof noteHook>;
