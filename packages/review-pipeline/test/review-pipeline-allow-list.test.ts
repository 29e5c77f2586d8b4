import { createLogger } from '@kodus/logger';
import { createDatabasePool, migrate, type Pool, ReviewRepository } from '@kodus/persistence';
import type { ReviewJobV1 } from '@kodus/queue';
import { createTestDatabase, GithubStandIn, type TestDatabase } from '@kodus/test-helpers';
import { randomUUID } from 'node:crypto';
import { ProviderClients, ReviewPipeline } from '../src';

const logger = createLogger({ component: 'test', level: 'silent' });
const TOKEN = 'allow-list-token';
const REPO = { owner: 'acme', name: 'allowed' };
const AWS_KEY_ID = ['AK', 'IA', 'Q3VZ7KXM2PLA4RT6'].join('');
const PATCH = [
  '@@ -1,2 +1,4 @@',
  ' const a = 1;',
  `+const key = "${AWS_KEY_ID}";`,
  '+console.log(a);',
  ' export {};',
].join('\n');

describe('ReviewPipeline with allow: in .kodus.yml', () => {
  let database: TestDatabase;
  let pool: Pool;
  let reviews: ReviewRepository;
  let github: GithubStandIn;
  let pipeline: ReviewPipeline;
  let nextPr = 1;

  beforeAll(async () => {
    database = await createTestDatabase('pipeline_allow');
    await migrate(database.url, logger);
    pool = createDatabasePool({ url: database.url, applicationName: 'kodus-test', logger });
    reviews = new ReviewRepository(pool);
    github = await new GithubStandIn({ tokens: { [TOKEN]: 'kodus-bot' } }).start();
    const clients = new ProviderClients({ github: { apiUrl: github.url, token: TOKEN } });
    pipeline = new ReviewPipeline({ reviews, clientFor: (job) => clients.clientFor(job), logger });
  });
  afterAll(async () => {
    await github.stop();
    await pool.end();
    await database.drop();
  });

  function pullRequest(settings?: string) {
    const number = nextPr++;
    const headSha = randomUUID().replace(/-/g, '').padEnd(40, '0');
    const baseSha = randomUUID().replace(/-/g, '').padEnd(40, 'b');
    github.addPullRequest(REPO, {
      number,
      headSha,
      baseSha,
      files: [{ filename: 'src/app.ts', status: 'modified', patch: PATCH }],
    });
    if (settings !== undefined) github.setFileContent(REPO, baseSha, '.kodus.yml', settings);
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
    expect(await pipeline.run(first.job, { last: false })).toMatchObject({
      status: 'completed',
      findings: 2,
    });
    const comments = github.reviews(REPO, first.number)[0]?.comments ?? [];
    const secret = comments.find((c) => c.line === 2);
    const fingerprint = /Add `(kf1:[0-9a-f]{16})` to `allow\.fingerprints` in `\.kodus\.yml`/.exec(
      secret?.body ?? '',
    )?.[1];
    expect(fingerprint).toMatch(/^kf1:[0-9a-f]{16}$/);

    const second = pullRequest(
      ['secretStore: Vault', 'allow:', `  fingerprints: [${fingerprint ?? ''}]`].join('\n'),
    );
    const outcome = await pipeline.run(second.job, { last: false });
    expect(outcome).toMatchObject({ status: 'completed', findings: 1 });
    const [review] = github.reviews(REPO, second.number);
    expect(review?.comments.map((c) => c.line)).toEqual([3]);
    expect(review?.body).toContain(
      '1 finding accepted by the allow-list in .kodus.yml (allow.paths, allow.fingerprints): not posted.',
    );
  });

  it('accepts every finding of a file allow.paths names, or only the rules it lists', async () => {
    const all = pullRequest('allow:\n  paths: ["src/app.ts"]\n');
    expect(await pipeline.run(all.job, { last: false })).toMatchObject({ findings: 0 });
    expect(github.reviews(REPO, all.number)[0]?.body).toContain('2 findings accepted by the allow-list');

    const some = pullRequest('allow:\n  paths:\n    - path: src/**\n      rules: [debug/*]\n');
    expect(await pipeline.run(some.job, { last: false })).toMatchObject({ findings: 1 });
    expect(github.reviews(REPO, some.number)[0]?.comments.map((c) => c.line)).toEqual([2]);
  });

  it('falls back to the defaults, naming the key, when an allow-list entry is malformed', async () => {
    const broken = pullRequest('allow:\n  fingerprints: [kf1:123]\n');
    expect(await pipeline.run(broken.job, { last: false })).toMatchObject({ findings: 2 });
    expect(github.reviews(REPO, broken.number)[0]?.body).toContain(
      '.kodus.yml was ignored (defaults used): allow.fingerprints[0]: must look like kf1:<16 hex digits>',
    );
  });
});
