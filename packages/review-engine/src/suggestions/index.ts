export { anchorCandidate, filesByPath } from './anchor';
export { suggestionPolicyFrom } from './policy';
export { jaccard, SIMILAR_TEXT_THRESHOLD, similarText, tokenSet } from './similarity';
export {
  byPriority,
  capCandidates,
  countDispositions,
  filterCandidates,
  GENERIC_RULE_ID,
  shapeSuggestions,
  type PostedSuggestion,
  type ShapedCandidate,
  type ShapeInput,
  type SourcePolicy,
  type SuggestionPolicy,
} from './shape';
