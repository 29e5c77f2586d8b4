import { z } from 'zod';

/** Files over this are not read (the GitHub client's limit too): a review needs no larger text. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * `GET .../src/{commit}/{path}?format=meta`: a file (`commit_file`, with its size and attributes) or a
 * directory (`commit_directory`). developer.atlassian.com/cloud/bitbucket/rest/api-group-source/
 */
export const fileMetaSchema = z
  .object({
    type: z.string(),
    size: z.number().int().nonnegative().optional(),
    attributes: z.array(z.string()).optional(),
  })
  .loose();

/** Why a path cannot be read as text, or undefined when it can. */
export function unreadableReason(meta: z.infer<typeof fileMetaSchema>): string | undefined {
  if (meta.type !== 'commit_file') return 'is a directory';
  const attributes = meta.attributes ?? [];
  // `link`: a symbolic link (its text is the target); `subrepository`: a submodule; `lfs`: a pointer.
  for (const attribute of ['binary', 'link', 'subrepository', 'lfs']) {
    if (attributes.includes(attribute)) return `is not a text file (${attribute})`;
  }
  if ((meta.size ?? 0) > MAX_FILE_BYTES) return 'is over 1 MB';
  return undefined;
}
