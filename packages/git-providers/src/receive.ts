import type { ReviewRequestEvent, WebhookDelivery, WebhookOutcome, WebhookSecrets } from './adapter';
import { WebhookPayloadError } from './errors';
import type { ProviderAdapter } from './adapter';
import { providerAdapter } from './registry';

/** The webhook contract's answers (the HTTP layer adds 413 for bodies over the limit and 503 from `enqueue`). */
export type ReceiveAnswer =
  | { status: 202; body: { jobId: string }; event: ReviewRequestEvent }
  | { status: 200; body: { ignored: string }; event?: ReviewRequestEvent }
  | { status: 400 | 401 | 404; body: { message: string } };

export interface ReceivePorts {
  secrets: WebhookSecrets;
  /** Records the head as the last seen for the pull request; answers the one it replaced (null: none). */
  swapLastHead(pullRequest: string, headSha: string): Promise<string | null>;
  /**
   * Undoes `swapLastHead` when the review could not be queued, or when the swap got no answer (`previous`
   * null: forgets the head if it is still this one), so the redelivery does not look unmoved.
   */
  restoreLastHead(pullRequest: string, headSha: string, previous: string | null): Promise<void>;
  /** Queues the review; answers the job id. Its errors (queue unavailable, a job the contract refuses) propagate. */
  enqueue(event: ReviewRequestEvent): Promise<string>;
}

/**
 * The one receive path for every provider (`POST /webhooks/:provider`): the provider's adapter verifies
 * the delivery (401), normalizes it to the neutral event (400 malformed, 200 ignored), events that count
 * only when the head moved are compared with the last head seen (200 ignored when it did not), then the
 * review is queued (202). Unknown provider: 404.
 */
export async function receiveWebhook(
  provider: string,
  delivery: WebhookDelivery,
  body: unknown,
  ports: ReceivePorts,
  adapterFor: (name: string) => ProviderAdapter | undefined = providerAdapter,
): Promise<ReceiveAnswer> {
  const adapter = adapterFor(provider);
  if (adapter === undefined)
    return { status: 404, body: { message: `no webhook receiver for ${provider.slice(0, 40)}` } };
  const verified = adapter.webhook.verify(delivery, ports.secrets);
  if (!verified.ok) return { status: 401, body: { message: verified.detail } };
  let outcome: WebhookOutcome;
  try {
    outcome = adapter.webhook.normalize(delivery, body);
  } catch (error) {
    if (error instanceof WebhookPayloadError) return { status: 400, body: { message: error.message } };
    throw error;
  }
  if (outcome.kind === 'ignored') return { status: 200, body: { ignored: outcome.reason } };
  const event = outcome.event;
  const head = event.onlyIfHeadMoved;
  if (head === undefined) return { status: 202, body: { jobId: await ports.enqueue(event) }, event };
  const pullRequest = `${event.provider}:${adapter.fullName(event.repository)}#${event.pullRequest.number}`;
  let previous: string | null;
  try {
    previous = await ports.swapLastHead(pullRequest, head);
  } catch (error) {
    // No answer (Redis stalled past the deadline): the record may still be made. Forgotten again after it,
    // in Redis's order on the same connection, so the provider's redelivery is not taken for an unmoved
    // head. Its answer is not waited for: the answer now is a 503.
    ports.restoreLastHead(pullRequest, head, null).catch(() => undefined);
    throw error;
  }
  if (previous === head) {
    return {
      status: 200,
      body: { ignored: `the head of pull request #${event.pullRequest.number} did not move` },
      event,
    };
  }
  try {
    return { status: 202, body: { jobId: await ports.enqueue(event) }, event };
  } catch (error) {
    await ports.restoreLastHead(pullRequest, head, previous).catch(() => undefined);
    throw error;
  }
}
