import {
  DEFAULT_SETTINGS,
  KODY_RULE_LIMITS,
  type KodyRule,
  kodyRulesFor,
  kodyRulesForFile,
  loadKodyRules,
  parseSettingsFile,
  readKodyRuleFiles,
  RULE_LISTING_LIMIT,
  SettingsError,
} from '../src';

const rule = (
  front: string,
  body = 'Do the right thing.\n\n## Bad\n\n```ts\nbad()\n```\n\n## Good\n\n```ts\ngood()\n```\n',
) => `---\n${front}\n---\n${body}`;

// Rule files as a repository keeps them (shapes from Kodus' public rule library, kodustech/kody-rules).
const FILES = [
  {
    path: '.kody/rules/security/no-eval.md',
    text: rule(
      'title: "No eval on request data"\nscope: file\npath: ["src/**/*.ts", "!src/**/*.test.ts"]\nseverity_min: high\nlanguages: [ts]',
    ),
  },
  { path: '.kody/rules/docs/second-person.md', text: rule('title: Docs use "you"\npath: "*.md"') },
  {
    path: '.kody/rules/pr/ticket.md',
    text: rule('title: Reference a ticket\nscope: pull-request\npath: [src/**]'),
  },
  { path: '.kody/rules/anywhere.md', text: rule('title: No TODO without an owner') },
  { path: '.kody/rules/off.md', text: rule('title: Old rule\nenabled: false') },
  { path: '.kody/rules/broken-yaml.md', text: rule('title: [unclosed') },
  { path: '.kody/rules/no-title.md', text: rule('scope: file') },
  { path: '.kody/rules/no-front.md', text: '# Just markdown\n' },
  { path: '.kody/rules/bad-scope.md', text: rule('title: X\nscope: repository') },
  { path: '.kody/rules/empty.md', text: rule('title: Empty', '') },
  { path: '.kody/rules/README.txt', text: 'not a rule' },
];

describe('Kody Rules', () => {
  const loaded = loadKodyRules(FILES);

  test('rule files load with ids from their paths; disabled ones are left out', () => {
    expect(loaded.rules.map((r) => r.id)).toEqual([
      'anywhere',
      'docs/second-person',
      'pr/ticket',
      'security/no-eval',
    ]);
    expect(loaded.rules.find((r) => r.id === 'security/no-eval')).toMatchObject({
      title: 'No eval on request data',
      scope: 'file',
      paths: ['src/**/*.ts', '!src/**/*.test.ts'],
      severityMin: 'high',
      origin: '.kody/rules/security/no-eval.md',
      body: expect.stringContaining('## Good'),
    });
    expect(loaded.rules.find((r) => r.id === 'anywhere')).toMatchObject({
      scope: 'file',
      paths: [],
      severityMin: 'low',
    });
  });

  test('a rule file that does not parse is reported, naming the file and the problem', () => {
    expect(loaded.problems).toEqual([
      expect.stringMatching(/^\.kody\/rules\/bad-scope\.md: scope must be file or pull-request$/),
      expect.stringMatching(/^\.kody\/rules\/broken-yaml\.md: front matter is not valid YAML/),
      '.kody/rules/empty.md: has no rule text after the front matter',
      '.kody/rules/no-front.md: has no front matter (a "---" block with at least a title)',
      expect.stringMatching(/^\.kody\/rules\/no-title\.md: title is required/),
    ]);
  });

  // Golden: which rules go with which changed file.
  test.each([
    ['src/api/login.ts', ['anywhere', 'security/no-eval']],
    ['src/api/login.test.ts', ['anywhere']],
    ['README.md', ['anywhere', 'docs/second-person']],
    ['docs/guide/setup.md', ['anywhere', 'docs/second-person']],
    ['scripts/build.sh', ['anywhere']],
  ])('file rules for %s', (path, ids) => {
    expect(kodyRulesForFile(loaded.rules, path).map((r) => r.id)).toEqual(ids);
  });

  test('pull-request rules apply when one of the pull request files matches their globs', () => {
    const ids = (paths: string[], all: string[]) => kodyRulesFor(loaded.rules, paths, all).map((r) => r.id);
    expect(ids(['README.md'], ['README.md', 'src/a.ts'])).toEqual([
      'anywhere',
      'docs/second-person',
      'pr/ticket',
    ]);
    expect(ids(['README.md'], ['README.md'])).toEqual(['anywhere', 'docs/second-person']);
  });

  test('rules in .kodus.yml load beside the files; a duplicate id is reported', () => {
    const settings = parseSettingsFile(
      [
        'kodyRules:',
        '  - id: no-any',
        '    title: No any',
        '    rule: Do not use `any` without a comment saying why.',
        '    paths: ["**/*.ts"]',
        '    severityMin: medium',
        '  - id: anywhere',
        '    title: Dup',
        '    rule: x',
        '  - id: off',
        '    title: Off',
        '    rule: x',
        '    enabled: false',
      ].join('\n'),
    );
    const merged = loadKodyRules(FILES, settings.kodyRules);
    expect(merged.rules.map((r) => r.id)).toContain('no-any');
    expect(merged.rules.find((r) => r.id === 'no-any')).toMatchObject({
      origin: '.kodus.yml',
      severityMin: 'medium',
      scope: 'file',
    });
    expect(merged.rules.map((r) => r.id)).not.toContain('off');
    expect(merged.problems).toContain(
      '.kodus.yml: kodyRules id "anywhere" is also a rule file\'s id; the file\'s rule is used',
    );
  });

  test('bounded: an oversized rule file and too many files are reported', () => {
    const big = loadKodyRules([{ path: '.kody/rules/big.md', text: rule('title: Big', 'x'.repeat(40_000)) }]);
    expect(big.problems[0]).toMatch(/^\.kody\/rules\/big\.md: is \d+ characters; at most 32768 are read$/);
    const many = Array.from({ length: 205 }, (_, i) => ({
      path: `.kody/rules/r${String(i).padStart(3, '0')}.md`,
      text: rule(`title: R${i}`),
    }));
    const loadedMany = loadKodyRules(many);
    expect(loadedMany.rules).toHaveLength(200);
    expect(loadedMany.problems).toEqual([
      '.kody/rules: 205 rule files; only the first 200 (by path) are read',
    ]);
  });
});

