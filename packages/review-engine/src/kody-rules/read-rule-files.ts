import { KODY_RULE_LIMITS, KODY_RULES_DIR } from './parse-rule-file';
import type { KodyRuleFile } from './load-kody-rules';

/** What reading rule files needs from a Git provider, pinned to one commit (the base of the pull request). */
export interface RepositoryReader {
  /** Paths of the files under `dir` at any depth; [] when it does not exist. */
  listDirectory(dir: string): Promise<string[]>;
  /** The file's text, or undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
}

/** Rule files read at once: a new base commit's rules arrive in a few round trips, not one per file. */
const READS_AT_ONCE = 8;
/** Where the providers' directory listings stop (LIST_DIRECTORY_LIMITS in @kodus/git-providers). */
export const RULE_LISTING_LIMIT = 1_000;

export interface KodyRuleFilesRead {
  /** The first KODY_RULE_LIMITS.files rule files by path, read. */
  files: KodyRuleFile[];
  /** What the summary says about those left out: too many rule files, a listing cut short. */
  problems: string[];
}

/**
 * Fetches `.kody/rules/**.md` through the reader (bounded: the first KODY_RULE_LIMITS.files by path),
 * READS_AT_ONCE files at a time, in path order, and says what it left out. Errors of the reader propagate:
 * the caller decides.
 */
export async function readKodyRuleFiles(reader: RepositoryReader): Promise<KodyRuleFilesRead> {
  const listed = await reader.listDirectory(KODY_RULES_DIR);
  const markdown = listed.filter((p) => /\.md$/i.test(p)).sort();
  const problems: string[] = [];
  if (listed.length >= RULE_LISTING_LIMIT) {
    problems.push(
      `${KODY_RULES_DIR}: its listing stopped at ${RULE_LISTING_LIMIT} files, so rule files past them may be missing (keep other files out of ${KODY_RULES_DIR})`,
    );
  }
  if (markdown.length > KODY_RULE_LIMITS.files) {
    problems.push(
      `${KODY_RULES_DIR}: ${markdown.length}${listed.length >= RULE_LISTING_LIMIT ? ' or more' : ''} rule files; only the first ${KODY_RULE_LIMITS.files} (by path) are read`,
    );
  }
  const paths = markdown.slice(0, KODY_RULE_LIMITS.files);
  const files: KodyRuleFile[] = [];
  for (let i = 0; i < paths.length; i += READS_AT_ONCE) {
    const chunk = paths.slice(i, i + READS_AT_ONCE);
    const texts = await Promise.all(chunk.map((path) => reader.readFile(path)));
    chunk.forEach((path, k) => {
      const text = texts[k];
      if (text !== undefined) files.push({ path, text });
    });
  }
  return { files, problems };
}
