import type { RepositoryRef } from './provider-types';

/** One file a pull request changes, with its unified-diff patch when the provider sends one. */
export interface ChangedFile {
  path: string;
  /** The old path of a renamed (or copied) file. */
  previousPath?: string;
  status: 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  /** Absent for binary files and for diffs too large for the provider to include. */
  patch?: string;
  additions: number;
  deletions: number;
}

export interface PullRequestDetails {
  number: number;
  headSha: string;
  baseSha: string;
  draft: boolean;
  state: 'open' | 'closed';
  title: string;
}

/** A comment on one line of the new version of a file (GitHub: `line` + `side: 'RIGHT'`). */
export interface InlineComment {
  path: string;
  line: number;
  body: string;
}

export interface PostedReview {
  id: string;
  url?: string;
}

export interface ReviewToPost {
  /** The head commit the review was computed for. */
  commitSha: string;
  body: string;
  comments: InlineComment[];
}

/** What the review worker needs from a git provider. Every method throws GitProviderError on failure. */
export interface GitProviderClient {
  getPullRequest(repo: RepositoryRef, number: number): Promise<PullRequestDetails>;
  /** Every changed file, across all pages. */
  listChangedFiles(repo: RepositoryRef, number: number): Promise<ChangedFile[]>;
  /** The text of `path` at `ref`, or undefined when there is no such file. */
  readFile(repo: RepositoryRef, path: string, ref: string): Promise<string | undefined>;
  /** The review whose body contains `marker`, for idempotent re-runs. */
  findReviewByMarker(repo: RepositoryRef, number: number, marker: string): Promise<PostedReview | undefined>;
  /** Posts one review (a summary body and inline comments) in a single request. */
  postReview(repo: RepositoryRef, number: number, review: ReviewToPost): Promise<PostedReview>;
}
