/** How urgent a finding is; `critical` first. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** What kind of problem a finding reports. `rule` is a repository's own rule from `.kodus.yml`. */
export type Category = 'security' | 'bug' | 'maintainability' | 'style' | 'rule';

export type FileStatus = 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';

/** One file of a pull request, as a Git provider lists it. */
export interface ChangedFileInput {
  path: string;
  previousPath?: string;
  status: FileStatus;
  /** GitHub's per-file unified patch: hunks only, starting at "@@", no ---/+++ headers. Absent for binary or huge files. */
  patch?: string;
}

/** A line the change added; `line` is its number in the NEW file (1-based). */
export interface AddedLine {
  line: number;
  content: string;
}

export interface DiffLine {
  kind: 'context' | 'added' | 'removed';
  /** The line's text without the leading marker and without the line ending. */
  content: string;
  oldLine?: number;
  newLine?: number;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export interface ParsedFile {
  path: string;
  previousPath?: string;
  status: FileStatus;
  hunks: DiffHunk[];
  addedLines: AddedLine[];
  /** Set by parseUnifiedDiff when git reported a binary change (no hunks). */
  binary?: boolean;
}

/** A repository's own check from `.kodus.yml`: a regex tested against each added line of matching files. */
export interface UserRule {
  id: string;
  /** Globs; a file must match one of them. */
  paths: string[];
  pattern: string;
  flags?: string;
  message: string;
  severity: Severity;
}

export interface AnalyzerSwitches {
  secrets: boolean;
  debugLeftovers: boolean;
  conflictMarkers: boolean;
}

export interface ReviewSettings {
  /** Globs of files never reviewed. */
  ignore: string[];
  rules: UserRule[];
  analyzers: AnalyzerSwitches;
  reviewDrafts: boolean;
  /** At most this many findings are returned, the most severe kept. */
  maxComments: number;
}

/** One problem on one added line of the new file. */
export interface Finding {
  path: string;
  line: number;
  severity: Severity;
  category: Category;
  ruleId: string;
  message: string;
}
