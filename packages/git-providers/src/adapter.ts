/**
 * The provider-neutral seam: what every Git provider adapter implements, and what the rest of Kodus
 * (the webhook receive path, the job contract, the review pipeline) may rely on. Everything
 * provider-specific lives in the provider's own folder (`src/<provider>/`) behind these types; adding a
 * provider is one new folder plus one line in the registry (`src/registry.ts`).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { PostingAccountStore } from './publish/own-posts';

export type ProviderName = 'github' | 'gitlab' | 'bitbucket' | 'azure-devops';
export const PROVIDER_NAMES: readonly ProviderName[] = ['github', 'gitlab', 'bitbucket', 'azure-devops'];

/**
 * Where a repository lives, with what each provider's API needs to address it. Names are always
 * present (a manual review names the repository by its full path); ids are carried when a webhook
 * gave them, and are preferred by the clients then.
 */
export type RepositoryLocator =
  | { provider: 'github'; owner: string; name: string }
  /** `path` is the full path with subgroups (`group/subgroup/project`); the API takes the id or the encoded path. */
  | { provider: 'gitlab'; path: string; projectId?: number }
  | { provider: 'bitbucket'; workspace: string; slug: string }
  | {
      provider: 'azure-devops';
      /** The organization (`https://dev.azure.com/ORG`) or collection (`https://server/tfs/Collection`) URL. */
      collectionUrl: string;
      /** The organization or collection name, the first part of the full name. */
      organization: string;
      project: string;
      repository: string;
      repositoryId?: string;
    };

/** Why a review is due. Provider words map onto these (GitHub `synchronize`, GitLab `update` → `updated`). */
export type ReviewTrigger = 'opened' | 'updated' | 'reopened' | 'ready_for_review' | 'command' | 'manual';

/** A pull (merge) request that should be reviewed, as any provider's webhook reports it. */
export interface ReviewRequestEvent {
  provider: ProviderName;
  /** The provider's delivery id (GitHub X-GitHub-Delivery, GitLab Idempotency-Key, Bitbucket X-Request-UUID, Azure body id). */
  deliveryId: string;
  trigger: ReviewTrigger;
  repository: RepositoryLocator;
  pullRequest: {
    number: number;
    /** Full SHA when the payload carries one; absent (or abbreviated: Bitbucket's 12 characters) otherwise. */
    headSha?: string;
    draft: boolean;
  };
  /**
   * Set when the event is a review only if the head moved since the last event for this pull request
   * (Bitbucket `pullrequest:updated`, Azure `git.pullrequest.updated`): the receive path compares it with
   * the head it last saw (kept in Redis) and ignores the event when it did not move.
   */
  onlyIfHeadMoved?: string;
  /** GitHub App installation the delivery came through. */
  githubInstallationId?: number;
  /** Who caused the event (login or display name), for the logs. */
  sender?: string;
}

export type WebhookOutcome =
  { kind: 'review'; event: ReviewRequestEvent } | { kind: 'ignored'; reason: string };

/** The parts of an HTTP delivery an adapter may look at. */
export interface WebhookDelivery {
  headers: IncomingHttpHeaders;
  /** The exact bytes received: signatures are computed over these. */
  rawBody: Buffer;
}

/** The webhook secrets from the environment (`WebhookConfig.webhookSecrets`). */
export interface WebhookSecrets {
  github?: string;
  gitlab?: string;
  bitbucket?: string;
  azureDevops?: { user: string; password: string };
}

export type VerifyResult =
  | { ok: true }
  /** `missing`: no credential sent while a secret is configured; `invalid`: a wrong one. Both answer 401. */
  | { ok: false; problem: 'missing' | 'invalid'; detail: string };

export interface WebhookAdapter {
  /** Checks the delivery's signature or token against the configured secret (constant time). No secret configured: ok. */
  verify(delivery: WebhookDelivery, secrets: WebhookSecrets): VerifyResult;
  /**
   * The neutral event, or why the delivery starts no review. Throws WebhookPayloadError (→ 400) for a
   * body or headers the provider would never send; never reads the network.
   */
  normalize(delivery: WebhookDelivery, body: unknown): WebhookOutcome;
}

/** One file a pull request changes, with its unified-diff hunks (starting at `@@`, no ---/+++ headers). */
export interface ChangedFile {
  path: string;
  previousPath?: string;
  status: 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  /** Absent for binary files and for diffs too large for the provider to include. */
  patch?: string;
  additions: number;
  deletions: number;
}

export interface PullRequestDetails {
  number: number;
  /** Full SHAs. */
  headSha: string;
  baseSha: string;
  /** GitLab's `start_sha` (needed for a diff position); other providers: equal to baseSha. */
  startSha: string;
  draft: boolean;
  state: 'open' | 'closed';
  title: string;
  description: string;
}

/** The reviewed head, pinned: every read of a review uses these SHAs, never "whatever the head is now". */
export interface PinnedHead {
  number: number;
  headSha: string;
  baseSha: string;
  startSha: string;
}

/** Every comment Kodus posts carries a hidden key (`<!-- kodus:key=... -->`): how a retry finds what it already posted. */
export interface PostedComment {
  key: string;
  /** The provider's id of the comment (note, thread...), when the listing gives one. */
  id?: string;
  kind: 'inline' | 'summary';
  path?: string;
  line?: number;
  /** The comment's visible text (markup included, the hidden key removed), for de-duplication. */
  body: string;
  url?: string;
}

