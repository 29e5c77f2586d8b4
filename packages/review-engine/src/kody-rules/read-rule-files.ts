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

/**
 * Fetches `.kody/rules/**.md` through the reader (bounded: the first KODY_RULE_LIMITS.files + 1 by path, so
 * `loadKodyRules` can report the excess), READS_AT_ONCE files at a time, in path order. Errors of the
 * reader propagate: the caller decides.
 */
export async function readKodyRuleFiles(reader: RepositoryReader): Promise<KodyRuleFile[]> {
  const paths = (await reader.listDirectory(KODY_RULES_DIR))
    .filter((p) => /\.md$/i.test(p))
    .sort()
    .slice(0, KODY_RULE_LIMITS.files + 1);
  const files: KodyRuleFile[] = [];
  for (let i = 0; i < paths.length; i += READS_AT_ONCE) {
    const chunk = paths.slice(i, i + READS_AT_ONCE);
    const texts = await Promise.all(chunk.map((path) => reader.readFile(path)));
    chunk.forEach((path, k) => {
      const text = texts[k];
      if (text !== undefined) files.push({ path, text });
    });
  }
  return files;
}
