import { z } from 'zod';
import { RULE_GLOB_LIMITS, ruleGlobsProblem, ruleMatcher } from './rule-matcher';
import { parseYamlDocument } from '../settings-file';
import { SEVERITIES } from '../severity';
import type { KodyRule } from '../types';

/** Bounds on what a repository's rule files may cost a review (they are hostile input). */
export const KODY_RULE_LIMITS = {
  files: 200,
  fileChars: 32 * 1024,
  /**
   * The YAML between the "---" lines: what a rule needs (a title of 200 characters, its globs) fits well
   * within it, and 200 files of it parse in well under a second (200 of 32 KB took seconds).
   */
  frontMatterChars: 4 * 1024,
  bodyChars: 8_000,
  globs: RULE_GLOB_LIMITS.globs,
  /** Characters of one rule's globs together. */
  globChars: RULE_GLOB_LIMITS.chars,
} as const;

/** Where a repository keeps its Kody Rules. */
export const KODY_RULES_DIR = '.kody/rules';

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

const globs = z
  .union([z.string(), z.array(z.string(), { error: 'must be a glob or a list of globs' })], {
    error: 'must be a glob or a list of globs',
  })
  .transform((value) => (typeof value === 'string' ? [value] : value))
  .pipe(
    z
      .array(z.string().trim().min(1, 'must not hold an empty glob'))
      .max(KODY_RULE_LIMITS.globs, `must list at most ${KODY_RULE_LIMITS.globs} globs`),
  );

// Other keys (languages, buckets... from Kodus' rule library) are read and ignored.
const frontMatterSchema = z.object({
  title: z.string({ error: 'is required (a string)' }).trim().min(1, 'must not be empty').max(200),
  scope: z.enum(['file', 'pull-request'], { error: 'must be file or pull-request' }).optional(),
  path: globs.optional(),
  severity_min: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }).optional(),
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
});

/** A rule file's id: its path under `.kody/rules` without `.md`. */
export function ruleIdOf(path: string): string {
  const inside = path.startsWith(`${KODY_RULES_DIR}/`) ? path.slice(KODY_RULES_DIR.length + 1) : path;
  return inside.replace(/\.md$/i, '');
}

export type RuleFileOutcome = { rule: KodyRule } | { disabled: true } | { problem: string };

/**
 * One `.kody/rules/**.md` file: YAML front matter (`title`, `scope`, `path`, `severity_min`, `enabled`)
 * and a Markdown body (the rule, with its Bad/Good examples). Never throws: a file that cannot be used
 * gives a problem naming the file, for the review's summary.
 */
export function parseRuleFile(path: string, text: string): RuleFileOutcome {
  const problem = (what: string): RuleFileOutcome => ({ problem: `${path}: ${what}` });
  if (text.length > KODY_RULE_LIMITS.fileChars) {
    return problem(`is ${text.length} characters; at most ${KODY_RULE_LIMITS.fileChars} are read`);
  }
  const match = FRONT_MATTER.exec(text);
  if (!match) return problem('has no front matter (a "---" block with at least a title)');
  const frontMatter = match[1] ?? '';
  if (frontMatter.length > KODY_RULE_LIMITS.frontMatterChars) {
    return problem(
      `front matter is ${frontMatter.length} characters; at most ${KODY_RULE_LIMITS.frontMatterChars}`,
    );
  }
  const doc = parseYamlDocument(frontMatter);
  if (doc.errors.length > 0) return problem(`front matter is not valid YAML: ${doc.errors[0]?.message}`);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 10 }) ?? {};
  } catch (error) {
    return problem(`front matter cannot be read: ${(error as Error).message}`);
  }
  const parsed = frontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(front matter)'} ${i.message}`);
    return problem(issues.join('; '));
  }
  const front = parsed.data;
  if (front.enabled === false) return { disabled: true };
  const paths = front.path ?? [];
  const tooMany = ruleGlobsProblem(paths);
  if (tooMany !== undefined) return problem(`path has ${tooMany}`);
  try {
    // Compiled here, once: later matches of this rule reuse it.
    ruleMatcher(paths);
  } catch (error) {
    return problem(`path is not a valid glob: ${(error as Error).message}`);
  }
  const body = text.slice(match[0].length).trim();
  if (body.length === 0) return problem('has no rule text after the front matter');
  if (body.length > KODY_RULE_LIMITS.bodyChars) {
    return problem(`rule text is ${body.length} characters; at most ${KODY_RULE_LIMITS.bodyChars}`);
  }
  return {
    rule: {
      id: ruleIdOf(path),
      title: front.title,
      scope: front.scope ?? 'file',
      paths,
      severityMin: front.severity_min ?? 'low',
      body,
      origin: path,
    },
  };
}
