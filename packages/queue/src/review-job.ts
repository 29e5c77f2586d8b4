import { z } from 'zod';

/**
 * The review job contract between producers (webhook-handler, api, the delivery-log sweeper) and the
 * worker. Versioned: version 2 carries a provider-neutral repository locator; version 1 jobs (GitHub
 * shaped, still queued or in the delivery log when an upgrade rolls out) are upgraded by
 * `upgradeReviewJob`. A worker refuses (permanently) a version it does not know rather than guessing.
 */
export const REVIEW_JOB_VERSION = 2;

const DELIVERY_ID = /^[A-Za-z0-9._-]{1,200}$/;
const deliveryId = z.string().regex(DELIVERY_ID, 'must be 1-200 letters, digits, ".", "_" or "-"');

/**
 * One part of a repository's full name (a GitHub owner or repository name, a Bitbucket slug): never
 * `.` or `..`, which a URL would resolve into another API path. Control characters, lone surrogates,
 * spaces, `/` and `%` are all refused here, at the edge, so they never reach a provider call. The same
 * rules live in @kodus/git-providers (repository-name.ts), where the adapters check names.
 */
export const REPOSITORY_NAME_PART = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,100}$/;
const namePart = z
  .string()
  .regex(REPOSITORY_NAME_PART, 'must be 1-100 letters, digits, ".", "_" or "-", and not "." or ".."');

const GITLAB_SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,255}$/;
function isGitlabPathShape(path: string): boolean {
  const segments = path.split('/');
  return segments.length >= 2 && segments.length <= 21 && segments.every((s) => GITLAB_SEGMENT.test(s));
}
/** A GitLab project's full path: 2 to 21 segments (groups and subgroups, then the project). */
const gitlabPath = z
  .string()
  .max(1024)
  .refine(
    isGitlabPathShape,
    'must be group[/subgroup...]/project, each part letters, digits, ".", "_" or "-", not "." or ".."',
  );

// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const AZURE_NAME = /^(?![._ ])(?!.*[. ]$)[^\\/:*?"<>|;#${},+=[\]%&\u0000-\u001f\u007f]{1,64}$/u;
/** Azure DevOps project and repository names: spaces allowed, none of its reserved characters. */
const azureName = z
  .string()
  .regex(AZURE_NAME, 'is not an Azure DevOps name')
  .refine((name) => name.isWellFormed(), 'is not well-formed text');

function isCollectionUrlShape(value: string): boolean {
  const url = URL.parse(value);
  return (
    url !== null &&
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === ''
  );
}
/** An http(s) URL with no credentials, query or fragment: the Azure DevOps organization or collection URL. */
const collectionUrl = z
  .string()
  .max(500)
  .refine(isCollectionUrlShape, 'must be an http(s) URL without credentials, query or fragment');

const BITBUCKET_WORKSPACE = /^[A-Za-z0-9_-]{1,100}$/;
const AZURE_ORGANIZATION = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
/** The patterns of z.uuid() and z.iso.datetime() (UTC, any precision), for the fast check. */
const UUID = z.regexes.uuid();
const ISO_DATETIME = z.regexes.datetime({});

/** Where the repository lives, with what each provider's API needs (the same shape as git-providers' RepositoryLocator). */
export const repositoryLocatorSchema = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('github'), owner: namePart, name: namePart }),
  z.object({
    provider: z.literal('gitlab'),
    path: gitlabPath,
    projectId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  }),
  z.object({
    provider: z.literal('bitbucket'),
    workspace: z.string().regex(BITBUCKET_WORKSPACE, 'is not a Bitbucket workspace id'),
    slug: namePart,
  }),
  z.object({
    provider: z.literal('azure-devops'),
    collectionUrl,
    organization: z.string().regex(AZURE_ORGANIZATION, 'is not an Azure DevOps organization'),
    project: azureName,
    repository: azureName,
    repositoryId: z.uuid().optional(),
  }),
]);

export type RepositoryLocator = z.infer<typeof repositoryLocatorSchema>;

