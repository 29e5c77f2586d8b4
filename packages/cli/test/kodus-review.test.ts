import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LlmStandIn } from '@kodus/test-helpers';
import { type BenchSubmission, type CliIo, parseCliEnv, runCli } from '../src';

const KEY = 'sk-test-cli-0123456789abcdefghij';

const LOGIN_BEFORE = [
  "import { Router } from 'express';",
  '',
  'export const login = Router();',
  '',
  "login.post('/login', async (req, res) => {",
  '  res.sendStatus(204);',
  '});',
  '',
].join('\n');

const LOGIN_AFTER = [
  "import { Router } from 'express';",
  '',
  'export const login = Router();',
  '',
  "login.post('/login', async (req, res) => {",
  '  console.log(`login attempt for ${req.body.email}`);',
  '  const user = await findUser(req.body.email);',
  '  res.sendStatus(user ? 204 : 401);',
  '});',
  '',
].join('\n');

const RULE = [
  '---',
  'title: No console logging in services',
  'path: ["src/**"]',
  'severity_min: high',
  '---',
  'Use the request logger instead of console.*.',
].join('\n');

function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

/** A real git repository: the rule and settings on main, the change on a branch. */
async function makeRepository(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kodus-cli-'));
  sh(dir, 'init', '-q', '-b', 'main');
  sh(dir, 'config', 'user.email', 'test@example.com');
  sh(dir, 'config', 'user.name', 'Test');
  await mkdir(join(dir, 'src'), { recursive: true });
  await mkdir(join(dir, '.kody/rules'), { recursive: true });
  await writeFile(join(dir, 'src/login.ts'), LOGIN_BEFORE);
  await writeFile(join(dir, '.kody/rules/no-console.md'), RULE);
  await writeFile(join(dir, '.kodus.yml'), 'llm:\n  severityThreshold: medium\n');
  sh(dir, 'add', '.');
  sh(dir, 'commit', '-q', '-m', 'base');
  sh(dir, 'checkout', '-q', '-b', 'feature');
  await writeFile(join(dir, 'src/login.ts'), LOGIN_AFTER);
  sh(dir, 'commit', '-q', '-am', 'log logins');
  return dir;
}

function io(cwd: string, env: NodeJS.ProcessEnv, stdin = ''): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    cwd,
    env,
    readStdin: async () => stdin,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    signal: new AbortController().signal,
    stdout,
    stderr,
  };
}

