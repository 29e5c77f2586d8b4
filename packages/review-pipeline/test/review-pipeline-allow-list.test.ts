import type { ReviewJobV1 } from '@kodus/queue';
import { randomUUID } from 'node:crypto';
import { KEY_AND_CONSOLE_LOG_PATCH, useGithubPipeline } from './support/github-pipeline';

const TOKEN = 'allow-list-token';
const REPO = { owner: 'acme', name: 'allowed' };

describe('ReviewPipeline with allow: in .kodus.yml', () => {
  const env = useGithubPipeline({ database: 'pipeline_allow', token: TOKEN });

  /** A pull request in acme/allowed changing src/app.ts, its base's .kodus.yml, and its job. */
  function pullRequest(settings?: string) {
    const { number, headSha } = env.openPullRequest(REPO, {
      settings,
      files: [{ filename: 'src/app.ts', status: 'modified', patch: KEY_AND_CONSOLE_LOG_PATCH }],
    });
    const job: ReviewJobV1 = {
      version: 1,
      provider: 'github',
      deliveryId: randomUUID(),
      trigger: 'opened',
      repository: REPO,
      pullRequest: { number, headSha },
      receivedAt: new Date().toISOString(),
    };
    return { number, job };
  }

  it('shows each analyzer finding’s fingerprint; listed in allow.fingerprints, it is not posted again', async () => {
    const first = pullRequest();
    const done = await env.pipeline.run(first.job, { last: false });
    expect(done).toMatchObject({ status: 'completed', findings: 2 });
    const comments = env.github.reviews(REPO, first.number)[0]?.comments ?? [];
    const secret = comments.find((c) => c.line === 2);
    const fingerprint = /Add `(kf1:[0-9a-f]{16})` to `allow\.fingerprints` in `\.kodus\.yml`/.exec(
      secret?.body ?? '',
    )?.[1];
    expect(fingerprint).toMatch(/^kf1:[0-9a-f]{16}$/);
    // Stored with the suggestion, as the API shows it.
    const stored = (await env.reviews.get(done.reviewId))?.suggestions ?? [];
    expect(stored.find((s) => s.line === 2)?.fingerprint).toBe(fingerprint);
    expect(stored.every((s) => s.fingerprint !== null && /^kf1:[0-9a-f]{16}$/.test(s.fingerprint))).toBe(
      true,
    );

    const second = pullRequest(
      ['secretStore: Vault', 'allow:', `  fingerprints: [${fingerprint ?? ''}]`].join('\n'),
    );
    const outcome = await env.pipeline.run(second.job, { last: false });
    expect(outcome).toMatchObject({ status: 'completed', findings: 1 });
    const [review] = env.github.reviews(REPO, second.number);
    expect(review?.comments.map((c) => c.line)).toEqual([3]);
    expect(review?.body).toContain(
      '1 finding accepted by the allow-list in .kodus.yml (allow.paths, allow.fingerprints): not posted.',
    );
  });

  it('accepts every finding of a file allow.paths names, or only the rules it lists', async () => {
    const all = pullRequest('allow:\n  paths: ["src/app.ts"]\n');
    expect(await env.pipeline.run(all.job, { last: false })).toMatchObject({ findings: 0 });
    expect(env.github.reviews(REPO, all.number)[0]?.body).toContain('2 findings accepted by the allow-list');

    const some = pullRequest('allow:\n  paths:\n    - path: src/**\n      rules: [debug/*]\n');
    expect(await env.pipeline.run(some.job, { last: false })).toMatchObject({ findings: 1 });
    expect(env.github.reviews(REPO, some.number)[0]?.comments.map((c) => c.line)).toEqual([2]);
  });

  it('falls back to the defaults, naming the key, when an allow-list entry is malformed', async () => {
    const broken = pullRequest('allow:\n  fingerprints: [kf1:123]\n');
    expect(await env.pipeline.run(broken.job, { last: false })).toMatchObject({ findings: 2 });
    expect(env.github.reviews(REPO, broken.number)[0]?.body).toContain(
      '.kodus.yml was ignored (defaults used): allow.fingerprints[0]: must look like kf1:<16 hex digits>',
    );
  });
});
