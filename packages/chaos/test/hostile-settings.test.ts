import type { StandInRepository } from '@kodus/test-helpers';
import { reportCounts } from '../src/counts';
import { KodusStack } from '../src/kodus-stack';
import { scenario } from '../src/profile';
import { BASE_SHA, fileWithFinding, pullRequestEvent, sha } from '../src/pull-requests';

/** A review's deadline in this scenario (REVIEW_TIMEOUT_MS): a hostile review must end well within it. */
const REVIEW_TIMEOUT_MS = 30000;

/** A YAML "billion laughs": nine levels of nine aliases each. */
function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    const previous = names[i - 1]!;
    lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${previous}`).join(',')}]`);
  }
  return `${lines.join('\n')}\nignore: *i\n`;
}

const REDOS_SETTINGS = [
  'rules:',
  '  - id: only-as',
  "    pattern: '^(a+)+$'",
  '    message: a line of nothing but a',
].join('\n');

/**
 * A hostile `.kodus.yml` on the base branch (where settings are read from): the review still completes,
 * with the defaults and a note where the file is unusable, within its deadline; a review of another
 * repository delivered at the same time completes too.
 */
describe('chaos: hostile .kodus.yml', () => {
  let stack: KodusStack;
  let next = 1;

  beforeAll(async () => {
    stack = await new KodusStack({
      label: 'hostile_settings',
      env: { REVIEW_TIMEOUT_MS: String(REVIEW_TIMEOUT_MS) },
    }).prepare();
    await Promise.all([stack.start('webhook-handler'), stack.start('worker', { WORKER_CONCURRENCY: '2' })]);
  }, 120000);
  afterAll(async () => {
    const { leaks } = stack.secretLeaks();
    await stack.stop();
    expect(leaks).toEqual([]);
  });

  /** A pull request on `repo` whose one file has a finding (and a 40-char line of `a` then `!`). */
  function addPullRequest(repo: StandInRepository): { number: number; head: string } {
    const number = next++;
    const head = sha(`${repo.name}-${number}`);
    const file = fileWithFinding('src/a.ts');
    file.patch = `${file.patch}\n+${'a'.repeat(40)}!`.replace('@@ -0,0 +1,3 @@', '@@ -0,0 +1,4 @@');
    stack.github.addPullRequest(repo, { number, headSha: head, baseSha: BASE_SHA, files: [file] });
    return { number, head };
  }

  /** `unusable`: the file cannot be used at all, so the review says so in a note and runs on defaults. */
  async function hostile(
    name: string,
    install: (repo: StandInRepository) => void,
    unusable = true,
  ): Promise<void> {
    const hostileRepo = { owner: 'chaos', name: `hostile-${name}` };
    const otherRepo = { owner: 'chaos', name: `calm-${name}` };
    install(hostileRepo);
    const target = addPullRequest(hostileRepo);
    const other = addPullRequest(otherRepo);
    const started = Date.now();
    const answers = await Promise.all([
      stack.deliver(pullRequestEvent(hostileRepo, target.number, target.head)),
      stack.deliver(pullRequestEvent(otherRepo, other.number, other.head)),
    ]);
    const rows = await stack.waitForRows(
      'both reviews to finish',
      (all) =>
        [hostileRepo, otherRepo].every((repo) =>
          all.some(
            (r) =>
              r.repository === `${repo.owner}/${repo.name}` &&
              ['completed', 'failed', 'skipped'].includes(r.status),
          ),
        ),
      3 * REVIEW_TIMEOUT_MS,
    );
    const ms = Date.now() - started;
    const row = (repo: StandInRepository) => rows.find((r) => r.repository === `${repo.owner}/${repo.name}`);
    const posted = stack.github.reviews(hostileRepo, target.number);
    reportCounts(`hostile-settings-${name}`, {
      accepted: answers.filter((a) => a.status === 202).length,
      processed: [hostileRepo, otherRepo].filter((repo) => row(repo)?.status === 'completed').length,
      lost: [hostileRepo, otherRepo].filter((repo) => row(repo) === undefined).length,
      duplicated: Math.max(0, posted.length - 1),
      hostileStatus: row(hostileRepo)?.status ?? 'none',
      ms,
    });
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(row(otherRepo)?.status).toBe('completed');
    expect(row(hostileRepo)).toMatchObject({ status: 'completed' });
    expect(posted).toHaveLength(1);
    // The defaults still ran: the `debugger` finding is there.
    expect(posted[0]?.comments.map((c) => c.path)).toContain('src/a.ts');
    if (unusable) expect(posted[0]?.body).toContain('.kodus.yml');
    // Within its deadline: the first attempt finished it (an attempt past REVIEW_TIMEOUT_MS is retried).
    expect(row(hostileRepo)?.attempts).toBe(1);
  }

  scenario(
    'hostile .kodus.yml: YAML alias bomb',
    () =>
      hostile('alias-bomb', (repo) => stack.github.setFileContent(repo, BASE_SHA, '.kodus.yml', aliasBomb())),
    120000,
  );
  scenario(
    'hostile .kodus.yml: a 2 MB file',
    () =>
      hostile('two-megabytes', (repo) =>
        stack.github.setFileContent(repo, BASE_SHA, '.kodus.yml', `# ${'x'.repeat(2 * 1024 * 1024)}\n`),
      ),
    120000,
  );
  scenario(
    'hostile .kodus.yml: a directory',
    () =>
      hostile('directory', (repo) =>
        stack.github.setFileContent(repo, BASE_SHA, '.kodus.yml/settings.yml', 'reviewDrafts: true\n'),
      ),
    120000,
  );
  // Last: before the linear-time engine, this one blocks the worker's event loop for good.
  scenario(
    'hostile .kodus.yml: ReDoS rule',
    () =>
      hostile(
        'redos',
        (repo) => stack.github.setFileContent(repo, BASE_SHA, '.kodus.yml', REDOS_SETTINGS),
        false,
      ),
    120000,
  );
});
