import { type RepositoryAt, UnreadableFileError } from '@kodus/git-providers';
import {
  DEFAULT_SETTINGS,
  parseSettingsFile,
  type ReviewSettings,
  SettingsError,
} from '@kodus/review-engine';
import { printable } from '../failure-reason';

export const SETTINGS_FILE = '.kodus.yml';
/** Of an invalid file's problems, the summary names this many, each at most this long. */
const MAX_PROBLEMS_SHOWN = 10;
const MAX_PROBLEM_CHARS = 300;

/**
 * Parsed `.kodus.yml` files by their text, shared between reviews: parsing one and compiling its globs and
 * rules costs ~5 ms of CPU, and every review against the same base reads the same text. Settings are
 * read-only once built (their compiled globs hang off them; regex rules are compiled per review, their
 * automata being large), so one object serves them all.
 * Bounded in entries and in the size of a text kept; a file that does not parse is parsed again each time
 * (its note must reach every summary).
 */
export class ParsedSettings {
  private readonly entries = new Map<string, ReviewSettings>();

  constructor(
    private readonly maxEntries = 128,
    private readonly maxTextLength = 64 * 1024,
  ) {}

  parse(text: string): ReviewSettings {
    const held = this.entries.get(text);
    if (held !== undefined) {
      // Most recently used last: a Map iterates in insertion order.
      this.entries.delete(text);
      this.entries.set(text, held);
      return held;
    }
    const settings = parseSettingsFile(text);
    if (text.length <= this.maxTextLength) {
      this.entries.set(text, settings);
      while (this.entries.size > this.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest === undefined) break;
        this.entries.delete(oldest);
      }
    }
    return settings;
  }

  /** Texts held now. */
  get size(): number {
    return this.entries.size;
  }
}

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
  parsed: ParsedSettings = new ParsedSettings(),
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
    return parsed.parse(text);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    // A file can hold thousands of problems: the first ones say what is wrong, within the summary's size.
    const shown = error.problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => printable(p, MAX_PROBLEM_CHARS));
    const more = error.problems.length - shown.length;
    return ignored(`${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`);
  }
}
