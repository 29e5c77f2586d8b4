import { z } from 'zod';
import { WebhookPayloadError } from '../errors';
import type { ReviewTrigger, WebhookOutcome } from '../provider-types';
import { containsReviewCommand } from './review-command';
import { actionEnvelope, issueCommentPayload, pullRequestPayload } from './webhook-schemas';

export interface GithubWebhookInput {
  /** The `X-GitHub-Event` header. */
  event: string;
  /** The `X-GitHub-Delivery` header. */
  deliveryId: string;
  /** The parsed JSON body, or the raw body (Buffer or string) to parse. */
  payload: unknown;
  /** Review draft pull requests too (otherwise they wait for ready_for_review). */
  reviewDrafts: boolean;
}

const PULL_REQUEST_TRIGGERS: ReadonlySet<string> = new Set<ReviewTrigger>([
  'opened',
  'synchronize',
  'reopened',
  'ready_for_review',
]);

function parsePayload(payload: unknown): unknown {
  if (!Buffer.isBuffer(payload) && typeof payload !== 'string') return payload;
  const text = Buffer.isBuffer(payload) ? payload.toString('utf8') : payload;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new WebhookPayloadError('GitHub webhook payload is not valid JSON', { cause: error });
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new WebhookPayloadError(`malformed GitHub ${what} payload:\n${z.prettifyError(result.error)}`, {
    cause: result.error,
  });
}

const ignored = (reason: string): WebhookOutcome => ({ kind: 'ignored', reason });

function normalizePullRequest(input: GithubWebhookInput, body: unknown, action: string): WebhookOutcome {
  if (!PULL_REQUEST_TRIGGERS.has(action)) return ignored(`pull_request.${action} is not a review trigger`);
  const payload = validate(pullRequestPayload, body, `pull_request.${action}`);
  const pr = payload.pull_request;
  const draft = pr.draft ?? false;
  if (pr.state === 'closed') return ignored(`pull request #${pr.number} is closed`);
  if (draft && !input.reviewDrafts) return ignored(`pull request #${pr.number} is a draft`);
  return {
    kind: 'review',
    event: {
      provider: 'github',
      deliveryId: input.deliveryId,
      trigger: action as ReviewTrigger,
      repository: { owner: payload.repository.owner.login, name: payload.repository.name },
      pullRequest: {
        number: pr.number,
        headSha: pr.head.sha,
        baseSha: pr.base.sha,
        draft,
        ...(pr.title === undefined ? {} : { title: pr.title }),
      },
      ...(payload.installation === undefined ? {} : { installationId: payload.installation.id }),
      ...(payload.sender === undefined ? {} : { sender: payload.sender.login }),
    },
  };
}

function normalizeIssueComment(input: GithubWebhookInput, body: unknown, action: string): WebhookOutcome {
  if (action !== 'created') return ignored(`issue_comment.${action} is not a review trigger`);
  const payload = validate(issueCommentPayload, body, 'issue_comment.created');
  const issue = payload.issue;
  if (issue.pull_request === undefined || issue.pull_request === null) {
    return ignored(`comment on issue #${issue.number}, not on a pull request`);
  }
  if (payload.comment.user?.type === 'Bot') return ignored('comment written by a bot');
  if (!containsReviewCommand(payload.comment.body ?? '')) {
    return ignored('comment does not contain the @kodus review command');
  }
  if (issue.state === 'closed') return ignored(`pull request #${issue.number} is closed`);
  return {
    kind: 'review',
    event: {
      provider: 'github',
      deliveryId: input.deliveryId,
      trigger: 'command',
      repository: { owner: payload.repository.owner.login, name: payload.repository.name },
      pullRequest: {
        number: issue.number,
        draft: issue.draft ?? false,
        ...(issue.title === undefined ? {} : { title: issue.title }),
      },
      ...(payload.installation === undefined ? {} : { installationId: payload.installation.id }),
      ...(payload.sender === undefined ? {} : { sender: payload.sender.login }),
    },
  };
}

/**
 * Turns a GitHub webhook delivery into a review request or a reason to ignore it. Throws
 * WebhookPayloadError when the payload is not JSON or lacks the fields a review trigger needs.
 * Verify the signature first (verifyGithubSignature).
 */
export function normalizeGithubWebhook(input: GithubWebhookInput): WebhookOutcome {
  if (typeof input.deliveryId !== 'string' || input.deliveryId.trim() === '') {
    throw new WebhookPayloadError('GitHub webhook without a delivery id (X-GitHub-Delivery)');
  }
  if (typeof input.event !== 'string' || input.event.trim() === '') {
    throw new WebhookPayloadError('GitHub webhook without an event name (X-GitHub-Event)');
  }
  const body = parsePayload(input.payload);
  if (input.event === 'ping') return ignored('ping: the webhook is set up');
  if (input.event !== 'pull_request' && input.event !== 'issue_comment') {
    return ignored(`${input.event} events do not trigger reviews`);
  }
  const { action } = validate(actionEnvelope, body, input.event);
  return input.event === 'pull_request'
    ? normalizePullRequest(input, body, action)
    : normalizeIssueComment(input, body, action);
}
