import { isDeepStrictEqual } from 'node:util';
import {
  isCanonicalReviewJob,
  repositoryFullName,
  type RepositoryLocator,
  reviewJobId,
  reviewJobSchema,
  upgradeReviewJob,
} from '../src/review-job';

const job = (repository: unknown, provider = (repository as { provider: string }).provider) => ({
  version: 2,
  provider,
  deliveryId: 'delivery-1',
  trigger: 'opened',
  repository,
  pullRequest: { number: 7 },
  receivedAt: new Date().toISOString(),
});
const github = (owner: string, name: string) => job({ provider: 'github', owner, name });
const azure = (project: string, repository: string) =>
  job({
    provider: 'azure-devops',
    collectionUrl: 'https://dev.azure.com/acme',
    organization: 'acme',
    project,
    repository,
  });

describe('review job contract v2: repository locators', () => {
  it('accepts the names each provider allows', () => {
    const good: RepositoryLocator[] = [
      { provider: 'github', owner: 'Acme-Corp', name: 'my.repo_name-2' },
      { provider: 'github', owner: 'user_emu', name: '.github' },
      { provider: 'gitlab', path: 'group/sub.group/deeper/project-x', projectId: 42 },
      { provider: 'bitbucket', workspace: 'acme-team', slug: 'web.app' },
      {
        provider: 'azure-devops',
        collectionUrl: 'https://tfs.example.com/tfs/DefaultCollection',
        organization: 'DefaultCollection',
        project: 'Fabrikam Fiber',
        repository: 'Web App (legacy)',
        repositoryId: '3411ebc1-d5aa-464f-9615-0b527bc66719',
      },
    ];
    for (const repository of good) expect(reviewJobSchema.safeParse(job(repository)).error).toBeUndefined();
  });

  it('refuses path tricks and hostile characters, per provider', () => {
    for (const bad of ['..', '.', 'a/b', 'a\0b', 'a\ud800b', 'a b', 'a%2e', 'x'.repeat(101), '']) {
      expect(reviewJobSchema.safeParse(github(bad, 'app')).success).toBe(false);
      expect(reviewJobSchema.safeParse(github('acme', bad)).success).toBe(false);
    }
    for (const path of ['project', 'group/../project', 'group//project', '/group/project', 'g/p\0', 'g/ p']) {
      expect(reviewJobSchema.safeParse(job({ provider: 'gitlab', path })).success).toBe(false);
    }
    for (const name of [
      'a/b',
      'a\\b',
      '.hidden',
      '_x',
      'trailing.',
      ' padded',
      'a\u0001b',
      'a%b',
      'x'.repeat(65),
    ]) {
      expect(reviewJobSchema.safeParse(azure(name, 'repo')).success).toBe(false);
      expect(reviewJobSchema.safeParse(azure('Project', name)).success).toBe(false);
    }
    const withUrl = (collectionUrl: string) =>
      job({ provider: 'azure-devops', collectionUrl, organization: 'acme', project: 'p', repository: 'r' });
    for (const url of [
      'ftp://x',
      'https://user:pw@dev.azure.com/acme',
      'https://dev.azure.com/acme?x=1',
      'nope',
    ]) {
      expect(reviewJobSchema.safeParse(withUrl(url)).success).toBe(false);
    }
  });

  it('refuses a locator of another provider than the job', () => {
    expect(upgradeReviewJob(job({ provider: 'gitlab', path: 'a/b' }, 'github')).success).toBe(false);
  });

  it('names repositories the way the API shows them', () => {
    expect(repositoryFullName({ provider: 'gitlab', path: 'a/b/c' })).toBe('a/b/c');
    expect(repositoryFullName({ provider: 'bitbucket', workspace: 'w', slug: 's' })).toBe('w/s');
    const parsed = reviewJobSchema.parse(azure('Fabrikam Fiber', 'web'));
    expect(repositoryFullName(parsed.repository)).toBe('acme/Fabrikam Fiber/web');
  });
});

describe('upgrading version 1 jobs (queued in the old shape)', () => {
  const v1 = {
    version: 1,
    provider: 'github',
    deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    trigger: 'synchronize',
    repository: { owner: 'acme', name: 'api' },
    pullRequest: { number: 5, headSha: 'a'.repeat(40), draft: false },
    installationId: 77,
    requestedBy: 'octocat',
    receivedAt: '2026-11-29T10:00:00.000Z',
  };

  it('maps a GitHub job: locator, neutral trigger, githubInstallationId; same job id', () => {
    const result = upgradeReviewJob(v1);
    expect(result).toEqual({
      success: true,
      upgradedFrom: 1,
      data: {
        version: 2,
        provider: 'github',
        deliveryId: v1.deliveryId,
        trigger: 'updated',
        repository: { provider: 'github', owner: 'acme', name: 'api' },
        pullRequest: v1.pullRequest,
        githubInstallationId: 77,
        requestedBy: 'octocat',
        receivedAt: v1.receivedAt,
      },
    });
    expect(result.success && reviewJobId(result.data)).toBe(reviewJobId(v1 as never));
  });

  it('maps GitLab and Bitbucket owner/name; refuses Azure (no collection URL or project) and broken v1 jobs', () => {
    expect(upgradeReviewJob({ ...v1, provider: 'gitlab' })).toMatchObject({
      success: true,
      data: { repository: { provider: 'gitlab', path: 'acme/api' } },
    });
    expect(upgradeReviewJob({ ...v1, provider: 'bitbucket' })).toMatchObject({
      success: true,
      data: { repository: { provider: 'bitbucket', workspace: 'acme', slug: 'api' } },
    });
    const azureV1 = upgradeReviewJob({ ...v1, provider: 'azure-devops' });
    expect(azureV1.success).toBe(false);
    expect(azureV1.success ? '' : azureV1.error.issues[0]?.message).toMatch(/cannot be upgraded/);
    expect(upgradeReviewJob({ ...v1, repository: { owner: '..', name: 'x' } }).success).toBe(false);
  });

  it('passes version 2 through, and refuses versions it does not know', () => {
    const v2 = github('acme', 'api');
    expect(upgradeReviewJob(v2)).toMatchObject({ success: true, data: v2 });
    expect(upgradeReviewJob({ ...v2, version: 3 }).success).toBe(false);
    expect(upgradeReviewJob(null).success).toBe(false);
  });
});

