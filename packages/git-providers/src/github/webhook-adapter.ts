import type {
  ReviewRequestEvent,
  ReviewTrigger,
  VerifyResult,
  WebhookAdapter,
  WebhookDelivery,
  WebhookOutcome,
} from '../adapter';
import { WebhookPayloadError } from '../errors';
import { normalizeGithubWebhook } from './normalize-webhook';
import { verifyGithubSignature } from './signature';

const EVENT = /^[a-z_]{1,64}$/;
const DELIVERY = /^[A-Za-z0-9._-]{1,200}$/;

function header(delivery: WebhookDelivery, name: string): string | undefined {
  const value = delivery.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** GitHub's `synchronize` is the neutral `updated`; the other triggers keep their names. */
const TRIGGERS: Record<string, ReviewTrigger> = {
  opened: 'opened',
  synchronize: 'updated',
  reopened: 'reopened',
  ready_for_review: 'ready_for_review',
  command: 'command',
};

/** GitHub sends JSON, or `payload=<json>` when the hook's content type is form-encoded. */
function payloadOf(delivery: WebhookDelivery, body: unknown): unknown {
  const type = header(delivery, 'content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return body ?? delivery.rawBody;
  const form = body as Record<string, unknown> | undefined;
  const payload =
    typeof form?.payload === 'string'
      ? form.payload
      : new URLSearchParams(delivery.rawBody.toString('utf8')).get('payload');
  if (typeof payload !== 'string')
    throw new WebhookPayloadError('form-encoded webhook without a payload field');
  try {
    return JSON.parse(payload);
  } catch (error) {
    throw new WebhookPayloadError('the payload field is not JSON', { cause: error });
  }
}

/** GitHub webhooks: `X-Hub-Signature-256` (HMAC-SHA256 of the raw body), delivery id `X-GitHub-Delivery`. */
export const githubWebhook: WebhookAdapter = {
  verify(delivery, secrets): VerifyResult {
    const secret = secrets.github;
    if (secret === undefined) return { ok: true };
    const signature = header(delivery, 'x-hub-signature-256');
    if (signature === undefined)
      return { ok: false, problem: 'missing', detail: 'missing X-Hub-Signature-256' };
    return verifyGithubSignature(delivery.rawBody, signature, secret)
      ? { ok: true }
      : { ok: false, problem: 'invalid', detail: 'invalid X-Hub-Signature-256' };
  },

  normalize(delivery, body): WebhookOutcome {
    const event = header(delivery, 'x-github-event');
    const deliveryId = header(delivery, 'x-github-delivery');
    if (event === undefined || !EVENT.test(event)) {
      throw new WebhookPayloadError('missing or invalid X-GitHub-Event header');
    }
    if (deliveryId === undefined || !DELIVERY.test(deliveryId)) {
      throw new WebhookPayloadError('missing or invalid X-GitHub-Delivery header');
    }
    // Drafts are queued too: the worker decides with the repository's settings (reviewDrafts).
    const outcome = normalizeGithubWebhook({
      event,
      deliveryId,
      payload: payloadOf(delivery, body),
      reviewDrafts: true,
    });
    if (outcome.kind === 'ignored') return outcome;
    const { event: legacy } = outcome;
    const trigger = TRIGGERS[legacy.trigger];
    if (trigger === undefined) throw new WebhookPayloadError(`unexpected GitHub trigger ${legacy.trigger}`);
    const neutral: ReviewRequestEvent = {
      provider: 'github',
      deliveryId: legacy.deliveryId,
      trigger,
      repository: { provider: 'github', owner: legacy.repository.owner, name: legacy.repository.name },
      pullRequest: {
        number: legacy.pullRequest.number,
        draft: legacy.pullRequest.draft,
        ...(legacy.pullRequest.headSha === undefined ? {} : { headSha: legacy.pullRequest.headSha }),
      },
      ...(legacy.installationId === undefined ? {} : { githubInstallationId: legacy.installationId }),
      ...(legacy.sender === undefined ? {} : { sender: legacy.sender }),
    };
    return { kind: 'review', event: neutral };
  },
};
