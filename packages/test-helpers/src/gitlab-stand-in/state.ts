/** The in-memory world the GitLab stand-in serves: projects, merge requests and their diff versions, files, notes. */

export interface StandInGitlabProject {
  id: number;
  /** `path_with_namespace`: `group/subgroup/project`. */
  path: string;
}

/** One file of a diff, as `/merge_requests/:iid/diffs` and `/repository/compare` list it. */
export interface StandInDiffFile {
  newPath: string;
  /** Defaults to `newPath`. */
  oldPath?: string;
  /** Unified-diff hunks from the first `@@` (GitLab sends no `---`/`+++` lines); absent: binary or too large. */
  diff?: string;
  newFile?: boolean;
  deletedFile?: boolean;
  renamedFile?: boolean;
  tooLarge?: boolean;
  collapsed?: boolean;
}

export type StandInMergeRequestState = 'opened' | 'closed' | 'merged' | 'locked';

export interface StandInMergeRequestInput {
  iid: number;
  headSha: string;
  /** The merge base of source and target: `diff_refs.base_sha`. */
  baseSha: string;
  /** The target branch head when the diff was made: `diff_refs.start_sha` (default: baseSha). */
  startSha?: string;
  title?: string;
  description?: string;
  draft?: boolean;
  state?: StandInMergeRequestState;
  sourceBranch?: string;
  targetBranch?: string;
  author?: string;
  files?: StandInDiffFile[];
}

/** One diff version of a merge request: what a position's base/start/head SHAs must name. */
export interface StandInDiffVersion {
  id: number;
  baseSha: string;
  startSha: string;
  headSha: string;
  files: StandInDiffFile[];
}

export interface StandInPosition {
  positionType: string;
  baseSha: string;
  startSha: string;
  headSha: string;
  oldPath: string;
  newPath: string;
  oldLine: number | null;
  newLine: number | null;
}

export interface StandInNote {
  id: number;
  body: string;
  author: string;
  system: boolean;
  createdAt: string;
  position?: StandInPosition;
}

export interface StandInDiscussion {
  id: string;
  individualNote: boolean;
  notes: StandInNote[];
}

export interface StandInMergeRequest extends Required<Omit<StandInMergeRequestInput, 'files' | 'startSha'>> {
  id: number;
  startSha: string;
  /** Oldest first; the last one is the current diff. */
  versions: StandInDiffVersion[];
  discussions: StandInDiscussion[];
  createdAt: string;
  updatedAt: string;
}

/** The lines of a diff a text position may name: added (new only), removed (old only), context (both). */
export function diffLines(diff: string | undefined): {
  added: Set<number>;
  removed: Set<number>;
  context: Map<number, number>;
} {
  const added = new Set<number>();
  const removed = new Set<number>();
  const context = new Map<number, number>(); // new line → old line
  let oldLine = 0;
  let newLine = 0;
  for (const line of (diff ?? '').split('\n')) {
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk !== null) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
    } else if (line.startsWith('+')) added.add(newLine++);
    else if (line.startsWith('-')) removed.add(oldLine++);
    else if (line.startsWith(' ')) context.set(newLine++, oldLine++);
  }
  return { added, removed, context };
}