const PROVIDERS = ['github', 'gitlab', 'bitbucket', 'azure-devops'] as const;
const TRIGGERS = ['opened', 'updated', 'reopened', 'ready_for_review', 'command', 'manual'] as const;
const HEAD_SHA = /^[0-9a-f]{7,64}$/;
const MAX_PULL_REQUEST_NUMBER = 2147483647;

const pullRequest = z.object({
  number: z.number().int().positive().max(MAX_PULL_REQUEST_NUMBER),
  /** Known for pull-request events; the worker looks it up for comment commands and manual runs. */
  headSha: z.string().regex(HEAD_SHA).optional(),
  draft: z.boolean().optional(),
});
const installationId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * The version 2 job's fields. A job is valid when this parses AND its locator is of the job's provider:
 * validate with `upgradeReviewJob`, which checks both (the check is not a refinement here, so that
 * `.pick()` and `.shape` stay usable).
 */
export const reviewJobSchema = z.object({
  version: z.literal(REVIEW_JOB_VERSION),
  provider: z.enum(PROVIDERS),
  /** The provider's delivery id (X-GitHub-Delivery, GitLab Idempotency-Key...), or `manual-<uuid>` for an API trigger. */
  deliveryId,
  /** Neutral: GitHub `synchronize`, GitLab `update`, Bitbucket/Azure `updated` are all `updated`. */
  trigger: z.enum(TRIGGERS),
  repository: repositoryLocatorSchema,
  pullRequest,
  /** The GitHub App installation the delivery came through (or the API looked up). */
  githubInstallationId: installationId.optional(),
  requestedBy: z.string().max(200).optional(),
  receivedAt: z.iso.datetime(),
});

export type ReviewJob = z.infer<typeof reviewJobSchema>;

/** Version 1, GitHub shaped: `owner/name`, GitHub's `synchronize`, `installationId`. */
export const reviewJobSchemaV1 = z.object({
  version: z.literal(1),
  provider: z.enum(PROVIDERS),
  deliveryId,
  trigger: z.enum(['opened', 'synchronize', 'reopened', 'ready_for_review', 'command', 'manual']),
  repository: z.object({ owner: namePart, name: namePart }),
  pullRequest,
  installationId: installationId.optional(),
  requestedBy: z.string().max(200).optional(),
  receivedAt: z.iso.datetime(),
});

export type ReviewJobV1 = z.infer<typeof reviewJobSchemaV1>;

/** A job as producers may hand it over: the current version, or a version 1 job still around. */
export type AnyReviewJob = ReviewJob | ReviewJobV1;

export type UpgradeResult =
  { success: true; data: ReviewJob; upgradedFrom?: 1 } | { success: false; error: z.ZodError };

function v1Locator(job: ReviewJobV1): unknown {
  const { owner, name } = job.repository;
  switch (job.provider) {
    case 'github':
      return { provider: 'github', owner, name };
    case 'gitlab':
      return { provider: 'gitlab', path: `${owner}/${name}` };
    case 'bitbucket':
      return { provider: 'bitbucket', workspace: owner, slug: name };
    case 'azure-devops':
      // Version 1 never carried a collection URL or a project: nothing to address the repository by.
      return undefined;
  }
}

/**
 * Any job from Redis or the delivery log, as the current version: a version 2 job validated, a version
 * 1 job mapped (trigger `synchronize` → `updated`, `installationId` → `githubInstallationId`, owner/name →
 * the provider's locator) and validated again. The job id (`<provider>-<deliveryId>`) does not change.
 */
