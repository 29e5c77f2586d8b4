/** The stand-in's in-memory Bitbucket Cloud: repositories, commits, pull requests, diffs, files, comments. */

export interface BitbucketRepository {
  workspace: string;
  slug: string;
}

export interface BitbucketChangedFile {
  /** The new path (the old one for a removal). */
  path: string;
  previousPath?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  /** Unified-diff hunks starting at `@@` (no headers). Absent for binary files. */
  patch?: string;
  binary?: boolean;
}

export interface BitbucketPullRequestInput {
  id: number;
  /** Full 40-character SHAs; the API shows 12-character ones in pull requests, as Bitbucket does. */
  headSha: string;
  baseSha: string;
  files?: BitbucketChangedFile[];
  title?: string;
  description?: string;
  draft?: boolean;
  state?: 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';
  /** The fork the source branch lives in (its commits are there only); default: the repository itself. */
  sourceRepository?: BitbucketRepository;
}

export interface BitbucketPullRequest extends Required<Omit<BitbucketPullRequestInput, 'sourceRepository'>> {
  sourceRepository?: BitbucketRepository;
  createdOn: string;
}

export interface BitbucketStandInComment {
  id: number;
  raw: string;
  inline?: { path: string; to?: number; from?: number };
  /** True when `inline.to` is not a line of the diff: Bitbucket keeps such a comment but shows it as outdated. */
  outsideDiff: boolean;
  author: string;
  deleted: boolean;
  createdOn: string;
}

export function repoKey(repo: BitbucketRepository): string {
  return `${repo.workspace}/${repo.slug}`;
}

/** Lines added and removed by a patch. */
export function countPatch(patch: string | undefined): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of (patch ?? '').split('\n')) {
    if (line.startsWith('+')) added += 1;
    else if (line.startsWith('-')) removed += 1;
  }
  return { added, removed };
}

/** New-side lines of a patch, added or context: where Bitbucket anchors an inline comment in the diff. */
export function diffLines(patch: string | undefined): Set<number> {
  const lines = new Set<number>();
  let next = 0;
  for (const line of (patch ?? '').split('\n')) {
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (header !== null) next = Number(header[1]);
    else if (line.startsWith('+') || line.startsWith(' ')) lines.add(next++);
  }
  return lines;
}

/** The plain-text `git diff` Bitbucket's diff endpoint answers for these files. */
export function renderDiff(files: readonly BitbucketChangedFile[]): string {
  const out: string[] = [];
  for (const file of files) {
    const oldPath = file.previousPath ?? file.path;
    out.push(`diff --git a/${oldPath} b/${file.path}`);
    if (file.status === 'added') out.push('new file mode 100644');
    if (file.status === 'removed') out.push('deleted file mode 100644');
    if (file.status === 'renamed') out.push(`rename from ${oldPath}`, `rename to ${file.path}`);
    out.push('index 1111111..2222222');
    const from = file.status === 'added' ? '/dev/null' : `a/${oldPath}`;
    const to = file.status === 'removed' ? '/dev/null' : `b/${file.path}`;
    if (file.binary === true || file.patch === undefined) {
      if (file.binary === true) out.push(`Binary files ${from} and ${to} differ`);
      continue;
    }
    out.push(`--- ${from}`, `+++ ${to}`, file.patch);
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
