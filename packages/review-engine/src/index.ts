export type {
  AddedLine,
  AnalyzerSwitches,
  Category,
  ChangedFileInput,
  DiffHunk,
  DiffLine,
  FileStatus,
  Finding,
  KodyRule,
  LlmCategory,
  LlmSettings,
  OversizedFilePolicy,
  ParsedFile,
  ReviewSettings,
  Severity,
  UserRule,
} from './types';
export { parsePatch } from './patch-parser';
export { parseUnifiedDiff } from './unified-diff-parser';
export { DEFAULT_IGNORE, DEFAULT_SETTINGS } from './default-settings';
export { parseSettingsFile, SettingsError } from './settings-file';
export { isIgnored } from './path-ignore';
export { analyzeFiles } from './analyze-files';
export { SEVERITIES, severityRank } from './severity';
export { createPathMatcher, type PathMatcher } from './glob-matcher';
export { LLM_CATEGORIES } from './settings-schema';
export * from './kody-rules';
export type {
  Candidate,
  Disposition,
  Reviewer,
  ReviewContext,
  ReviewerResult,
  ReviewerUsage,
  SuggestionCategory,
  SuggestionSource,
} from './reviewer';
export { AnalyzersReviewer, findingToCandidate } from './suggestions/analyzers-reviewer';
export * from './suggestions';
