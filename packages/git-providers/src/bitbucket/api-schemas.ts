import { z } from 'zod';

/**
 * The parts of Bitbucket Cloud API answers the client reads (developer.atlassian.com/cloud/bitbucket/rest/:
 * api-group-pullrequests, api-group-commits, api-group-source). Everything else passes unchecked.
 */

const hash = z.string().regex(/^[0-9a-f]{7,40}$/, 'must be a commit hash');

/** A pull request's side: its commit, and its repository (another one, a fork, for the source of some). */
const endpoint = z.object({
  commit: z.object({ hash }),
  repository: z.object({ full_name: z.string() }).nullish(),
});

export const pullRequestSchema = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  description: z.string().nullish(),
  state: z.enum(['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED']),
  draft: z.boolean().optional(),
  source: endpoint,
  destination: endpoint,
});
export type BitbucketPullRequest = z.infer<typeof pullRequestSchema>;

export const commitSchema = z.object({ hash: z.string().regex(/^[0-9a-f]{40}$/, 'must be a full SHA') });

const diffstatFile = z.object({ path: z.string() }).nullish();
export const diffstatEntrySchema = z.object({
  /** added, removed, modified, renamed; also "merge conflict", "local deleted", "remote deleted". */
  status: z.string(),
  lines_added: z.number().int().nonnegative().nullish(),
  lines_removed: z.number().int().nonnegative().nullish(),
  old: diffstatFile,
  new: diffstatFile,
});
export type DiffstatEntry = z.infer<typeof diffstatEntrySchema>;

/** An account as comments and `GET /user` name it: `uuid` (`{...}`) always, `account_id` for Atlassian accounts. */
export const accountSchema = z
  .object({ uuid: z.string().optional(), account_id: z.string().optional() })
  .loose();
export type BitbucketAccount = z.infer<typeof accountSchema>;

export const commentSchema = z.object({
  id: z.number().int(),
  user: accountSchema.nullish(),
  deleted: z.boolean().optional(),
  content: z.object({ raw: z.string().nullish() }).nullish(),
  inline: z.object({ path: z.string(), to: z.number().int().nullish() }).nullish(),
  links: z
    .object({ html: z.object({ href: z.string() }).optional() })
    .loose()
    .optional(),
});
export type BitbucketComment = z.infer<typeof commentSchema>;

/** What `GET .../src/{commit}/{path}` answers for a directory (a listing), instead of the file's text. */
export const directoryListingSchema = z.object({ values: z.array(z.unknown()) }).loose();