export function upgradeReviewJob(data: unknown): UpgradeResult {
  const version =
    typeof data === 'object' && data !== null ? (data as { version?: unknown }).version : undefined;
  if (version !== 1) return parseCurrent(data);
  const v1 = reviewJobSchemaV1.safeParse(data);
  if (!v1.success) return v1;
  const job = v1.data;
  const repository = v1Locator(job);
  if (repository === undefined) {
    return {
      success: false,
      error: new z.ZodError([
        {
          code: 'custom',
          path: ['repository'],
          message: `a version 1 ${job.provider} job has no collection URL or project and cannot be upgraded`,
          input: job.repository,
        },
      ]),
    };
  }
  const upgraded = parseCurrent({
    version: REVIEW_JOB_VERSION,
    provider: job.provider,
    deliveryId: job.deliveryId,
    trigger: job.trigger === 'synchronize' ? 'updated' : job.trigger,
    repository,
    pullRequest: job.pullRequest,
    ...(job.installationId === undefined ? {} : { githubInstallationId: job.installationId }),
    ...(job.requestedBy === undefined ? {} : { requestedBy: job.requestedBy }),
    receivedAt: job.receivedAt,
  });
  return upgraded.success ? { success: true, data: upgraded.data, upgradedFrom: 1 } : upgraded;
}

function parseCurrent(data: unknown): UpgradeResult {
  // The jobs producers build (every webhook delivery) pass the fast check; anything else, valid or
  // not, goes through the schema, which strips unknown keys and says what is wrong.
  if (isCanonicalReviewJob(data)) return { success: true, data };
  const parsed = reviewJobSchema.safeParse(data);
  if (!parsed.success || parsed.data.repository.provider === parsed.data.provider) return parsed;
  const issue = {
    code: 'custom' as const,
    path: ['repository', 'provider'],
    message: 'must be the job’s provider',
    input: parsed.data.repository.provider,
  };
  return { success: false, error: new z.ZodError([issue]) };
}

/**
 * The version 2 contract checked without zod, for the hot path (webhook ingest validates each job
 * once, ~1 µs instead of ~10): true only for a plain object that `reviewJobSchema` accepts unchanged —
 * every field valid, no key the schema would strip, the locator of the job's provider. False means "ask
 * the schema" (it may still accept the job after stripping keys). Built from the schema's own patterns and
 * predicates; review-job.test.ts checks it against the schema on valid jobs and on mutations of each field.
 */
export function isCanonicalReviewJob(data: unknown): data is ReviewJob {
  if (!isPlainRecord(data) || !hasOnly(data, JOB_KEYS)) return false;
  const provider = data.provider;
  if (
    data.version !== REVIEW_JOB_VERSION ||
    !(PROVIDERS as readonly unknown[]).includes(provider) ||
    !matches(DELIVERY_ID, data.deliveryId) ||
    !(TRIGGERS as readonly unknown[]).includes(data.trigger) ||
    !matches(ISO_DATETIME, data.receivedAt)
  ) {
    return false;
  }
  const pr = data.pullRequest;
  if (
    !isPlainRecord(pr) ||
    !hasOnly(pr, PULL_REQUEST_KEYS) ||
    !isIntegerIn(pr.number, MAX_PULL_REQUEST_NUMBER) ||
    (pr.headSha !== undefined && !matches(HEAD_SHA, pr.headSha)) ||
    (pr.draft !== undefined && typeof pr.draft !== 'boolean')
  ) {
    return false;
  }
  if (
    (data.githubInstallationId !== undefined &&
      !isIntegerIn(data.githubInstallationId, Number.MAX_SAFE_INTEGER)) ||
    (data.requestedBy !== undefined &&
      (typeof data.requestedBy !== 'string' || data.requestedBy.length > 200))
  ) {
    return false;
  }
  const repo = data.repository;
  if (!isPlainRecord(repo) || repo.provider !== provider) return false;
  switch (provider) {
    case 'github':
      return (
        hasOnly(repo, GITHUB_KEYS) &&
        matches(REPOSITORY_NAME_PART, repo.owner) &&
        matches(REPOSITORY_NAME_PART, repo.name)
      );
    case 'gitlab':
      return (
        hasOnly(repo, GITLAB_KEYS) &&
        typeof repo.path === 'string' &&
        repo.path.length <= 1024 &&
        isGitlabPathShape(repo.path) &&
        (repo.projectId === undefined || isIntegerIn(repo.projectId, Number.MAX_SAFE_INTEGER))
      );
    case 'bitbucket':
      return (
        hasOnly(repo, BITBUCKET_KEYS) &&
        matches(BITBUCKET_WORKSPACE, repo.workspace) &&
        matches(REPOSITORY_NAME_PART, repo.slug)
      );
    default:
      return (
        hasOnly(repo, AZURE_KEYS) &&
        typeof repo.collectionUrl === 'string' &&
        repo.collectionUrl.length <= 500 &&
        isCollectionUrlShape(repo.collectionUrl) &&
        matches(AZURE_ORGANIZATION, repo.organization) &&
        isAzureName(repo.project) &&
        isAzureName(repo.repository) &&
        (repo.repositoryId === undefined || matches(UUID, repo.repositoryId))
      );
  }
}

