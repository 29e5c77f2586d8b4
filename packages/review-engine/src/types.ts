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
  /** The LLM review's switches (`llm:` in `.kodus.yml`); used only when the worker has an LLM configured. */
  llm: LlmSettings;
  /** Kody Rules written in `.kodus.yml` (`kodyRules:`); those in `.kody/rules/**` are loaded beside them. */
  kodyRules: KodyRule[];
  /** Where the team keeps secrets (`secretStore:` in `.kodus.yml`, e.g. "AWS Secrets Manager"); named in secret findings' remediation. */
  secretStore?: string;
  /** Analyzer findings the team has reviewed and accepted (`allow:` in `.kodus.yml`): never posted. */
  allow: AllowList;
}

/**
 * What the offline analyzers (built-in and the repository's `rules:`) do not report. The LLM review is not
 * affected: its findings have no stable fingerprint.
 */
export interface AllowList {
  /** Files whose findings are accepted: all of them, or only those of the listed rules. */
  paths: AllowedPath[];
  /** Single findings accepted one by one, by their fingerprint (`kf1:` and 16 hex digits, see fingerprint.ts). */
  fingerprints: string[];
}

export interface AllowedPath {
  /** A glob, read like `ignore:` globs but case-sensitively. */
  path: string;
  /** Rule ids (`secrets/aws-access-key`) or prefixes (`secrets/*`); absent: every rule. */
  rules?: string[];
}

/** What a file over the LLM review's per-file limit gets: its last hunks left out, or no review. */
export type OversizedFilePolicy = 'clip' | 'skip';

/** The categories the LLM review may post (the contract's labels). */
export type LlmCategory = 'bug' | 'security' | 'performance' | 'maintainability' | 'style' | 'kody_rules';

export interface LlmSettings {
  enabled: boolean;
  /** Only these categories are posted. */
  categories: LlmCategory[];
  /** Nothing less severe is posted. */
  severityThreshold: Severity;
  /** At most this many LLM suggestions per review (after de-duplication, most severe first). */
  maxSuggestions: number;
  /** The language comments are written in, e.g. `en-US`. */
  language: string;
  /** Extra instructions to the model. */
  instructions?: string;
  files: {
    /** At most this many files go to the model (the largest changes first); the rest are named unreviewed. */
    maxFiles: number;
    /** A file with more changed lines than this is clipped or skipped. */
    maxLinesPerFile: number;
    oversized: OversizedFilePolicy;
  };
  /** Spend per calendar month (UTC) after which the LLM review is skipped, with a note; absent: none. */
  monthlyBudgetUsd?: number;
}

/** A repository's rule in plain language, applied by the model to matching files. */
export interface KodyRule {
  /** `.kody/rules/security/no-eval.md` gives `security/no-eval`; `.kodus.yml` names its own. */
  id: string;
  title: string;
  /** `file`: applied to each matching file; `pull-request`: to the change as a whole. */
  scope: 'file' | 'pull-request';
  /** Globs of the files it applies to; empty: every file. */
  paths: string[];
  /** A finding of this rule is posted with at least this severity. */
  severityMin: Severity;
  /** The rule's text, Bad/Good examples included (bounded). */
  body: string;
  /** Where it was read: the rule file's path, or `.kodus.yml`. */
  origin: string;
}

/** One problem on one added line of the new file. */
export interface Finding {
  path: string;
  line: number;
  severity: Severity;
  category: Category;
  ruleId: string;
  message: string;
  /**
   * A stable id of the finding that survives unrelated edits (see fingerprint.ts): set by the engine after
   * the analyzers ran, for `allow.fingerprints` in `.kodus.yml`.
   */
  fingerprint?: string;
}
