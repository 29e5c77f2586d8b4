import { z } from 'zod';
import { FINGERPRINT_PATTERN } from './fingerprint';
import { createPathMatcher } from './glob-matcher';
import {
  compileRulePattern,
  estimatePatternSize,
  RULE_FLAGS,
  RULE_PATTERN_MAX_SIZE,
  RulePatternError,
} from './rule-regex';
import { SEVERITIES } from './severity';

/** Limits that keep a repository's config from slowing every review down. */
export const SETTINGS_LIMITS = {
  maxComments: 1000,
  rules: 200,
  globs: 500,
  patternLength: 1000,
  /** Estimated RE2 instructions of one rule's pattern (see RULE_PATTERN_MAX_SIZE). */
  patternSize: RULE_PATTERN_MAX_SIZE,
  /** Estimated RE2 instructions of all the rules' patterns: ~50 ms to compile them at most. */
  rulesSize: 20_000,
  messageLength: 2000,
  maxSuggestions: 200,
  instructionsLength: 4000,
  kodyRules: 200,
  kodyRuleBodyLength: 8000,
  llmMaxFiles: 3000,
  llmMaxLinesPerFile: 100_000,
  allowPaths: 500,
  allowRulesPerPath: 100,
  allowFingerprints: 5000,
  secretStoreLength: 100,
} as const;

/** The LLM review's categories (the contract's labels). */
export const LLM_CATEGORIES = [
  'bug',
  'security',
  'performance',
  'maintainability',
  'style',
  'kody_rules',
] as const;

const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Run a refinement even when other parts of the value failed, so every problem is reported at once. */
const ALWAYS = { when: () => true };

const severity = z.enum(SEVERITIES, {
  error: `must be one of ${SEVERITIES.join(', ')}`,
});

const glob = z
  .string({ error: 'must be a glob string' })
  .trim()
  .min(1, 'must not be empty')
  .superRefine((value, ctx) => {
    try {
      createPathMatcher([value]);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `is not a valid glob: ${(error as Error).message}` });
    }
  });

const globList = z.array(glob, { error: 'must be a list of globs' }).max(SETTINGS_LIMITS.globs);

const ruleSchema = z
  .strictObject({
    id: z
      .string({ error: 'must be a string' })
      .regex(RULE_ID, 'must start with a letter or digit and use only letters, digits, "-", "_" and "."'),
    paths: globList.min(1, 'must list at least one glob').default(['**']),
    pattern: z
      .string({ error: 'must be a regular expression string' })
      .min(1, 'must not be empty')
      .max(SETTINGS_LIMITS.patternLength),
    flags: z
      .string({ error: 'must be a string of regex flags' })
      .regex(
        RULE_FLAGS,
        'may only hold the flags d, i, m, s, u, each once ("g", "y" and "v" are not supported)',
      )
      .optional(),
    message: z
      .string({ error: 'must be a string' })
      .trim()
      .min(1, 'must not be empty')
      .max(SETTINGS_LIMITS.messageLength)
      // Stored in PostgreSQL (which refuses NUL) and posted on the pull request.
      // eslint-disable-next-line no-control-regex -- control characters are what this refuses
      .regex(/^[^\u0000-\u0008\u000b-\u001f\u007f]*$/, 'must not hold control characters'),
    severity: severity.default('medium'),
  })
  .superRefine((rule, ctx) => {
    // Runs even when other fields failed to parse: check what is there.
    if (typeof rule?.pattern !== 'string') return;
    const flags = typeof rule.flags === 'string' && RULE_FLAGS.test(rule.flags) ? rule.flags : '';
    const id = typeof rule.id === 'string' ? rule.id : 'rule';
    try {
      // Before compiling: what all the patterns may cost together, counted rule by rule.
      const size = estimatePatternSize(rule.pattern);
      if (size <= SETTINGS_LIMITS.patternSize && rulesSize !== undefined) {
        if (rulesSize.used + size > SETTINGS_LIMITS.rulesSize) {
          throw new RulePatternError(
            `rule "${id}" is one too many: with the rules before it, the patterns come to about ` +
              `${rulesSize.used + size} RE2 instructions, at most ${SETTINGS_LIMITS.rulesSize} are allowed ` +
              'together (counted repetitions such as {n} cost the most)',
          );
        }
        rulesSize.used += size;
      }
      compileRulePattern(rule.pattern, flags, id);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: (error as Error).message });
    }
  }, ALWAYS);

