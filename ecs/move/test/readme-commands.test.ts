import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './support/fixture';

/**
 * Every command of ecs/README.md's shell blocks, in order, as an operator types it: the render steps for
 * real (into a temporary folder), the move tool's commands with --dry-run (they print every call and make
 * none). A command of another kind fails the test, so the runbook cannot drift from what is exercised.
 */
const CLI = join(REPO_ROOT, 'ecs', 'move', 'dist', 'cli.js');
// Built before the tests run (turbo's test task depends on build); named here so nothing else is skipped.
const BUILD = 'npx turbo run build --filter=@kodus/ecs-move';

function shellLines(markdown: string): string[] {
  const lines: string[] = [];
  let inShell = false;
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('```')) {
      inShell = !inShell && line === '```sh';
      continue;
    }
    if (!inShell) continue;
    const command = line.replace(/\s+#\s.*$/, '').trim();
    if (command !== '') lines.push(command);
  }
  return lines;
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'kodus-move-readme-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('every command in ecs/README.md runs (the AWS ones as --dry-run)', () => {
  const commands = shellLines(readFileSync(join(REPO_ROOT, 'ecs', 'README.md'), 'utf8'));
  // A value from $(...) is left to the shell: such a variable is set here instead.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: work, IMAGE_TAG: '0123abc' };
  const moved = new Set<string>();
  for (const command of commands) {
    const words = command.split(/\s+/);
    if (command === BUILD) continue;
    if (words[0] === 'export') {
      for (const pair of words.slice(1)) {
        const at = pair.indexOf('=');
        const value = pair.slice(at + 1);
        if (!value.startsWith('$(')) env[pair.slice(0, at)] = value;
      }
      continue;
    }
    let args: string[];
    if (words[0] === 'node' && words[1] === 'ecs/render.mjs') {
      args = [join(REPO_ROOT, 'ecs', 'render.mjs'), ...words.slice(2)];
      const out = args.indexOf('--out');
      args[out + 1] = join(work, args[out + 1]!);
    } else if (command.startsWith('npm run move -w @kodus/ecs-move -- ')) {
      const rest = words.slice(6);
      moved.add(
        rest.filter((w) => !w.startsWith('-') && !w.startsWith('ecs/') && !w.startsWith('kodus-')).join(' '),
      );
      args = [CLI, ...rest, ...(rest.includes('--dry-run') ? [] : ['--dry-run'])];
    } else {
      throw new Error(`ecs/README.md documents a command this test does not run: ${command}`);
    }
    const result = spawnSync(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...env, INIT_CWD: work, AWS_REGION: env.AWS_REGION ?? 'us-east-1' },
      encoding: 'utf8',
    });
    expect({ command, status: result.status, stderr: result.stderr }).toEqual({
      command,
      status: 0,
      stderr: '',
    });
  }
  // Every phase of the runbook is documented for every app.
  for (const phase of ['side-by-side', 'cutover', 'rollback']) {
    for (const app of ['webhook-handler', 'api-rest', 'worker']) expect(moved).toContain(`${phase} ${app}`);
  }
  expect(moved).toContain('migrate');
  expect(moved).toContain('status');
});
