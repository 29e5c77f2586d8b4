export {
  KODY_RULE_LIMITS,
  KODY_RULES_DIR,
  parseRuleFile,
  ruleIdOf,
  type RuleFileOutcome,
} from './parse-rule-file';
export {
  kodyRulesFor,
  kodyRulesForFile,
  loadKodyRules,
  type KodyRuleFile,
  type LoadedKodyRules,
} from './load-kody-rules';
export {
  type KodyRuleFilesRead,
  readKodyRuleFiles,
  RULE_LISTING_LIMIT,
  type RepositoryReader,
} from './read-rule-files';
export { ruleMatcher } from './rule-matcher';
