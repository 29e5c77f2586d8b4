import { z } from 'zod';
import { WebhookPayloadError } from '../errors';
import type { ReviewTrigger, WebhookOutcome } from '../provider-types';
import { containsReviewCommand } from './review-command';
import {
  actionEnvelope,
  issueCommentPayload,
  pullRequestPayload,
  reviewCommentPayload,
  reviewPayload,
} from './webhook-schemas';

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

/** Why a comment (or a review's text) asks for no review: written by a bot, or without the command. */
function notACommand(text: {
  body: string | null;
  user: { type?: string | undefined } | null;
}): string | undefined {
  if (text.user?.type === 'Bot') return 'comment written by a bot';
  if (!containsReviewCommand(text.body ?? '')) return 'comment does not contain the @kodus review command';
  return undefined;
}

function normalizeIssueComment(input: GithubWebhookInput, body: unknown, action: string): WebhookOutcome {
  if (action !== 'created') return ignored(`issue_comment.${action} is not a review trigger`);
  const payload = validate(issueCommentPayload, body, 'issue_comment.created');
  const issue = payload.issue;
  if (issue.pull_request === undefined || issue.pull_request === null) {
    return ignored(`comment on issue #${issue.number}, not on a pull request`);
  }
  const notCommand = notACommand(payload.comment);
  if (notCommand !== undefined) return ignored(notCommand);
  if (issue.state === 'closed') return ignored(`pull request #${issue.number} is closed`);
  return commandReview(input, payload, {
    number: issue.number,
    draft: issue.draft ?? false,
    ...(issue.title === undefined ? {} : { title: issue.title }),
  });
}

/** `@kodus review` asked on a pull request: a review of it (its head, when the payload carries it). */
function commandReview(
  input: GithubWebhookInput,
  payload: {
    repository: { owner: { login: string }; name: string };
    installation?: { id: number } | undefined;
    sender?: { login: string } | undefined;
  },
  pullRequest: { number: number; draft: boolean; title?: string; headSha?: string; baseSha?: string },
): WebhookOutcome {
  return {
    kind: 'review',
    event: {
      provider: 'github',
      deliveryId: input.deliveryId,
      trigger: 'command',
      repository: { owner: payload.repository.owner.login, name: payload.repository.name },
      pullRequest,
      ...(payload.installation === undefined ? {} : { installationId: payload.installation.id }),
      ...(payload.sender === undefined ? {} : { sender: payload.sender.login }),
    },
  };
}

/**
 * The command in a comment on a line of the diff (`pull_request_review_comment`, created) or in a review's
 * text (`pull_request_review`, submitted): like issue_comment, but the pull request, its head included,
 * comes from the payload's `pull_request`. Edits, deletions and dismissals never ask for a review.
 */
function normalizeReviewText(
  input: GithubWebhookInput,
  body: unknown,
  event: 'pull_request_review_comment' | 'pull_request_review',
  action: string,
): WebhookOutcome {
  const trigger = event === 'pull_request_review' ? 'submitted' : 'created';
  if (action !== trigger) return ignored(`${event}.${action} is not a review trigger`);
  const payload =
    event === 'pull_request_review'
      ? validate(reviewPayload, body, `${event}.${action}`)
      : validate(reviewCommentPayload, body, `${event}.${action}`);
  const pr = payload.pull_request;
  const notCommand = notACommand('review' in payload ? payload.review : payload.comment);
  if (notCommand !== undefined) return ignored(notCommand);
  if (pr.state === 'closed') return ignored(`pull request #${pr.number} is closed`);
  return commandReview(input, payload, {
    number: pr.number,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    draft: pr.draft ?? false,
    ...(pr.title === undefined ? {} : { title: pr.title }),
  });
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
  const event = input.event;
  if (
    event !== 'pull_request' &&
    event !== 'issue_comment' &&
    event !== 'pull_request_review_comment' &&
    event !== 'pull_request_review'
  ) {
    return ignored(`${event} events do not trigger reviews`);
  }
  const { action } = validate(actionEnvelope, body, event);
  if (event === 'pull_request') return normalizePullRequest(input, body, action);
  if (event === 'issue_comment') return normalizeIssueComment(input, body, action);
  return normalizeReviewText(input, body, event, action);
}
