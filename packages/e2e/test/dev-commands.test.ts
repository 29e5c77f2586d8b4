import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@kodus/test-helpers';

const json = (file: string) =>
  JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8')) as Record<string, unknown>;

describe('the developer commands', () => {
  const scripts = json('package.json').scripts as Record<string, string>;
  /** The turbo tasks a root script runs: `turbo run a b c --flags`. */
  const turboTasks = (script: string) =>
    (/turbo run ((?:[\w:]+ ?)+)/.exec(scripts[script] ?? '')?.[1] ?? '').trim().split(' ');

  it('npm test runs every check npm run lint runs (ESLint and Prettier over the whole repository)', () => {
    expect(scripts['format:check']).toBe('prettier --check .');
    expect(turboTasks('lint')).toEqual(expect.arrayContaining(['lint', 'format:check']));
    expect(turboTasks('test')).toEqual(expect.arrayContaining(turboTasks('lint')));
    expect(turboTasks('test')).toEqual(expect.arrayContaining(['typecheck', 'test']));
    // A root task: turbo runs the root package.json script once, never from a cache.
    expect((json('turbo.json').tasks as Record<string, unknown>)['//#format:check']).toEqual({
      cache: false,
    });
  });

  it('npm start replaces its shell, so the signals npm forwards reach the start script', () => {
    expect(scripts.start).toBe('exec node scripts/start-dev.mjs');
  });
});
