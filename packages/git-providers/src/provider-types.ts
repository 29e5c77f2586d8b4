/**
 * What GitHub's webhook normalizer produces (GitHub words: `synchronize`, `installationId`); the GitHub
 * adapter maps it onto the neutral ReviewRequestEvent (src/adapter.ts). Internal to this package.
 */

export type ProviderName = 'github' | 'gitlab' | 'bitbucket' | 'azure-devops';

/** A repository by owner (user, organization, group or project) and name; fullName = `${owner}/${name}`. */
export interface RepositoryRef {
  owner: string;
  name: string;
}

/** Why a review is due: a pull request change, or someone asking for it in a comment. */
export type ReviewTrigger = 'opened' | 'synchronize' | 'reopened' | 'ready_for_review' | 'command';

/** A pull request that should be reviewed, as any provider's webhook reports it. */
export interface PullRequestEvent {
  provider: ProviderName;
  /** The provider's id of this webhook delivery (GitHub: X-GitHub-Delivery): for de-duplication. */
  deliveryId: string;
  trigger: ReviewTrigger;
  repository: RepositoryRef;
  pullRequest: {
    number: number;
    /** Absent for `command`: the worker fetches the current head. */
    headSha?: string;
    baseSha?: string;
    draft: boolean;
    title?: string;
  };
  /** The GitHub App installation the delivery came through, when it came through an app. */
  installationId?: number;
  /** Login of whoever caused the event. */
  sender?: string;
}

export type WebhookOutcome =
  { kind: 'review'; event: PullRequestEvent } | { kind: 'ignored'; reason: string };
