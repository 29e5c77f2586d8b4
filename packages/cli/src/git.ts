import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RepositoryReader } from '@kodus/review-engine';

const run = promisify(execFile);
const MAX_OUTPUT = 256 * 1024 * 1024;

/** `git <args>` in `cwd`; rejects with git's own message. */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run('git', [...args], { cwd, maxBuffer: MAX_OUTPUT, encoding: 'utf8' });
  return stdout;
}

/** `A..B` or `A...B`, each side a revision git can name (no option, no space). */
const RANGE = /^([^\s-.][^\s]*?)(\.\.\.?)([^\s-][^\s]*)$/;

/** The diff of a range as `git diff` prints it, and its base: A for `A..B`, the merge base for `A...B`. */
export async function diffOfRange(cwd: string, range: string): Promise<{ diff: string; base: string }> {
  const match = RANGE.exec(range);
  if (!match) throw new Error(`--range must be A..B or A...B (got ${JSON.stringify(range)})`);
  const [, from = '', dots, to = ''] = match;
  const base = dots === '...' ? (await git(cwd, ['merge-base', from, to])).trim() : from;
  const diff = await git(cwd, [
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--find-renames',
    `${from}${dots}${to}`,
    '--',
  ]);
  return { diff, base: (await git(cwd, ['rev-parse', '--verify', `${base}^{commit}`])).trim() };
}

/** The repository's files at a commit, read through git (for `.kodus.yml` and `.kody/rules` at the base). */
export function gitReader(cwd: string, commit: string): RepositoryReader {
  return {
    async listDirectory(dir) {
      const out = await git(cwd, ['ls-tree', '-r', '--name-only', '-z', commit, '--', dir]);
      return out.split('\0').filter((p) => p.length > 0);
    },
    async readFile(path) {
      try {
        return await git(cwd, ['show', `${commit}:${path}`]);
      } catch {
        return undefined;
      }
    },
  };
}
