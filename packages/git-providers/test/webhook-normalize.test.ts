import { normalizeGithubWebhook, WebhookPayloadError } from '../src';
import type { WebhookOutcome } from '../src/provider-types';
import { webhookExamples, type WebhookExample } from './support/webhook-examples';

const TRIGGERS = ['opened', 'synchronize', 'reopened', 'ready_for_review'];

interface PullRequestFields {
  number: number;
  state: string;
  draft?: boolean;
  title: string;
  head: { sha: string };
  base: { sha: string };
}
interface RepositoryFields {
  name: string;
  owner: { login: string };
}

function run(example: WebhookExample, reviewDrafts: boolean, payload = example.payload): WebhookOutcome {
  return normalizeGithubWebhook({ event: example.event, deliveryId: 'delivery-1', payload, reviewDrafts });
}

/** What the outcome must be, worked out from the example independently of the code under test. */
function expectedForPullRequest(payload: Record<string, unknown>, reviewDrafts: boolean): WebhookOutcome {
  const action = String(payload.action);
  const pr = payload.pull_request as PullRequestFields;
  const repo = payload.repository as RepositoryFields;
  const draft = pr.draft ?? false;
  if (!TRIGGERS.includes(action))
    return { kind: 'ignored', reason: `pull_request.${action} is not a review trigger` };
  if (pr.state === 'closed') return { kind: 'ignored', reason: `pull request #${pr.number} is closed` };
  if (draft && !reviewDrafts) return { kind: 'ignored', reason: `pull request #${pr.number} is a draft` };
  const installation = payload.installation as { id: number } | undefined;
  const sender = payload.sender as { login: string } | undefined;
  return {
    kind: 'review',
    event: {
      provider: 'github',
      deliveryId: 'delivery-1',
      trigger: action as 'opened',
      repository: { owner: repo.owner.login, name: repo.name },
      pullRequest: { number: pr.number, headSha: pr.head.sha, baseSha: pr.base.sha, draft, title: pr.title },
      ...(installation === undefined ? {} : { installationId: installation.id }),
      ...(sender === undefined ? {} : { sender: sender.login }),
    },
  };
}

const pullRequestExamples = webhookExamples(['pull_request']);
const commentExamples = webhookExamples(['issue_comment']);
const named = (list: WebhookExample[]) =>
  list.map((e) => [`${e.source} ${e.event} #${e.index} ${String(e.payload.action)}`, e] as const);

describe('normalizeGithubWebhook on every real pull_request example', () => {
  it.each(named(pullRequestExamples))('%s', (_name, example) => {
    for (const reviewDrafts of [false, true]) {
      expect(run(example, reviewDrafts)).toEqual(expectedForPullRequest(example.payload, reviewDrafts));
    }
  });

  it('covers reviews, closed pull requests and other actions', () => {
    const outcomes = pullRequestExamples.map((e) => run(e, false));
    const reasons = outcomes.flatMap((o) => (o.kind === 'ignored' ? [o.reason] : []));
    expect(outcomes.filter((o) => o.kind === 'review').length).toBeGreaterThanOrEqual(8);
    expect(reasons).toContain('pull_request.closed is not a review trigger');
    expect(reasons).toContain('pull_request.labeled is not a review trigger');
  });

  it('ignores a draft unless drafts are reviewed, and reviews it on ready_for_review', () => {
    const opened = pullRequestExamples.find((e) => e.payload.action === 'opened')!;
    const pr = opened.payload.pull_request as PullRequestFields;
    const draft = { ...opened.payload, pull_request: { ...pr, draft: true } };
    expect(run(opened, false, draft)).toEqual({
      kind: 'ignored',
      reason: `pull request #${pr.number} is a draft`,
    });
    const outcome = run(opened, true, draft);
    expect(outcome.kind === 'review' && outcome.event.pullRequest.draft).toBe(true);
    const ready = pullRequestExamples.find((e) => e.payload.action === 'ready_for_review')!;
    expect(run(ready, false)).toMatchObject({ kind: 'review', event: { trigger: 'ready_for_review' } });
  });

  it('ignores synchronize on a closed pull request', () => {
    const sync = pullRequestExamples.find((e) => e.payload.action === 'synchronize')!;
    const closed = {
      ...sync.payload,
      pull_request: { ...(sync.payload.pull_request as object), state: 'closed' },
    };
    expect(run(sync, true, closed)).toMatchObject({
      kind: 'ignored',
      reason: expect.stringMatching(/is closed$/),
    });
  });
});