describe('kodus review', () => {
  let standIn: LlmStandIn;
  let repo: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    repo = await makeRepository();
  });
  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
  });
  beforeEach(async () => {
    standIn = await new LlmStandIn({ apiKey: KEY }).start();
    env = { LLM_PROVIDER: 'openai', LLM_MODEL: 'gpt-4o-mini', LLM_API_KEY: KEY, LLM_BASE_URL: standIn.url };
    standIn.script({
      match: 'src/login.ts',
      reply: {
        json: {
          suggestions: [
            {
              relevantFile: 'src/login.ts',
              relevantLinesStart: 6,
              relevantLinesEnd: 6,
              label: 'kody_rules',
              severity: 'medium',
              suggestionContent: '[no-console] Logs the e-mail address of every login attempt.',
              oneSentenceSummary: 'Personal data in logs.',
              existingCode: '  console.log(`login attempt for ${req.body.email}`);',
              improvedCode: "  req.log.info('login attempt');",
            },
            {
              relevantFile: 'src/login.ts',
              relevantLinesStart: 2,
              relevantLinesEnd: 2,
              label: 'bug',
              severity: 'high',
              suggestionContent: 'A hallucinated comment on an unchanged line.',
              oneSentenceSummary: 'Not on the diff.',
              existingCode: null,
              improvedCode: null,
            },
            {
              relevantFile: 'src/login.ts',
              relevantLinesStart: 7,
              relevantLinesEnd: 7,
              label: 'style',
              severity: 'low',
              suggestionContent: 'Name it foundUser.',
              oneSentenceSummary: 'Naming.',
              existingCode: null,
              improvedCode: null,
            },
          ],
        },
        usage: { inputTokens: 900, outputTokens: 120, cachedInputTokens: 0 },
      },
    });
  });
  afterEach(() => standIn.stop());

  test('--range runs git diff, reads rules and settings at the base, prints the comments and writes the bench file', async () => {
    const cli = io(repo, env);
    const code = await runCli(['review', '--range', 'main..feature', '--bench-out', 'bench.json'], cli);

    expect(code).toBe(0);
    const out = cli.stdout.join('');
    // The Kody Rule finding, named and raised to the rule's severity_min; the unchanged line and the
    // below-threshold style finding never printed.
    expect(out).toContain('src/login.ts:6 high kody_rules (no-console) [llm]');
    expect(out).toContain("      req.log.info('login attempt');");
    expect(out).not.toContain('hallucinated');
    expect(out).not.toContain('foundUser');
    expect(out).toContain('LLM: 1 call(s), 900 input / 120 output tokens');
    expect(standIn.requests[0]?.promptText).toContain('[no-console] No console logging in services');

    const bench = JSON.parse(await readFile(join(repo, 'bench.json'), 'utf8')) as BenchSubmission;
    expect(bench).toMatchObject({
      benchmarkVersion: '1.0',
      run: { tool: 'kodus', provider: 'openai', model: 'gpt-4o-mini' },
    });
    expect(bench.results).toHaveLength(1);
    const result = bench.results[0];
    expect(result).toMatchObject({
      caseId: 'main..feature',
      usage: { llmCalls: 1, inputTokens: 900, outputTokens: 120 },
      latencyMs: expect.any(Number),
    });
    expect(result?.findings).toEqual(
      expect.arrayContaining([
        {
          path: 'src/login.ts',
          startLine: 6,
          endLine: 6,
          severity: 'high',
          category: 'kody_rules',
          description: '[no-console] Logs the e-mail address of every login attempt.',
        },
        expect.objectContaining({ path: 'src/login.ts', startLine: 6, category: 'maintainability' }),
      ]),
    );
    expect(result?.findings.map((f) => f.startLine)).not.toContain(2);
  });

  test('a diff on stdin; --no-llm gives the analyzers only', async () => {
    const diff = sh(repo, 'diff', 'main..feature');
    const cli = io(repo, env, diff);
    expect(await runCli(['review', '--no-llm'], cli)).toBe(0);
    expect(standIn.requests).toHaveLength(0);
    expect(cli.stdout.join('')).toMatch(
      /src\/login\.ts:6 \w+ maintainability \(debug\/console-log\) \[analyzer\]/,
    );
    expect(cli.stdout.join('')).toMatch(
      /\[analyzer\]\n.*\n {4}accepted risk\? add kf1:[0-9a-f]{16} to allow\.fingerprints in \.kodus\.yml\n/,
    );
  });

  test('--bench-cases runs one case per diff file; a wrong key fails the LLM part of each case, visibly', async () => {
    const cases = join(repo, 'cases');
    await mkdir(cases, { recursive: true });
    await writeFile(join(cases, 'case-a.diff'), sh(repo, 'diff', 'main..feature'));
    await writeFile(join(cases, 'case-b.patch'), sh(repo, 'diff', 'main..feature'));
    const cli = io(repo, { ...env, LLM_API_KEY: 'sk-wrong-0000000000000000000000' });
    expect(await runCli(['review', '--bench-cases', 'cases', '--bench-out', 'cases.json'], cli)).toBe(0);

    const bench = JSON.parse(await readFile(join(repo, 'cases.json'), 'utf8')) as BenchSubmission;
    expect(bench.results.map((r) => r.caseId)).toEqual(['case-a', 'case-b']);
    expect(bench.results[0]?.error).toMatch(/^llm: LLM review failed: .*401/);
    expect(JSON.stringify(bench)).not.toContain('sk-wrong');
    expect(cli.stdout.join('')).toContain('FAILED llm: LLM review failed');
  });

  test('empty variables, as `set -a; . .env` leaves those of .env.example, mean unset, as for the worker', async () => {
    const empty = {
      LLM_FALLBACK_MODEL: '',
      LLM_MAX_CONCURRENCY: '',
      LLM_TIMEOUT_MS: ' ',
      LLM_CONTEXT_WINDOW: '',
      LLM_MAX_INPUT_TOKENS: '',
      LLM_MAX_CALLS_PER_REVIEW: '',
      LLM_PRICES_FILE: '',
      LLM_MONTHLY_BUDGET_USD: '',
    };
    expect(
      parseCliEnv({ ...empty, LLM_PROVIDER: '', LLM_MODEL: '', LLM_API_KEY: '', LLM_BASE_URL: '' }),
    ).toEqual({
      env: {
        LLM_PROVIDER: 'none',
        LLM_MAX_CONCURRENCY: 4,
        LLM_TIMEOUT_MS: 120_000,
        LLM_MAX_INPUT_TOKENS: 60_000,
        LLM_MAX_CALLS_PER_REVIEW: 20,
      },
    });

    const cli = io(repo, { ...env, ...empty });
    expect(await runCli(['review', '--range', 'main..feature'], cli)).toBe(0);
    expect(cli.stderr.join('')).toBe('');
    expect(cli.stdout.join('')).toContain('src/login.ts:6 high kody_rules (no-console) [llm]');
  });

  test('an unreadable or invalid LLM_PRICES_FILE is a configuration error: exit 78 naming it, not its content', async () => {
    const missing = io(repo, { ...env, LLM_PRICES_FILE: join(repo, 'no-such-prices.json') });
    expect(await runCli(['review', '--range', 'main..feature'], missing)).toBe(78);
    expect(missing.stderr.join('')).toMatch(
      /^Invalid configuration:\n {2}- LLM_PRICES_FILE .*no-such-prices\.json cannot be read \(ENOENT\)\n$/,
    );

    await writeFile(join(repo, 'prices.json'), '{"gpt-4o-mini": {"input": "sk-secret-price", "output": 1}}');
    const invalid = io(repo, { ...env, LLM_PRICES_FILE: join(repo, 'prices.json') });
    expect(await runCli(['review', '--range', 'main..feature'], invalid)).toBe(78);
    expect(invalid.stderr.join('')).toMatch(
      / - LLM_PRICES_FILE .*prices\.json is invalid: gpt-4o-mini\.input: /,
    );
    expect(invalid.stderr.join('')).not.toContain('sk-secret-price');
    expect(invalid.stderr.join('')).not.toContain(KEY);
    expect(standIn.requests).toHaveLength(0);
  });

  test('configuration problems exit 78 without printing a value; bad usage exits 64', async () => {
    const cli = io(repo, { LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-sonnet-4-5' });
    expect(await runCli(['review', '--range', 'main..feature'], cli)).toBe(78);
    expect(cli.stderr.join('')).toContain('LLM_API_KEY: is required when LLM_PROVIDER=anthropic');

    const injected = io(repo, {});
    expect(await runCli(['review', '--range=--output=x..y'], injected)).toBe(1);
    expect(injected.stderr.join('')).toContain('--range must be A..B or A...B');
    expect(await runCli(['review', '--range', 'a..b', '--diff', 'x'], io(repo, {}))).toBe(64);
    expect(await runCli(['nothing'], io(repo, {}))).toBe(64);
  });
});
