import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type YAMLError,
  YAMLParseError,
} from 'yaml';
import type { z } from 'zod';
import { DEFAULT_SETTINGS } from './default-settings';
import { type SettingsFile, settingsFileSchema } from './settings-schema';
import type { AllowList, KodyRule, LlmSettings, ReviewSettings, UserRule } from './types';

/** A `.kodus.yml` that cannot be used; `problems` names each one with its YAML path or position. */
export class SettingsError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid .kodus.yml:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SettingsError';
    this.problems = problems;
  }
}

const MAX_FILE_CHARS = 256 * 1024;

/** "rules[0].pattern" for ['rules', 0, 'pattern']; "(top level)" for []. */
function yamlPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${yamlPath([...issue.path, key])}: unknown key`);
  }
  // reportInput is on, so a missing key shows as an undefined input.
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return [`${yamlPath(issue.path)}: is required`];
  }
  return [`${yamlPath(issue.path)}: ${issue.message}`];
}

/**
 * The errors `uniqueKeys: true` gives ("Map keys must be unique" at each repeated key), found in linear
 * time: the YAML library compares every key with each earlier key of its map, so a 255 KB file of 50,000
 * short keys held the event loop for 19 s. Keys are equal as the library sees them: scalars of the same
 * value (NaN never equals itself), other nodes only themselves (so never twice in one map).
 */
function duplicateKeyErrors(doc: Document.Parsed): YAMLParseError[] {
  const found: YAMLParseError[] = [];
  // A stack rather than recursion: a deeply nested document cannot overflow the call stack here.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const { key, value } of node.items) {
        if (isScalar(key) && !Number.isNaN(key.value)) {
          if (seen.has(key.value)) {
            const start = key.range?.[0] ?? 0;
            found.push(new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          }
          seen.add(key.value);
        }
        stack.push(key, value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) stack.push(item.key, item.value);
        else stack.push(item);
      }
    }
  }
  return found.sort((a, b) => a.pos[0] - b.pos[0]);
}

/**
 * `parseDocument` refusing a repeated map key as `uniqueKeys: true` does, in linear time (a repository's
 * YAML is hostile input): the duplicates join `errors` in document order.
 */
export function parseYamlDocument(text: string, lineCounter?: LineCounter): Document.Parsed {
  const doc = parseDocument(text, {
    ...(lineCounter === undefined ? {} : { lineCounter }),
    prettyErrors: false,
    uniqueKeys: false,
  });
  const duplicates = duplicateKeyErrors(doc);
  if (duplicates.length > 0) {
    // Merged by position, the parser's own errors keeping their order.
    const merged: YAMLError[] = [];
    let next = 0;
    for (const error of doc.errors) {
      while (next < duplicates.length && (duplicates[next]?.pos[0] ?? 0) < error.pos[0]) {
        merged.push(duplicates[next++] as YAMLParseError);
      }
      merged.push(error);
    }
    merged.push(...duplicates.slice(next));
    doc.errors = merged;
  }
  return doc;
}

function readYaml(yamlText: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(yamlText, lineCounter);
  if (doc.errors.length > 0) {
    throw new SettingsError(
      doc.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return `line ${line}, column ${col}: ${error.message}`;
      }),
    );
  }
  try {
    return doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    // An alias bomb ("excessive alias count"), or anything else the YAML library refuses to build.
    throw new SettingsError([`(file): cannot be read: ${(error as Error).message}`]);
  }
}

function mergeOntoDefaults(file: SettingsFile): ReviewSettings {
  const ignore = file.ignoreDefaults === false ? [] : [...DEFAULT_SETTINGS.ignore];
  for (const glob of file.ignore ?? []) if (!ignore.includes(glob)) ignore.push(glob);
  const rules: UserRule[] = (file.rules ?? []).map((rule) => ({
    id: rule.id,
    paths: [...rule.paths],
    pattern: rule.pattern,
    ...(rule.flags === undefined ? {} : { flags: rule.flags }),
    message: rule.message,
    severity: rule.severity,
  }));
  const settings: ReviewSettings = {
    ignore,
    rules,
    analyzers: { ...DEFAULT_SETTINGS.analyzers, ...stripUndefined(file.analyzers ?? {}) },
    reviewDrafts: file.reviewDrafts ?? DEFAULT_SETTINGS.reviewDrafts,
    maxComments: file.maxComments ?? DEFAULT_SETTINGS.maxComments,
    llm: mergeLlm(file.llm ?? {}),
    kodyRules: (file.kodyRules ?? [])
      .filter((rule) => rule.enabled !== false)
      .map((rule): KodyRule => ({
        id: rule.id,
        title: rule.title,
        scope: rule.scope ?? 'file',
        paths: [...(rule.paths ?? [])],
        severityMin: rule.severityMin ?? 'low',
        body: rule.rule,
        origin: '.kodus.yml',
      })),
    allow: mergeAllow(file.allow ?? {}),
  };
  if (file.secretStore !== undefined) settings.secretStore = file.secretStore;
  return settings;
}

function mergeAllow(file: NonNullable<SettingsFile['allow']>): AllowList {
  return {
    paths: (file.paths ?? []).map((entry) =>
      typeof entry === 'string'
        ? { path: entry }
        : { path: entry.path, ...(entry.rules === undefined ? {} : { rules: [...new Set(entry.rules)] }) },
    ),
    // Case folded: the hex digits may be pasted in either case.
    fingerprints: [...new Set((file.fingerprints ?? []).map((f) => f.toLowerCase()))],
  };
}

function mergeLlm(file: NonNullable<SettingsFile['llm']>): LlmSettings {
  const defaults = DEFAULT_SETTINGS.llm;
  const llm: LlmSettings = {
    enabled: file.enabled ?? defaults.enabled,
    categories: [...(file.categories ?? defaults.categories)],
    severityThreshold: file.severityThreshold ?? defaults.severityThreshold,
    maxSuggestions: file.maxSuggestions ?? defaults.maxSuggestions,
    language: file.language ?? defaults.language,
    files: { ...defaults.files, ...stripUndefined(file.files ?? {}) },
  };
  if (file.instructions !== undefined) llm.instructions = file.instructions;
  if (file.monthlyBudgetUsd !== undefined) llm.monthlyBudgetUsd = file.monthlyBudgetUsd;
  return llm;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Reads a repository's `.kodus.yml` and merges it onto DEFAULT_SETTINGS: its `ignore` globs are added
 * to the default ones (`ignoreDefaults: false` drops those), its analyzer switches override the
 * defaults. An empty file gives the defaults. Throws SettingsError naming every problem found.
 */
export function parseSettingsFile(yamlText: string): ReviewSettings {
  if (yamlText.length > MAX_FILE_CHARS) {
    throw new SettingsError([`(file): is ${yamlText.length} characters; at most ${MAX_FILE_CHARS} are read`]);
  }
  let raw: unknown;
  try {
    raw = readYaml(yamlText) ?? {};
  } catch (error) {
    if (error instanceof SettingsError) throw error;
    // A parser failure (a stack overflow on absurd nesting, say) is still just an unusable file.
    throw new SettingsError([`(file): cannot be read: ${(error as Error).message}`]);
  }
  const result = settingsFileSchema.safeParse(raw, { reportInput: true });
  if (!result.success) throw new SettingsError(result.error.issues.flatMap(describeIssue));
  return mergeOntoDefaults(result.data);
}