const JOB_KEYS: ReadonlySet<string> = new Set(Object.keys(reviewJobSchema.shape));
const PULL_REQUEST_KEYS: ReadonlySet<string> = new Set(Object.keys(pullRequest.shape));
const [GITHUB_KEYS, GITLAB_KEYS, BITBUCKET_KEYS, AZURE_KEYS] = repositoryLocatorSchema.options.map(
  (option): ReadonlySet<string> => new Set(Object.keys(option.shape)),
) as [ReadonlySet<string>, ReadonlySet<string>, ReadonlySet<string>, ReadonlySet<string>];

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function hasOnly(record: Record<string, unknown>, keys: ReadonlySet<string>): boolean {
  for (const key of Object.keys(record)) if (!keys.has(key)) return false;
  return true;
}

function matches(pattern: RegExp, value: unknown): boolean {
  return typeof value === 'string' && pattern.test(value);
}

function isIntegerIn(value: unknown, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= max;
}

function isAzureName(value: unknown): boolean {
  return typeof value === 'string' && AZURE_NAME.test(value) && value.isWellFormed();
}

/** One delivery → one job: the job id is derived from the provider and its delivery id. */
export function reviewJobId(job: Pick<ReviewJob, 'provider' | 'deliveryId'>): string {
  return `${job.provider}-${job.deliveryId}`;
}

/**
 * The repository's full name as stored with reviews and shown by the API: GitHub `owner/name`, GitLab
 * `group/subgroup/project`, Bitbucket `workspace/repo`, Azure `organization/project/repository`
 * (the adapters' `fullName` gives the same).
 */
export function repositoryFullName(repo: RepositoryLocator): string {
  switch (repo.provider) {
    case 'github':
      return `${repo.owner}/${repo.name}`;
    case 'gitlab':
      return repo.path;
    case 'bitbucket':
      return `${repo.workspace}/${repo.slug}`;
    case 'azure-devops':
      return `${repo.organization}/${repo.project}/${repo.repository}`;
  }
}

/** A review request as a provider adapter normalizes it (git-providers' ReviewRequestEvent). */
export interface ReviewRequest {
  provider: ReviewJob['provider'];
  deliveryId: string;
  trigger: ReviewJob['trigger'];
  repository: RepositoryLocator;
  pullRequest: { number: number; headSha?: string; draft: boolean };
  githubInstallationId?: number;
  sender?: string;
}

/** The queue's review job for a normalized provider event (validated when enqueued). */
export function reviewJobFor(event: ReviewRequest, receivedAt: Date): ReviewJob {
  return {
    version: REVIEW_JOB_VERSION,
    provider: event.provider,
    deliveryId: event.deliveryId,
    trigger: event.trigger,
    repository: event.repository,
    pullRequest: {
      number: event.pullRequest.number,
      ...(event.pullRequest.headSha === undefined ? {} : { headSha: event.pullRequest.headSha }),
      draft: event.pullRequest.draft,
    },
    ...(event.githubInstallationId === undefined ? {} : { githubInstallationId: event.githubInstallationId }),
    ...(event.sender === undefined ? {} : { requestedBy: event.sender }),
    receivedAt: receivedAt.toISOString(),
  };
}
