import { createHmac, randomUUID } from 'node:crypto';

/** What a `pull_request` delivery names; the rest has GitHub's usual values. */
export interface GithubPullRequestEventInput {
  repo: { owner: string; name: string };
  number: number;
  headSha: string;
  /** Default `'b'.repeat(40)`, the stand-ins' usual base. */
  baseSha?: string;
  /** Default `opened`. */
  action?: string;
  /** Default `Change <number>`. */
  title?: string;
  /** The author and the sender. Default `octocat`. */
  login?: string;
  /** Fields added to (or replacing) `pull_request`'s own. */
  pullRequest?: Record<string, unknown>;
  /** Fields added to the payload (`installation`, `before`/`after`...). */
  extra?: Record<string, unknown>;
}

/** GitHub's `pull_request` webhook payload: the fields Kodus reads, as GitHub sends them. */
export function githubPullRequestEvent(input: GithubPullRequestEventInput): Record<string, unknown> {
  const { repo, number } = input;
  const login = input.login ?? 'octocat';
  return {
    action: input.action ?? 'opened',
    number,
    pull_request: {
      number,
      state: 'open',
      draft: false,
      title: input.title ?? `Change ${number}`,
      user: { login },
      head: { sha: input.headSha, ref: `change-${number}` },
      base: { sha: input.baseSha ?? 'b'.repeat(40), ref: 'main' },
      ...input.pullRequest,
    },
    repository: { name: repo.name, full_name: `${repo.owner}/${repo.name}`, owner: { login: repo.owner } },
    sender: { login },
    ...input.extra,
  };
}

/** `sha256=<hex>`: the X-Hub-Signature-256 of `body` under `secret`. */
export function githubSignature(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The headers of a GitHub delivery of `body` signed with `secret` (event `pull_request` by default). */
export function githubDeliveryHeaders(
  body: string | Buffer,
  secret: string,
  options: { event?: string; deliveryId?: string } = {},
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-github-event': options.event ?? 'pull_request',
    'x-github-delivery': options.deliveryId ?? randomUUID(),
    'x-hub-signature-256': githubSignature(body, secret),
  };
}
