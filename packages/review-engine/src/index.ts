export type {
  AddedLine,
  AllowedPath,
  AllowList,
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
export { analyzeFiles, type AnalyzerRun, runAnalyzers } from './analyze-files';
export { type AllowCheck, allowListCheck, applyAllowList } from './allow-list';
export {
  FINGERPRINT_PATTERN,
  fingerprintOf,
  normalizeFingerprintLine,
  withFingerprints,
} from './fingerprint';
export { SEVERITIES, severityRank } from './severity';
export { createPathMatcher, type PathMatcher } from './glob-matcher';
export { LLM_CATEGORIES, SETTINGS_LIMITS } from './settings-schema';
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
export { acceptedNote, AnalyzersReviewer, findingToCandidate } from './suggestions/analyzers-reviewer';
export * from './suggestions';