describe('normalizeGithubWebhook on every real issue_comment example', () => {
  /** The same comment, made on a pull request with the command in it (no shipped example is on one). */
  function onPullRequest(example: WebhookExample, body: string, action = 'created'): Record<string, unknown> {
    const issue = example.payload.issue as Record<string, unknown>;
    const comment = example.payload.comment as Record<string, unknown>;
    const user = comment.user as Record<string, unknown>;
    return {
      ...example.payload,
      action,
      issue: { ...issue, state: 'open', pull_request: { url: 'https://api.github.com/repos/o/r/pulls/1' } },
      comment: { ...comment, body, user: { ...user, type: 'User' } },
    };
  }

  it.each(named(commentExamples))('%s', (_name, example) => {
    const issue = example.payload.issue as { number: number; pull_request?: unknown; title: string };
    const repo = example.payload.repository as RepositoryFields;
    const asShipped = run(example, false);
    expect(asShipped.kind).toBe('ignored');

    const command = onPullRequest(example, 'Thanks! @Kodus review please', 'created');
    const installation = example.payload.installation as { id: number } | undefined;
    expect(run(example, false, command)).toEqual({
      kind: 'review',
      event: {
        provider: 'github',
        deliveryId: 'delivery-1',
        trigger: 'command',
        repository: { owner: repo.owner.login, name: repo.name },
        pullRequest: { number: issue.number, draft: false, title: issue.title },
        ...(installation === undefined ? {} : { installationId: installation.id }),
        sender: (example.payload.sender as { login: string }).login,
      },
    });
    expect(run(example, false, onPullRequest(example, '@kodus review', 'edited'))).toEqual({
      kind: 'ignored',
      reason: 'issue_comment.edited is not a review trigger',
    });
    expect(run(example, false, onPullRequest(example, '@kodus-bot review'))).toMatchObject({
      kind: 'ignored',
    });
    const byBot = onPullRequest(example, '@kodus review');
    (byBot.comment as { user: { type: string } }).user.type = 'Bot';
    expect(run(example, false, byBot)).toEqual({ kind: 'ignored', reason: 'comment written by a bot' });
  });
});

describe('normalizeGithubWebhook on every real pull_request_review_comment and pull_request_review example', () => {
  const reviewExamples = webhookExamples(['pull_request_review_comment', 'pull_request_review']);
  /** Where each event keeps the text, and the one action that asks for a review. */
  const KINDS: Record<string, { text: 'comment' | 'review'; trigger: string }> = {
    pull_request_review_comment: { text: 'comment', trigger: 'created' },
    pull_request_review: { text: 'review', trigger: 'submitted' },
  };
  function withText(example: WebhookExample, body: string | null, action?: string): Record<string, unknown> {
    const kind = KINDS[example.event]!;
    const text = example.payload[kind.text] as Record<string, unknown>;
    const user = text.user as Record<string, unknown>;
    return {
      ...example.payload,
      action: action ?? kind.trigger,
      [kind.text]: { ...text, body, user: { ...user, type: 'User' } },
    };
  }

  it('has comments and reviews from every source, with other actions too', () => {
    expect(
      reviewExamples.filter((e) => e.event === 'pull_request_review_comment').length,
    ).toBeGreaterThanOrEqual(7);
    expect(reviewExamples.filter((e) => e.event === 'pull_request_review').length).toBeGreaterThanOrEqual(7);
    const actions = new Set(reviewExamples.map((e) => `${e.event}.${String(e.payload.action)}`));
    expect(actions).toEqual(
      new Set([
        'pull_request_review_comment.created',
        'pull_request_review_comment.edited',
        'pull_request_review_comment.deleted',
        'pull_request_review.submitted',
        'pull_request_review.dismissed',
      ]),
    );
  });

  it.each(named(reviewExamples))('%s', (_name, example) => {
    const kind = KINDS[example.event]!;
    const pr = example.payload.pull_request as PullRequestFields;
    const repo = example.payload.repository as RepositoryFields;
    const installation = example.payload.installation as { id: number } | undefined;
    // As shipped, none carries the command.
    expect(run(example, false).kind).toBe('ignored');

    const command = withText(example, 'Looks odd here. @Kodus review please');
    expect(run(example, false, command)).toEqual({
      kind: 'review',
      event: {
        provider: 'github',
        deliveryId: 'delivery-1',
        trigger: 'command',
        repository: { owner: repo.owner.login, name: repo.name },
        pullRequest: {
          number: pr.number,
          headSha: pr.head.sha,
          baseSha: pr.base.sha,
          draft: pr.draft ?? false,
          title: pr.title,
        },
        ...(installation === undefined ? {} : { installationId: installation.id }),
        sender: (example.payload.sender as { login: string }).login,
      },
    });
    for (const action of ['edited', 'deleted', 'dismissed']) {
      expect(run(example, false, withText(example, '@kodus review', action))).toEqual({
        kind: 'ignored',
        reason: `${example.event}.${action} is not a review trigger`,
      });
    }
    expect(run(example, false, withText(example, '@kodus-bot review'))).toMatchObject({ kind: 'ignored' });
    expect(run(example, false, withText(example, null))).toEqual({
      kind: 'ignored',
      reason: 'comment does not contain the @kodus review command',
    });
    const byBot = withText(example, '@kodus review');
    (byBot[kind.text] as { user: { type: string } }).user.type = 'Bot';
    expect(run(example, false, byBot)).toEqual({ kind: 'ignored', reason: 'comment written by a bot' });
    const closed = { ...command, pull_request: { ...pr, state: 'closed' } };
    expect(run(example, false, closed)).toEqual({
      kind: 'ignored',
      reason: `pull request #${pr.number} is closed`,
    });
  });

  it('refuses a command without the pull request or its head', () => {
    const example = reviewExamples.find((e) => e.event === 'pull_request_review_comment')!;
    const command = withText(example, '@kodus review');
    const pr = command.pull_request as Record<string, unknown>;
    const normalize = (payload: unknown) =>
      normalizeGithubWebhook({ event: example.event, deliveryId: 'd-1', payload, reviewDrafts: false });
    expect(() => normalize({ ...command, pull_request: undefined })).toThrow(WebhookPayloadError);
    expect(() => normalize({ ...command, pull_request: { ...pr, head: {} } })).toThrow(
      /pull_request\.head\.sha/,
    );
    expect(() => normalize({ ...command, comment: undefined })).toThrow(/comment/);
  });
});