export interface InlineCommentToPost {
  key: string;
  path: string;
  /** A line of the NEW file that the pull request changed. */
  line: number;
  body: string;
}

export interface ReviewToPublish {
  head: PinnedHead;
  summary: { key: string; body: string };
  comments: InlineCommentToPost[];
}

export interface PublishOptions {
  /** The pull request's posted comments, listed moments before by the same attempt. */
  posted?: readonly PostedComment[];
}

export interface PublishResult {
  /** Where the summary is (a review, a note, a comment, a thread). */
  summaryUrl?: string;
  summaryId: string;
  /** Keys posted now, and keys found already posted (a retry after a half-finished publish). */
  posted: string[];
  alreadyPosted: string[];
  /** Comments the provider refused (a line it cannot place): lost alone, never the review. */
  refused: { key: string; reason: string }[];
}

/** What the review worker needs from a Git provider. Every method throws GitProviderError on failure. */
export interface GitProviderClient {
  getPullRequest(repo: RepositoryLocator, number: number): Promise<PullRequestDetails>;
  /** Every changed file between the pinned base and head (all pages). */
  listChangedFiles(repo: RepositoryLocator, head: PinnedHead): Promise<ChangedFile[]>;
  /**
   * Optional, for a provider whose file list follows the pull request's current head: every changed file
   * (all pages), then the pull request as it is after them. One read fewer than getPullRequest, then
   * listChangedFiles (which reads the pull request again after the files to pin them). The files are
   * those of `pullRequest.headSha` when that head was already current before they were read: true for a
   * job that names its head, which the caller then compares with it. Not for a job without a head.
   */
  readPullRequestWithFiles?(
    repo: RepositoryLocator,
    number: number,
  ): Promise<{ pullRequest: PullRequestDetails; files: ChangedFile[] }>;
  /**
   * Files changed from one head to a later one (incremental review). `undefined` when `fromSha` is not
   * an ancestor of `toSha` (a force-push): the caller reviews everything.
   */
  listChangedFilesBetween(
    repo: RepositoryLocator,
    fromSha: string,
    toSha: string,
  ): Promise<ChangedFile[] | undefined>;
  /** The text of `path` at `ref`; undefined when there is no such file; UnreadableFileError when it is not text. */
  readFile(repo: RepositoryLocator, path: string, ref: string): Promise<string | undefined>;
  /**
   * Paths of the files under `dir` at `ref`, at any depth (bounded: LIST_DIRECTORY_LIMITS); [] when there
   * is no such directory. Optional: Kody Rules in `.kody/rules` are read only where a provider lists.
   */
  listDirectory?(repo: RepositoryLocator, dir: string, ref: string): Promise<string[]>;
  /** Every comment Kodus posted on the pull request (found by their hidden keys), all pages. */
  listPostedComments(repo: RepositoryLocator, number: number): Promise<PostedComment[]>;
  /**
   * Posts what is not posted yet, idempotently: a second call with the same review posts nothing. GitHub
   * posts one atomic review; providers without one list what is posted and post each missing comment,
   * then the summary (one per reviewed head). `options.posted`: what listPostedComments answered earlier
   * in the same attempt (under the head's lease, so nothing else posted meanwhile), used instead of
   * listing again.
   */
  publish(
    repo: RepositoryLocator,
    number: number,
    review: ReviewToPublish,
    options?: PublishOptions,
  ): Promise<PublishResult>;
}

/** Provider access from the worker's environment (`WorkerConfig`), per provider. */
export interface ProviderAccess {
  github: { apiUrl: string; token?: string; app?: { id: string; privateKey: string } };
  gitlab: { url: string; token?: string };
  bitbucket: { apiUrl: string; token?: string; username?: string; appPassword?: string };
  azureDevops: { url?: string; token?: string };
}

/** What a client is made for: one job's repository, and what the worker lends every client. */
export interface ClientContext {
  repository: RepositoryLocator;
  githubInstallationId?: number;
  /** Where a client keeps the accounts its own posts revealed, across restarts (own-posts mode). */
  accounts?: PostingAccountStore;
}

export interface ProviderAdapter {
  name: ProviderName;
  webhook: WebhookAdapter;
  /**
   * The locator for a full name given to the API (`POST /reviews`): GitHub `owner/name`, GitLab
   * `group/subgroup/project`, Bitbucket `workspace/repo`, Azure `organization/project/repo` (its collection
   * URL from the access settings). Throws RepositoryNameError for a name the provider cannot have.
   */
  parseFullName(fullName: string, access: ProviderAccess): RepositoryLocator;
  /** The full name shown in the API and stored with reviews. */
  fullName(repo: RepositoryLocator): string;
  /** Whether the worker has credentials for this provider at all (warned about once at start). */
  configured(access: ProviderAccess): boolean;
  /**
   * Which credential a job's client uses, as a cache key: jobs with the same key may share one client
   * (and its cached tokens). Absent: one client per provider (one credential each).
   */
  clientCacheKey?(access: ProviderAccess, context: ClientContext): string;
  /** A client for one job's repository; clients may be cached by the caller per credential. */
  createClient(access: ProviderAccess, context: ClientContext): GitProviderClient;
}
