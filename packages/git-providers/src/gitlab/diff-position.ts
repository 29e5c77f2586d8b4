import type { ChangedFile } from '../adapter';
import { addedLines } from './diff-lines';

/**
 * Where a comment on `line` of `path` (new file) goes in a GitLab text position: on a line the merge
 * request added, with `new_line` alone (GitLab's rule for an added line: docs.gitlab.com/api/discussions
 * "Create a new thread in the merge request diff"; an unchanged line would also need `old_line`, a
 * removed one only `old_line`). Refused without asking GitLab when the diff shows the line is not an
 * added one; a file whose diff GitLab did not include (too large, collapsed) is left for GitLab to judge.
 */
export function placeOnNewSide(
  files: readonly ChangedFile[],
  path: string,
  line: number,
): { oldPath: string } | { refused: string } {
  const file = files.find((f) => f.path === path && f.status !== 'removed');
  if (file === undefined) return { refused: `${path} is not a file this merge request adds or changes` };
  const oldPath = file.previousPath ?? path;
  if (file.patch === undefined) {
    return file.status === 'added' || file.status === 'modified' || file.status === 'renamed'
      ? { oldPath }
      : { refused: `${path} has no diff lines` };
  }
  return addedLines(file.patch).has(line)
    ? { oldPath }
    : { refused: `line ${line} of ${path} is not a line this merge request adds` };
}