describe('Kody Rule front matter keys', () => {
  test('a key given twice is refused, as before', () => {
    const loaded = loadKodyRules([
      { path: '.kody/rules/twice.md', text: rule('title: One\nscope: file\ntitle: Two') },
    ]);
    expect(loaded.rules).toEqual([]);
    expect(loaded.problems).toEqual([
      '.kody/rules/twice.md: front matter is not valid YAML: Map keys must be unique',
    ]);
  });

  // Extra keys, in base 36 after a "k", up to `chars` characters.
  const extraKeys = (chars: number) => {
    const keys: string[] = [];
    for (let i = 0, length = 0; length + 7 < chars; i++) {
      keys.push(`k${i.toString(36)}:`);
      length += (keys.at(-1)?.length ?? 0) + 1;
    }
    return keys.join('\n');
  };

  test('200 files whose front matter is as large as allowed, mostly extra keys, are read', () => {
    const front = `title: Many keys\n${extraKeys(4096 - 20)}`;
    expect(front.length).toBeLessThanOrEqual(4096);
    const text = rule(front, 'Keep it short.');
    const files = Array.from({ length: 200 }, (_, i) => ({
      path: `.kody/rules/r${String(i).padStart(3, '0')}.md`,
      text,
    }));
    const loaded = loadKodyRules(files);
    expect(loaded.problems).toEqual([]);
    expect(loaded.rules).toHaveLength(200);
    expect(loaded.rules[199]).toMatchObject({ id: 'r199', title: 'Many keys', body: 'Keep it short.' });
    // The same front matter with its last extra key repeating the first one.
    const twice = loadKodyRules([
      { path: '.kody/rules/x.md', text: rule(`${front}\nk0:`, 'Keep it short.') },
    ]);
    expect(twice.problems).toEqual([
      '.kody/rules/x.md: front matter is not valid YAML: Map keys must be unique',
    ]);
  });

  test('a front matter over 4 KB (thousands of keys) is reported, not parsed', () => {
    const text = rule(`title: Too many keys\n${extraKeys(31_000)}`, 'Keep it short.');
    expect(text.length).toBeLessThanOrEqual(32 * 1024);
    const loaded = loadKodyRules([{ path: '.kody/rules/big.md', text }]);
    expect(loaded.rules).toEqual([]);
    expect(loaded.problems).toEqual([
      expect.stringMatching(/^\.kody\/rules\/big\.md: front matter is \d+ characters; at most 4096$/),
    ]);
  });
});