/**
 * The instructions the rules of the file being parsed have used so far: reset as its `rules` list starts
 * (parsing is synchronous, so one file's rules are read together), so a rule's problem names it where it
 * is and compiling stops costing once the total is reached.
 */
let rulesSize: { used: number } | undefined;

const analyzersSchema = z.strictObject(
  {
    secrets: z.boolean({ error: 'must be true or false' }).optional(),
    debugLeftovers: z.boolean({ error: 'must be true or false' }).optional(),
    conflictMarkers: z.boolean({ error: 'must be true or false' }).optional(),
  },
  { error: 'must be a mapping of analyzer names to true/false' },
);

const noControl = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    // Sent to a model and stored; PostgreSQL refuses NUL.
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    .regex(/^[^\u0000-\u0008\u000b-\u001f\u007f]*$/, 'must not hold control characters');

const positiveInt = (max: number) =>
  z.int({ error: 'must be a whole number' }).min(1, 'must be at least 1').max(max, `must be at most ${max}`);

const llmSchema = z.strictObject(
  {
    enabled: z.boolean({ error: 'must be true or false' }).optional(),
    categories: z
      .array(z.enum(LLM_CATEGORIES, { error: `must be one of ${LLM_CATEGORIES.join(', ')}` }), {
        error: 'must be a list of categories',
      })
      .min(1, 'must list at least one category (set enabled: false to turn the LLM review off)')
      .optional(),
    severityThreshold: severity.optional(),
    maxSuggestions: positiveInt(SETTINGS_LIMITS.maxSuggestions).optional(),
    language: z
      .string({ error: 'must be a language tag such as en-US' })
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en-US or pt-BR')
      .optional(),
    instructions: noControl(SETTINGS_LIMITS.instructionsLength).optional(),
    files: z
      .strictObject(
        {
          maxFiles: positiveInt(SETTINGS_LIMITS.llmMaxFiles).optional(),
          maxLinesPerFile: positiveInt(SETTINGS_LIMITS.llmMaxLinesPerFile).optional(),
          oversized: z.enum(['clip', 'skip'], { error: 'must be clip or skip' }).optional(),
        },
        { error: 'must be a mapping with maxFiles, maxLinesPerFile and oversized' },
      )
      .optional(),
    monthlyBudgetUsd: z
      .number({ error: 'must be a number of US dollars' })
      .positive('must be more than 0')
      .max(1_000_000, 'must be at most 1000000')
      .optional(),
  },
  { error: 'must be a mapping of LLM review settings' },
);

/** Text put into posted messages: one line without control characters (C0, DEL, C1, line separators, bidi controls). */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const ONE_LINE_PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/;

/** A rule id (`secrets/aws-access-key`, `rules/no-todo`) or every rule under a prefix (`secrets/*`). */
const RULE_SELECTOR = /^[A-Za-z0-9][A-Za-z0-9_.-]*(\/[A-Za-z0-9][A-Za-z0-9_.-]*)*(\/\*)?$/;

const allowedPathSchema = z.union(
  [
    glob,
    z.strictObject({
      path: glob,
      rules: z
        .array(
          z
            .string({ error: 'must be a rule id' })
            .max(200, 'must be at most 200 characters')
            .regex(
              RULE_SELECTOR,
              'must be a rule id such as secrets/aws-access-key, or a prefix such as secrets/*',
            ),
          { error: 'must be a list of rule ids' },
        )
        .min(1, 'must list at least one rule id (leave rules out to accept every rule)')
        .max(
          SETTINGS_LIMITS.allowRulesPerPath,
          `must list at most ${SETTINGS_LIMITS.allowRulesPerPath} rule ids`,
        )
        .optional(),
    }),
  ],
  { error: 'must be a glob, or a mapping with path (a glob) and rules (a list of rule ids)' },
);

