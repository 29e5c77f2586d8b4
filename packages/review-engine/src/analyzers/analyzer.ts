import type { Finding, ParsedFile, ReviewSettings } from '../types';

/** One check run over the added lines of each reviewed file. */
export interface Analyzer {
  /** Stable prefix or name of the ruleIds it reports. */
  readonly name: string;
  isEnabled(settings: ReviewSettings): boolean;
  /** Findings land on added lines of `file` only. */
  analyze(file: ParsedFile, settings: ReviewSettings): Finding[] | Promise<Finding[]>;
}