describe('the fast contract check (isCanonicalReviewJob) agrees with the schema', () => {
  /** What the schema says, as upgradeReviewJob decided before the fast check: valid, and nothing stripped. */
  function schemaCanonical(value: unknown): boolean {
    const parsed = reviewJobSchema.safeParse(value);
    if (!parsed.success || parsed.data.repository.provider !== parsed.data.provider) return false;
    const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;
    return isDeepStrictEqual(plain(parsed.data), plain(value));
  }

  const base = (repository: Record<string, unknown>): Record<string, unknown> => ({
    version: 2,
    provider: repository.provider,
    deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    trigger: 'updated',
    repository,
    pullRequest: { number: 42, headSha: 'a1b2c3d'.repeat(5).slice(0, 40), draft: false },
    githubInstallationId: 77,
    requestedBy: 'octocat',
    receivedAt: '2026-11-29T16:21:51.123Z',
  });
  const valid = [
    base({ provider: 'github', owner: 'acme', name: 'api' }),
    base({ provider: 'gitlab', path: 'group/sub/project', projectId: 12 }),
    base({ provider: 'gitlab', path: 'group/project' }),
    base({ provider: 'bitbucket', workspace: 'acme-team', slug: 'web.app' }),
    base({
      provider: 'azure-devops',
      collectionUrl: 'https://dev.azure.com/acme',
      organization: 'acme',
      project: 'Fabrikam Fiber',
      repository: 'Web App (legacy)',
      repositoryId: '3411ebc1-d5aa-464f-9615-0b527bc66719',
    }),
    { ...base({ provider: 'github', owner: 'acme', name: 'api' }), pullRequest: { number: 1 } },
  ];
  const oddValues: unknown[] = [
    undefined,
    null,
    '',
    'x',
    ' acme',
    '..',
    'a\ud800b',
    'a\u0000b',
    'x'.repeat(201),
    -1,
    0,
    1.5,
    2 ** 31,
    2 ** 53,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    {},
    [],
    'github',
    'azure-devops',
    'manual',
    'synchronize',
    'ABCDEF1',
    'abcdef1',
    'f'.repeat(65),
    '2024-02-29T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2026-11-29T16:21:51+01:00',
    '2026-11-29T24:00:00Z',
    '2026-11-29 16:21:51Z',
    '+275760-09-13T00:00:00.000Z',
    '00000000-0000-0000-0000-000000000000',
    '3411ebc1-d5aa-964f-9615-0b527bc66719',
    'http://tfs.local:8080/tfs/Default',
    'https://user:pw@dev.azure.com/acme',
    'https://dev.azure.com/acme?x=1',
    'ftp://dev.azure.com/acme',
    'g/p',
    'g//p',
    Array.from({ length: 22 }, () => 'g').join('/'),
    Array.from({ length: 5 }, () => 'p'.repeat(250)).join('/'),
    `https://dev.azure.com/${'a'.repeat(490)}`,
  ];

  const allPlain = (v: unknown): boolean =>
    typeof v !== 'object' ||
    v === null ||
    Array.isArray(v) ||
    (Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every(allPlain));

  /** Every job reached by replacing one field (at any depth) with each odd value, or adding an unknown key. */
  function* mutations(value: Record<string, unknown>): Generator<unknown> {
    yield { ...value, extra: 1 };
    yield Object.assign(Object.create({ inherited: 1 }) as object, value);
    for (const key of Object.keys(value)) {
      const field = value[key];
      for (const odd of oddValues) yield { ...value, [key]: odd };
      const { [key]: _dropped, ...without } = value;
      yield without;
      if (typeof field === 'object' && field !== null) {
        for (const inner of mutations(field as Record<string, unknown>)) yield { ...value, [key]: inner };
      }
    }
  }

  it('accepts, unchanged, the jobs producers build for every provider', () => {
    for (const job of valid) {
      expect(isCanonicalReviewJob(job)).toBe(true);
      expect(upgradeReviewJob(job)).toEqual({ success: true, data: job });
    }
  });

  it('says yes exactly when the schema accepts a plain job as it is, over thousands of mutations', () => {
    let checked = 0;
    let canonical = 0;
    for (const job of valid) {
      for (const mutated of mutations(job)) {
        const expected = schemaCanonical(mutated);
        // A job with a prototype of its own is left to the schema (false), never accepted as it is.
        const plain = allPlain(mutated);
        if (isCanonicalReviewJob(mutated) !== (expected && plain)) {
          throw new Error(`disagrees with the schema (schema: ${expected}) on ${JSON.stringify(mutated)}`);
        }
        checked++;
        if (expected) canonical++;
        // Whatever the fast check says, upgradeReviewJob answers as the schema does.
        const upgraded = upgradeReviewJob(mutated);
        expect(upgraded.success).toBe(reviewJobSchema.safeParse(mutated).success && upgraded.success);
      }
    }
    expect(checked).toBeGreaterThan(2000);
    expect(canonical).toBeGreaterThan(50);
  });
});
