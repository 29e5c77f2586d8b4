import { type RepositoryAt, UnreadableFileError } from '@kodus/git-providers';
import {
  DEFAULT_SETTINGS,
  parseSettingsFile,
  type ReviewSettings,
  SettingsError,
} from '@kodus/review-engine';

export const SETTINGS_FILE = '.kodus.yml';

/**
 * Stage `load-settings`: the repository's `.kodus.yml` at the BASE commit — a pull request cannot switch
 * off the analyzers that review it, nor bring rules of its own (a hostile regex, say); a change applies
 * once merged (`base`: the repository at the base commit, cached between reviews — a commit's file never
 * changes). A file that cannot be used (invalid, unreadable YAML, a directory, over the provider's
 * limit) gives the defaults and a note in the summary.
 */
export async function loadSettings(
  base: Pick<RepositoryAt, 'readFile'>,
  notes: string[],
): Promise<ReviewSettings> {
  const ignored = (why: string) => {
    notes.push(`${SETTINGS_FILE} was ignored (defaults used): ${why}`);
    return DEFAULT_SETTINGS;
  };
  let text: string | undefined;
  try {
    text = await base.readFile(SETTINGS_FILE);
  } catch (error) {
    if (error instanceof UnreadableFileError) return ignored(error.message);
    throw error;
  }
  if (text === undefined) return DEFAULT_SETTINGS;
  try {
    return parseSettingsFile(text);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    return ignored(error.problems.join('; '));
  }
}
