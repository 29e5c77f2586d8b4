/** The in-memory world the GitHub stand-in serves: repositories, pull requests, file contents, reviews. */

export interface StandInRepository {
  owner: string;
  name: string;
}

export type StandInFileStatus =
  'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';

/** One changed file of a pull request, as the files endpoint lists it. */
export interface StandInChangedFile {
  filename: string;
  status?: StandInFileStatus;
  previousFilename?: string;
  /** Unified diff hunks (`@@ -a,b +c,d @@` ...), without the `diff --git` header, as GitHub sends them. */
  patch?: string;
  /** Counted from `patch` when left out. */
  additions?: number;
  deletions?: number;
}

export interface StandInPullRequestInput {
  number: number;
  headSha: string;
  baseSha: string;
  title?: string;
  body?: string;
  draft?: boolean;
  state?: 'open' | 'closed';
  headRef?: string;
  baseRef?: string;
  author?: string;
  files?: StandInChangedFile[];
}

export interface StandInPullRequest extends Required<Omit<StandInPullRequestInput, 'files'>> {
  files: StandInChangedFile[];
  /** Every head SHA the pull request has had: a review may name any of them as `commit_id`. */
  commits: string[];
  createdAt: string;
  updatedAt: string;
}

export interface StandInReviewComment {
  /** Given by the stand-in when the comment is stored. */
  id?: number;
  /** The review it belongs to; none for a single comment (POST /pulls/{n}/comments). */
  reviewId?: number;
  commitId?: string;
  user?: string;
  path: string;
  body: string;
  line?: number;
  side?: string;
  startLine?: number;
  startSide?: string;
  position?: number;
}

export interface StandInReview {
  id: number;
  body: string;
  commitId: string;
  /** The `event` the client sent (`COMMENT`, `APPROVE`, `REQUEST_CHANGES`), undefined for a pending review. */
  event?: string;
  state: string;
  user: string;
  submittedAt: string;
  comments: StandInReviewComment[];
}

export function repoKey(repo: StandInRepository): string {
  return `${repo.owner}/${repo.name}`.toLowerCase();
}

/** Counts added and removed lines of a unified-diff patch. */
export function countPatchLines(patch: string | undefined): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const line of (patch ?? '').split('\n')) {
    if (line.startsWith('+')) additions += 1;
    else if (line.startsWith('-')) deletions += 1;
  }
  return { additions, deletions };
}

/** The file lines a review comment may target on each side of a patch (context lines count on both). */
export function commentableLines(patch: string | undefined): { left: Set<number>; right: Set<number> } {
  const left = new Set<number>();
  const right = new Set<number>();
  let oldLine = 0;
  let newLine = 0;
  for (const line of (patch ?? '').split('\n')) {
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk !== null) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
    } else if (line.startsWith('+')) {
      right.add(newLine++);
    } else if (line.startsWith('-')) {
      left.add(oldLine++);
    } else if (line.startsWith(' ')) {
      left.add(oldLine++);
      right.add(newLine++);
    }
  }
  return { left, right };
}