describe('normalizeGithubWebhook with other events and malformed payloads', () => {
  const base = pullRequestExamples.find((e) => e.payload.action === 'opened')!;
  const normalize = (event: string, payload: unknown) =>
    normalizeGithubWebhook({ event, deliveryId: 'd-1', payload, reviewDrafts: false });

  it('ignores ping and events that are not review triggers', () => {
    for (const ping of webhookExamples(['ping'])) {
      expect(normalize('ping', ping.payload)).toEqual({
        kind: 'ignored',
        reason: 'ping: the webhook is set up',
      });
    }
    expect(normalize('push', { ref: 'refs/heads/main' })).toEqual({
      kind: 'ignored',
      reason: 'push events do not trigger reviews',
    });
  });

  it('parses a raw JSON body given as a Buffer or a string', () => {
    const raw = JSON.stringify(base.payload);
    expect(normalize('pull_request', Buffer.from(raw))).toEqual(normalize('pull_request', base.payload));
    expect(normalize('pull_request', raw).kind).toBe('review');
  });

  const pr = base.payload.pull_request as Record<string, unknown>;
  it.each([
    ['non-JSON text', 'not json {', /not valid JSON/],
    ['a non-JSON Buffer', Buffer.from('<html>'), /not valid JSON/],
    ['null', null, /malformed GitHub pull_request payload/],
    ['an array', [1, 2], /malformed/],
    ['no action', { ...base.payload, action: undefined }, /action/],
    ['no pull_request', { ...base.payload, pull_request: undefined }, /pull_request/],
    ['no head sha', { ...base.payload, pull_request: { ...pr, head: {} } }, /pull_request\.head\.sha/],
    ['a string number', { ...base.payload, pull_request: { ...pr, number: '7' } }, /pull_request\.number/],
    [
      'an unknown state',
      { ...base.payload, pull_request: { ...pr, state: 'merged' } },
      /pull_request\.state/,
    ],
    ['no repository owner', { ...base.payload, repository: { name: 'x' } }, /repository\.owner/],
  ])('refuses %s with WebhookPayloadError', (_name, payload, message) => {
    expect(() => normalize('pull_request', payload)).toThrow(WebhookPayloadError);
    expect(() => normalize('pull_request', payload)).toThrow(message);
  });

  it('refuses an issue_comment.created without a comment, and a delivery without an id', () => {
    const comment = commentExamples[0]!;
    expect(() => normalize('issue_comment', { ...comment.payload, comment: undefined })).toThrow(/comment/);
    expect(() =>
      normalizeGithubWebhook({
        event: 'pull_request',
        deliveryId: '',
        payload: base.payload,
        reviewDrafts: false,
      }),
    ).toThrow(WebhookPayloadError);
  });
});