describe('Kody Rule globs', () => {
  // Rule i applies to packages/p<i>/ (tests excluded) and to its own long-named folder: globs as long as a
  // rule may hold, so that compiling them again for every file would show.
  const globsOf = (i: number) => {
    const own = [`packages/p${i}/**/*.ts`, `!packages/p${i}/**/*.test.ts`];
    const pad = Array.from({ length: 48 }, (_, j) => `gen/r${i}-${j}/${'*x'.repeat(16)}/**`);
    const globs = [...own, ...pad];
    while (globs.join('').length > KODY_RULE_LIMITS.globChars) globs.pop();
    return globs;
  };
  const ruleFiles = Array.from({ length: 200 }, (_, i) => ({
    path: `.kody/rules/r${String(i).padStart(3, '0')}.md`,
    text: rule(
      `title: R${i}\npath:\n${globsOf(i)
        .map((g) => `  - "${g}"`)
        .join('\n')}`,
    ),
  }));

  test('200 rules with globs as long as allowed, matched against 1,000 files, each gets its own', () => {
    const loaded = loadKodyRules(ruleFiles);
    expect(loaded.problems).toEqual([]);
    expect(loaded.rules).toHaveLength(200);
    expect(loaded.rules[7]?.paths.join('').length).toBeGreaterThan(KODY_RULE_LIMITS.globChars - 50);
    const files = Array.from({ length: 1_000 }, (_, f) => {
      const i = f % 200;
      return f >= 800 ? `packages/p${i}/src/a${f}.test.ts` : `packages/p${i}/src/a${f}.ts`;
    });
    for (const [f, path] of files.entries()) {
      expect(kodyRulesForFile(loaded.rules, path).map((r) => r.id)).toEqual(
        f >= 800 ? [] : [`r${String(f % 200).padStart(3, '0')}`],
      );
    }
    expect(kodyRulesFor(loaded.rules, files)).toHaveLength(200);
    expect(kodyRulesFor(loaded.rules, files.slice(800))).toEqual([]);
    expect(kodyRulesFor(loaded.rules, files.slice(0, 3)).map((r) => r.id)).toEqual(['r000', 'r001', 'r002']);
    expect(kodyRulesForFile(loaded.rules, `gen/r5-3/${'ax'.repeat(16)}/deep/f.ts`).map((r) => r.id)).toEqual([
      'r005',
    ]);
  });

  test('a rule whose globs are changed in place is matched with its new globs', () => {
    const own: KodyRule = { ...(loadKodyRules(ruleFiles.slice(0, 1)).rules[0] as KodyRule), paths: ['a/**'] };
    expect(kodyRulesForFile([own], 'a/x.ts')).toHaveLength(1);
    own.paths[0] = 'b/**';
    expect(kodyRulesForFile([own], 'a/x.ts')).toHaveLength(0);
    expect(kodyRulesForFile([own], 'b/x.ts')).toHaveLength(1);
  });

  test('a rule file over the glob limits is reported and not used', () => {
    const long = Array.from(
      { length: 21 },
      (_, j) => `"src/${'a'.repeat(90)}${String(j).padStart(2, '0')}/**"`,
    );
    const many = Array.from({ length: 51 }, (_, j) => `"src/${j}/**"`);
    const loaded = loadKodyRules([
      { path: '.kody/rules/long.md', text: rule(`title: Long\npath: [${long.join(', ')}]`) },
      { path: '.kody/rules/many.md', text: rule(`title: Many\npath: [${many.join(', ')}]`) },
      { path: '.kody/rules/ok.md', text: rule('title: Fine\npath: src/**') },
    ]);
    expect(loaded.rules.map((r) => r.id)).toEqual(['ok']);
    expect(loaded.problems).toEqual([
      '.kody/rules/long.md: path has 2079 characters of globs; at most 1000',
      '.kody/rules/many.md: path must list at most 50 globs',
    ]);
  });

  test('a .kodus.yml rule over the glob limits is reported and not used', () => {
    const settings = parseSettingsFile(
      [
        'kodyRules:',
        '  - id: many',
        '    title: Many',
        '    rule: x',
        `    paths: [${Array.from({ length: 60 }, (_, j) => `"src/${j}/**"`).join(', ')}]`,
        '  - id: long',
        '    title: Long',
        '    rule: x',
        `    paths: ["src/${'a'.repeat(2_000)}/**"]`,
        '  - id: fine',
        '    title: Fine',
        '    rule: x',
        '    paths: ["src/**"]',
      ].join('\n'),
    );
    const loaded = loadKodyRules([], settings.kodyRules);
    expect(loaded.rules.map((r) => r.id)).toEqual(['fine']);
    expect(loaded.problems).toEqual([
      '.kodus.yml: kodyRules id "many": paths have 60 globs; at most 50; the rule is not used',
      '.kodus.yml: kodyRules id "long": paths have 2007 characters of globs; at most 1000; the rule is not used',
    ]);
    // Handed over without the loader, such a rule applies to no file.
    const unloaded = settings.kodyRules.find((r) => r.id === 'many') as KodyRule;
    expect(kodyRulesForFile([unloaded], 'src/1/a.ts')).toEqual([]);
    expect(kodyRulesFor([unloaded], ['src/1/a.ts'])).toEqual([]);
  });
});

