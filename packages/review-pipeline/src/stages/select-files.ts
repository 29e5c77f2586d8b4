import type { ChangedFile, GitProviderClient, PinnedHead, RepositoryLocator } from '@kodus/git-providers';
import { isIgnored, type ParsedFile, parsePatch, type ReviewSettings } from '@kodus/review-engine';
import type { ReviewScope } from '../summary';

export interface SelectedFiles {
  /** Every reviewable changed file of the pull request, parsed: what suggestions are anchored to. */
  pullRequestFiles: ParsedFile[];
  /** What the reviewers get: all of the above, or on an incremental review only the hunks new since the last head. */
  reviewFiles: ParsedFile[];
  scope: ReviewScope;
  /** Changed files the reviewers cannot read (binary, or too large for the provider's diff). */
  unreviewed: string[];
  /** Ignored by `.kodus.yml` or removed. */
  ignored: number;
}

/**
 * Stage `select-files`: what is reviewed of the pull request's changed `files` at the pinned head (read by
 * resolve-head, or listed by the caller, which a push meanwhile makes a HeadMovedError). With `lastHead`
 * (the last reviewed head of this pull request) only the files changed since then, with the hunks of that
 * change, intersected with the pull request's files. A last head that is no ancestor any more (a
 * force-push) gives a full review, noted in the summary.
 */
export async function selectFiles(
  client: GitProviderClient,
  repo: RepositoryLocator,
  head: PinnedHead,
  settings: ReviewSettings,
  lastHead: string | undefined,
  files: readonly ChangedFile[],
): Promise<SelectedFiles> {
  const unreviewed: string[] = [];
  const pullRequestFiles: ParsedFile[] = [];
  let ignored = 0;
  for (const file of files) {
    if (file.status === 'removed' || isIgnored(file.path, settings)) ignored += 1;
    else if (file.patch === undefined) unreviewed.push(file.path);
    else pullRequestFiles.push(parsePatch(file));
  }
  if (lastHead === undefined) {
    return { pullRequestFiles, reviewFiles: pullRequestFiles, scope: { kind: 'full' }, unreviewed, ignored };
  }
  const since = await client.listChangedFilesBetween(repo, lastHead, head.headSha);
  if (since === undefined) {
    const scope: ReviewScope = { kind: 'force-push', since: lastHead };
    return { pullRequestFiles, reviewFiles: pullRequestFiles, scope, unreviewed, ignored };
  }
  const changed = new Map<string, ChangedFile>(since.map((f) => [f.path, f]));
  const reviewFiles = pullRequestFiles.flatMap((file) => {
    const newer = changed.get(file.path);
    if (newer === undefined) return [];
    // The push's own hunks; without them (too large for the compare) the pull request's.
    if (newer.patch === undefined) return [file];
    const parsed = parsePatch({ ...newer, path: file.path, status: file.status });
    if (file.previousPath !== undefined) parsed.previousPath = file.previousPath;
    return [parsed];
  });
  return {
    pullRequestFiles,
    reviewFiles,
    scope: { kind: 'incremental', since: lastHead },
    unreviewed: unreviewed.filter((path) => changed.has(path)),
    ignored,
  };
}
