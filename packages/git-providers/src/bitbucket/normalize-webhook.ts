import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import type {
  ReviewRequestEvent,
  ReviewTrigger,
  VerifyResult,
  WebhookAdapter,
  WebhookOutcome,
} from '../adapter';
import { WebhookPayloadError } from '../errors';
import { containsReviewCommand } from '../github/review-command';
import { readBitbucketKey } from './hidden-key';
import { verifyBitbucketSignature } from './signature';
import { pullRequestCommentPayload, pullRequestPayload } from './webhook-schemas';

/** Bitbucket sends at most a few hundred characters here; anything longer is not Bitbucket. */
const MAX_HEADER = 200;
/** Account types that are not a person: Connect apps and access tokens (`app_user`), workspaces (`team`). */
const BOT_ACCOUNT_TYPES: ReadonlySet<string> = new Set(['app_user', 'team']);

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : undefined;
}

function requiredHeader(headers: IncomingHttpHeaders, name: string, what: string): string {
  const value = header(headers, name);
  if (value === undefined) throw new WebhookPayloadError(`Bitbucket webhook without ${what} (${name})`);
  if (value.length > MAX_HEADER || !/^[\x21-\x7e]+$/.test(value)) {
    throw new WebhookPayloadError(`Bitbucket webhook with a malformed ${name} header`);
  }
  return value;
}

function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new WebhookPayloadError(`malformed Bitbucket ${what} payload:\n${z.prettifyError(result.error)}`, {
    cause: result.error,
  });
}

/** `X-Request-UUID`, without the braces Bitbucket writes around UUIDs elsewhere; what a job id may hold. */
function deliveryIdOf(headers: IncomingHttpHeaders): string {
  const id = requiredHeader(headers, 'x-request-uuid', 'a delivery id').replace(/^\{(.*)\}$/, '$1');
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(id)) {
    throw new WebhookPayloadError('Bitbucket webhook with a malformed X-Request-UUID header');
  }
  return id;
}

const ignored = (reason: string): WebhookOutcome => ({ kind: 'ignored', reason });

function locator(fullName: string): ReviewRequestEvent['repository'] {
  const [workspace = '', slug = ''] = fullName.split('/');
  return { provider: 'bitbucket', workspace, slug };
}

function reviewOf(
  deliveryId: string,
  trigger: ReviewTrigger,
  payload: z.infer<typeof pullRequestPayload>,
  onlyIfHeadMoved?: string,
): WebhookOutcome {
  const pr = payload.pullrequest;
  // A display name, bounded: it is only for the logs.
  const sender = payload.actor?.display_name?.slice(0, 100).toWellFormed();
  return {
    kind: 'review',
    event: {
      provider: 'bitbucket',
      deliveryId,
      trigger,
      repository: locator(payload.repository.full_name),
      // No headSha: the payload's is abbreviated (12 characters); the worker reads the full one from the API.
      pullRequest: { number: pr.id, draft: pr.draft ?? false },
      ...(onlyIfHeadMoved === undefined ? {} : { onlyIfHeadMoved }),
      ...(sender === undefined ? {} : { sender }),
    },
  };
}

function normalizePullRequest(deliveryId: string, event: string, body: unknown): WebhookOutcome {
  const payload = validate(pullRequestPayload, body, event);
  const pr = payload.pullrequest;
  if (pr.state !== 'OPEN') return ignored(`pull request #${pr.id} is ${pr.state.toLowerCase()}`);
  // Pull-request payloads carry 12-character hashes; the worker resolves the full SHA through the API.
  const head = pr.source.commit.hash;
  // `pullrequest:updated` also fires for title edits, draft toggles and reviewer changes, and its body does
  // not say what changed: a review only when the source commit moved (the receive path compares it with
  // the head it last saw). A creation sets it too, so that head is recorded for the updates that follow.
  const trigger = event === 'pullrequest:created' ? 'opened' : 'updated';
  return reviewOf(deliveryId, trigger, payload, head);
}

function normalizeComment(deliveryId: string, body: unknown): WebhookOutcome {
  const payload = validate(pullRequestCommentPayload, body, 'pullrequest:comment_created');
  const { comment, pullrequest: pr } = payload;
  const author = comment.user ?? payload.actor;
  if (author?.type !== undefined && BOT_ACCOUNT_TYPES.has(author.type)) {
    return ignored('comment written by a bot');
  }
  const text = comment.content.raw ?? '';
  // Kodus' own comments carry a hidden key; one quoting the command must not start a review.
  if (readBitbucketKey(text) !== undefined) return ignored('comment written by Kodus');
  if (!containsReviewCommand(text)) return ignored('comment does not contain the @kodus review command');
  if (pr.state !== 'OPEN') return ignored(`pull request #${pr.id} is ${pr.state.toLowerCase()}`);
  return reviewOf(deliveryId, 'command', payload);
}

/**
 * Turns a Bitbucket Cloud delivery into a review request or a reason to ignore it. The event is only in
 * `X-Event-Key` (the body names none); the delivery id is `X-Request-UUID`.
 */
export function normalizeBitbucketWebhook(headers: IncomingHttpHeaders, body: unknown): WebhookOutcome {
  const event = requiredHeader(headers, 'x-event-key', 'an event name');
  const deliveryId = deliveryIdOf(headers);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new WebhookPayloadError('Bitbucket webhook body is not a JSON object');
  }
  switch (event) {
    case 'pullrequest:created':
    case 'pullrequest:updated':
      return normalizePullRequest(deliveryId, event, body);
    case 'pullrequest:comment_created':
      return normalizeComment(deliveryId, body);
    default:
      return ignored(`${event} events do not trigger reviews`);
  }
}

/** Verifies `X-Hub-Signature` when a secret is configured (a webhook without one sends none). */
export function verifyBitbucketDelivery(
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
  secret: string | undefined,
): VerifyResult {
  if (secret === undefined || secret === '') return { ok: true };
  const signature = header(headers, 'x-hub-signature');
  if (signature === undefined) {
    return {
      ok: false,
      problem: 'missing',
      detail: 'no X-Hub-Signature header (is the webhook secret set?)',
    };
  }
  return verifyBitbucketSignature(rawBody, signature, secret)
    ? { ok: true }
    : { ok: false, problem: 'invalid', detail: 'X-Hub-Signature does not match the body' };
}

export const bitbucketWebhook: WebhookAdapter = {
  verify: (delivery, secrets) =>
    verifyBitbucketDelivery(delivery.headers, delivery.rawBody, secrets.bitbucket),
  normalize: (delivery, body) => normalizeBitbucketWebhook(delivery.headers, body),
};
