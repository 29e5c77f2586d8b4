import { z } from 'zod';

/**
 * The parts of GitLab REST API v4 answers the client relies on (docs.gitlab.com/api/merge_requests,
 * /api/discussions, /api/notes, /api/repository_files, /api/repositories#compare); GitLab adds fields
 * freely, so the rest passes unchecked.
 */

const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/);

export const mergeRequestResponse = z.object({
  iid: z.number().int().positive(),
  title: z.string(),
  description: z.string().nullable(),
  state: z.enum(['opened', 'closed', 'merged', 'locked']),
  /** `draft` since GitLab 14.0; `work_in_progress` before (deprecated, still sent). */
  draft: z.boolean().optional(),
  work_in_progress: z.boolean().optional(),
  web_url: z.string().optional(),
  /** Null while GitLab is still preparing the merge request's first diff. */
  diff_refs: z.object({ base_sha: sha, start_sha: sha, head_sha: sha }).nullable(),
});

export const diffEntryResponse = z.object({
  old_path: z.string().min(1),
  new_path: z.string().min(1),
  diff: z.string().nullish(),
  new_file: z.boolean(),
  renamed_file: z.boolean(),
  deleted_file: z.boolean(),
  too_large: z.boolean().nullish(),
  collapsed: z.boolean().nullish(),
});

export const compareResponse = z.object({
  diffs: z.array(diffEntryResponse),
  compare_timeout: z.boolean().optional(),
  compare_same_ref: z.boolean().optional(),
});

export const commitResponse = z.object({ id: sha });

export const fileResponse = z.object({
  size: z.number().int().nonnegative(),
  encoding: z.string(),
  content: z.string(),
});

const position = z
  .object({
    position_type: z.string().optional(),
    new_path: z.string().nullish(),
    old_path: z.string().nullish(),
    new_line: z.number().int().nullish(),
    old_line: z.number().int().nullish(),
  })
  .nullish();

export const noteResponse = z.object({
  id: z.number().int(),
  body: z.string().nullable(),
  system: z.boolean().optional(),
  position,
  /** Who wrote the note (api/notes: `author.id`). */
  author: z.object({ id: z.number().int() }).nullish(),
});

/** `GET /user`: the account the token belongs to (a project or group token's bot user included). */
export const currentUserResponse = z.object({ id: z.number().int(), username: z.string().optional() });

export const discussionResponse = z.object({
  id: z.string(),
  individual_note: z.boolean().optional(),
  notes: z.array(noteResponse),
});