const allowSchema = z.strictObject(
  {
    paths: z
      .array(allowedPathSchema, { error: 'must be a list of globs' })
      .max(SETTINGS_LIMITS.allowPaths, `must list at most ${SETTINGS_LIMITS.allowPaths} paths`)
      .optional(),
    fingerprints: z
      .array(
        z
          .string({ error: 'must be a fingerprint string such as kf1:3b9a0c1d2e4f5a6b' })
          .trim()
          .regex(FINGERPRINT_PATTERN, 'must look like kf1:<16 hex digits>, as shown on the finding'),
        { error: 'must be a list of fingerprints' },
      )
      .max(
        SETTINGS_LIMITS.allowFingerprints,
        `must list at most ${SETTINGS_LIMITS.allowFingerprints} fingerprints`,
      )
      .optional(),
  },
  { error: 'must be a mapping with paths and fingerprints' },
);

/** A Kody Rule written in `.kodus.yml`; the same fields as a `.kody/rules` file's front matter. */
export const kodyRuleSettingSchema = z.strictObject(
  {
    id: z
      .string({ error: 'must be a string' })
      .regex(RULE_ID, 'must start with a letter or digit and use only letters, digits, "-", "_" and "."'),
    title: noControl(200),
    rule: z
      .string({ error: 'must be the rule text' })
      .trim()
      .min(1, 'must not be empty')
      .max(
        SETTINGS_LIMITS.kodyRuleBodyLength,
        `must be at most ${SETTINGS_LIMITS.kodyRuleBodyLength} characters`,
      ),
    scope: z.enum(['file', 'pull-request'], { error: 'must be file or pull-request' }).optional(),
    paths: globList.optional(),
    severityMin: severity.optional(),
    enabled: z.boolean({ error: 'must be true or false' }).optional(),
  },
  { error: 'must be a mapping with id, title and rule' },
);

/** The shape of a `.kodus.yml`. Every key is optional; unknown keys are errors. */
export const settingsFileSchema = z.strictObject(
  {
    ignore: globList.optional(),
    ignoreDefaults: z.boolean({ error: 'must be true or false' }).optional(),
    rules: z
      .preprocess(
        (rules) => {
          rulesSize = { used: 0 };
          return rules;
        },
        z.array(ruleSchema, { error: 'must be a list of rules' }).max(SETTINGS_LIMITS.rules),
      )
      .superRefine((rules, ctx) => {
        const seen = new Set<string>();
        rules.forEach((rule, index) => {
          // Runs even when some rule failed to parse, so `rule` may not be an object here.
          const id: unknown = (rule as { id?: unknown } | null)?.id;
          if (typeof id !== 'string') return;
          if (seen.has(id)) {
            ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicates rule id "${id}"` });
          }
          seen.add(id);
        });
      }, ALWAYS)
      .optional(),
    analyzers: analyzersSchema.optional(),
    reviewDrafts: z.boolean({ error: 'must be true or false' }).optional(),
    maxComments: z
      .int({ error: 'must be a whole number' })
      .min(1, 'must be at least 1')
      .max(SETTINGS_LIMITS.maxComments, `must be at most ${SETTINGS_LIMITS.maxComments}`)
      .optional(),
    llm: llmSchema.optional(),
    kodyRules: z
      .array(kodyRuleSettingSchema, { error: 'must be a list of Kody Rules' })
      .max(SETTINGS_LIMITS.kodyRules)
      .optional(),
    secretStore: z
      .string({ error: 'must be a string' })
      .trim()
      .min(1, 'must not be empty')
      .max(
        SETTINGS_LIMITS.secretStoreLength,
        `must be at most ${SETTINGS_LIMITS.secretStoreLength} characters`,
      )
      .regex(ONE_LINE_PRINTABLE, 'must not hold control characters')
      .optional(),
    allow: allowSchema.optional(),
  },
  { error: 'must be a mapping (key: value) at the top level' },
);

export type SettingsFile = z.infer<typeof settingsFileSchema>;
