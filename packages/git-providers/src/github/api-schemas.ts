import { z } from 'zod';

/** The parts of GitHub REST responses the client relies on (documented in GitHub's OpenAPI description). */

export const pullRequestResponse = z.object({
  number: z.number().int(),
  state: z.enum(['open', 'closed']),
  title: z.string(),
  body: z.string().nullable().optional(),
  /** Absent on older GitHub Enterprise Server versions. */
  draft: z.boolean().optional(),
  head: z.object({ sha: z.string().min(1) }),
  base: z.object({ sha: z.string().min(1) }),
});

export const diffEntryResponse = z.object({
  filename: z.string().min(1),
  previous_filename: z.string().optional(),
  status: z.enum(['added', 'removed', 'modified', 'renamed', 'copied', 'changed', 'unchanged']),
  patch: z.string().optional(),
  additions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
});

/** A directory answers with an array; a file, symlink or submodule with an object of that `type`. */
export const contentResponse = z.union([
  z.array(z.unknown()),
  z.object({
    type: z.string(),
    encoding: z.string().optional(),
    content: z.string().optional(),
  }),
]);

/** One entry of a contents API directory listing. */
export const directoryEntryResponse = z.object({ type: z.string(), path: z.string() });

/** Who wrote a review or comment: null for a deleted account ("ghost"). `type` is `Bot` for an app's bot user. */
const author = z.object({ id: z.number().int(), login: z.string(), type: z.string().optional() }).nullish();

export const reviewResponse = z.object({
  id: z.number().int(),
  body: z.string().nullable(),
  html_url: z.string().optional(),
  user: author,
});

/** `GET /user`: the account a token belongs to. */
export const authenticatedUserResponse = z.object({
  id: z.number().int(),
  login: z.string().min(1),
  type: z.string().optional(),
});

/** `GET /app` with the app's JWT: its slug names its bot user, `<slug>[bot]`. */
export const appResponse = z.object({ slug: z.string().min(1) });

export const installationTokenResponse = z.object({
  token: z.string().min(1),
  expires_at: z.iso.datetime({ offset: true }),
});

/** A pull request review comment (an inline comment); `line` is null once the line is outdated. */
export const reviewCommentResponse = z.object({
  id: z.number().int(),
  body: z.string(),
  path: z.string(),
  line: z.number().int().nullable().optional(),
  html_url: z.string().optional(),
  user: author,
  /** The review the comment belongs to (a review posted with comments holds them). */
  pull_request_review_id: z.number().int().nullish(),
});

/** `GET /compare/{base}...{head}`: `files` lists at most 300 files (then the comparison is incomplete). */
export const comparisonResponse = z.object({
  status: z.enum(['diverged', 'ahead', 'behind', 'identical']),
  files: z.array(diffEntryResponse).optional(),
});

export const repositoryInstallationResponse = z.object({ id: z.number().int().positive() });