describe('.kodus.yml llm section', () => {
  test('defaults: on, every category, low threshold, 20 suggestions, en-US, clip', () => {
    expect(DEFAULT_SETTINGS.llm).toEqual({
      enabled: true,
      categories: ['bug', 'security', 'performance', 'maintainability', 'style', 'kody_rules'],
      severityThreshold: 'low',
      maxSuggestions: 20,
      language: 'en-US',
      files: { maxFiles: 200, maxLinesPerFile: 2000, oversized: 'clip' },
    });
  });

  test('a valid section merges onto the defaults', () => {
    const settings = parseSettingsFile(
      [
        'llm:',
        '  categories: [bug, security]',
        '  severityThreshold: high',
        '  maxSuggestions: 5',
        '  language: pt-BR',
        '  instructions: Prefer early returns.',
        '  files: { maxFiles: 10, oversized: skip }',
        '  monthlyBudgetUsd: 25.5',
      ].join('\n'),
    );
    expect(settings.llm).toEqual({
      enabled: true,
      categories: ['bug', 'security'],
      severityThreshold: 'high',
      maxSuggestions: 5,
      language: 'pt-BR',
      instructions: 'Prefer early returns.',
      files: { maxFiles: 10, maxLinesPerFile: 2000, oversized: 'skip' },
      monthlyBudgetUsd: 25.5,
    });
  });

  test('every problem is named with its path', () => {
    let problems: string[] = [];
    try {
      parseSettingsFile(
        [
          'llm:',
          '  enabled: maybe',
          '  categories: [bugs]',
          '  severityThreshold: urgent',
          '  maxSuggestions: 0',
          '  language: "english please"',
          '  files: { oversized: truncate, maxLines: 3 }',
          '  monthlyBudgetUsd: -1',
          '  model: gpt-5',
        ].join('\n'),
      );
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      problems = (error as SettingsError).problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        'llm.enabled: must be true or false',
        expect.stringMatching(/^llm\.categories\[0\]: must be one of bug, security/),
        expect.stringMatching(/^llm\.severityThreshold: must be one of critical/),
        'llm.maxSuggestions: must be at least 1',
        'llm.language: must be a language tag such as en-US or pt-BR',
        'llm.files.oversized: must be clip or skip',
        'llm.files.maxLines: unknown key',
        'llm.monthlyBudgetUsd: must be more than 0',
        'llm.model: unknown key',
      ]),
    );
    expect(problems).toHaveLength(9);
  });
});

describe('readKodyRuleFiles', () => {
  it('reads the rule files in path order, a few at a time, skipping files gone meanwhile', async () => {
    const paths = Array.from({ length: 19 }, (_, i) => `.kody/rules/r${String(i).padStart(2, '0')}.md`);
    let open = 0;
    let mostOpen = 0;
    const reader = {
      listDirectory: async () => [...paths].reverse().concat(['.kody/rules/notes.txt']),
      readFile: async (path: string) => {
        open++;
        mostOpen = Math.max(mostOpen, open);
        // Answers out of order: the later paths first.
        await new Promise((resolve) => setTimeout(resolve, 30 - Number(path.slice(-5, -3))));
        open--;
        return path.endsWith('r07.md') ? undefined : `# ${path}`;
      },
    };
    const { files, problems } = await readKodyRuleFiles(reader);
    expect(problems).toEqual([]);
    expect(files.map((f) => f.path)).toEqual(paths.filter((p) => !p.endsWith('r07.md')));
    expect(files[0]?.text).toBe(`# ${paths[0]}`);
    expect(mostOpen).toBeGreaterThan(1);
    expect(mostOpen).toBeLessThanOrEqual(8);
  });

  it('reads the first 200 rule files by path and says how many there were; a listing cut at its limit is named', async () => {
    const rules = Array.from({ length: 250 }, (_, i) => `.kody/rules/r${String(i).padStart(3, '0')}.md`);
    const read = (listed: string[]) =>
      readKodyRuleFiles({ listDirectory: async () => listed, readFile: async (path) => `# ${path}` });

    const many = await read([...rules].reverse());
    expect(many.files.map((f) => f.path)).toEqual(rules.slice(0, 200));
    expect(many.problems).toEqual(['.kody/rules: 250 rule files; only the first 200 (by path) are read']);

    // The provider's listing stopped at 1,000 entries, most of them not rules (images, say).
    const images = Array.from({ length: RULE_LISTING_LIMIT - 5 }, (_, i) => `.kody/rules/assets/${i}.png`);
    const cut = await read([...images, ...rules.slice(0, 5)]);
    expect(cut.files).toHaveLength(5);
    expect(cut.problems).toEqual([
      `.kody/rules: its listing stopped at ${RULE_LISTING_LIMIT} files, so rule files past them may be missing (keep other files out of .kody/rules)`,
    ]);
  });
});
