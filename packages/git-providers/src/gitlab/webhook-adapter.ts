import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type {
  ReviewRequestEvent,
  ReviewTrigger,
  VerifyResult,
  WebhookAdapter,
  WebhookDelivery,
  WebhookOutcome,
} from '../adapter';
import { WebhookPayloadError } from '../errors';
import { containsReviewCommand } from '../github/review-command';
import { readHiddenKey } from '../publish';
import {
  envelope,
  mergeRequestHook,
  type MergeRequestHook,
  noteHook,
  type NoteHook,
} from './webhook-schemas';

const EVENT = /^[A-Za-z ]{1,64}$/;
const DELIVERY = /^[A-Za-z0-9._-]{1,200}$/;

/** Which body each event header carries; `Service Hook` (integrations) and `System Hook` carry any. */
const KIND_OF_EVENT: Record<string, string | undefined> = {
  'Merge Request Hook': 'merge_request',
  'Note Hook': 'note',
  'Service Hook': undefined,
  'System Hook': undefined,
};

const MERGE_REQUEST_TRIGGERS: Record<string, ReviewTrigger | undefined> = {
  open: 'opened',
  reopen: 'reopened',
  update: 'updated',
};

/**
 * Bot accounts by username: project and group access-token bots (`project_12_bot_3f…`,
 * `group_4_bot`), service accounts (`service_account_…`), GitLab's internal bots (`alert-bot`,
 * `support-bot`...). GitLab's webhook `user` object carries no bot flag.
 */
const BOT_USERNAME = /^(?:(?:project|group)_\d+_bot\w*|service_account_[\w-]*|[\w.-]+[-_]bot|ghost)$/i;

function header(delivery: WebhookDelivery, name: string): string | undefined {
  const value = delivery.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * `X-Gitlab-Token` against `GITLAB_WEBHOOK_TOKEN`, in constant time: both are hashed first, so neither
 * the comparison nor an early length check tells an attacker anything. GitLab sends the token with
 * line breaks removed (web_hook_service.rb `remove_line_breaks`), so the secret is compared the same way.
 */
export function verifyGitlabToken(given: string | undefined, secret: string): boolean {
  if (typeof given !== 'string' || secret === '') return false;
  return timingSafeEqual(digest(given), digest(secret.replace(/\r?\n/g, '')));
}

function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new WebhookPayloadError(`malformed GitLab ${what} payload:\n${z.prettifyError(result.error)}`, {
    cause: result.error,
  });
}

/**
 * The delivery id: `Idempotency-Key`, generated once per delivery and kept across GitLab's retries.
 * GitLab before 17.x does not send it: then `X-Gitlab-Webhook-UUID` (GitLab 16.2 and later), which is new
 * on every attempt, so a retried delivery of such a GitLab is not recognised as the same one (the per-head
 * publish keys still keep its comments from being posted twice). GitLab before 16.2 sends neither: then
 * the id is derived from the event itself (`derivedDeliveryId`), for an event that starts a review.
 * `X-Gitlab-Event-UUID` is never used: one push shares it across several hooks.
 * Undefined when neither header is there; a header that is there must be a valid id (else 400).
 */
function headerDeliveryId(delivery: WebhookDelivery): string | undefined {
  const id = header(delivery, 'idempotency-key') ?? header(delivery, 'x-gitlab-webhook-uuid');
  if (id !== undefined && !DELIVERY.test(id)) {
    throw new WebhookPayloadError('invalid Idempotency-Key (or X-Gitlab-Webhook-UUID) header');
  }
  return id;
}

/**
 * The delivery id of a GitLab that sends no delivery header (before 16.2), built from what identifies the
 * event in its body, so a retry of the same event gets the same id (and one job):
 * - merge request hook: `mr-<project id>-<iid>-<action>-<head commit>[-<oldrev>]`: a push is a new head
 *   (or a new oldrev); closing and reopening twice on one head counts once;
 * - note hook: `note-<project id>-<note id>`.
 * Without those fields there is no stable id: 400, as for a delivery without the header before.
 */
function derivedDeliveryId(payload: MergeRequestHook | NoteHook): string {
  const parts =
    payload.object_kind === 'note'
      ? ['note', payload.project.id, payload.object_attributes.id]
      : [
          'mr',
          payload.project.id,
          payload.object_attributes.iid,
          payload.object_attributes.action,
          payload.object_attributes.last_commit?.id,
          ...(payload.object_attributes.oldrev ? [payload.object_attributes.oldrev] : []),
        ];
  const id = parts.join('-');
  if (parts.some((part) => part === undefined || part === null) || !DELIVERY.test(id)) {
    const field =
      payload.object_kind === 'note' ? 'object_attributes.id' : 'object_attributes.last_commit.id';
    throw new WebhookPayloadError(
      `missing Idempotency-Key (or X-Gitlab-Webhook-UUID) header, and no ${field} to derive a delivery id from`,
    );
  }
  return id;
}

const ignored = (reason: string): WebhookOutcome => ({ kind: 'ignored', reason });

function repositoryOf(payload: MergeRequestHook | NoteHook): ReviewRequestEvent['repository'] {
  return { provider: 'gitlab', path: payload.project.path_with_namespace, projectId: payload.project.id };
}

function isDraft(mr: { draft?: boolean | null; work_in_progress?: boolean | null }): boolean {
  return mr.draft ?? mr.work_in_progress ?? false;
}

function senderOf(payload: MergeRequestHook | NoteHook): { sender?: string } {
  const username = payload.user?.username;
  // Bounded for the job (and the logs); GitLab allows 255 characters.
  return username === undefined ? {} : { sender: username.slice(0, 100).toWellFormed() };
}

function normalizeMergeRequest(headerId: string | undefined, body: unknown): WebhookOutcome {
  const payload = validate(mergeRequestHook, body, 'merge request');
  const mr = payload.object_attributes;
  const action = mr.action ?? '(none)';
  const trigger = MERGE_REQUEST_TRIGGERS[action];
  if (trigger === undefined) return ignored(`merge request action ${action} is not a review trigger`);
  if (trigger === 'updated' && (mr.oldrev === undefined || mr.oldrev === null)) {
    return ignored(`merge request !${mr.iid} updated without new commits (no oldrev)`);
  }
  if (mr.state !== 'opened') return ignored(`merge request !${mr.iid} is ${mr.state}`);
  const headSha = mr.last_commit?.id;
  return {
    kind: 'review',
    event: {
      provider: 'gitlab',
      deliveryId: headerId ?? derivedDeliveryId(payload),
      trigger,
      repository: repositoryOf(payload),
      pullRequest: { number: mr.iid, draft: isDraft(mr), ...(headSha === undefined ? {} : { headSha }) },
      ...senderOf(payload),
    },
  };
}

function normalizeNote(headerId: string | undefined, body: unknown): WebhookOutcome {
  const payload = validate(noteHook, body, 'note');
  const note = payload.object_attributes;
  const mr = payload.merge_request;
  if (note.noteable_type !== 'MergeRequest' || mr === undefined || mr === null) {
    return ignored(`comment on a ${note.noteable_type}, not on a merge request`);
  }
  if (note.action !== undefined && note.action !== 'create') return ignored(`comment ${note.action}d`);
  if (note.system === true) return ignored('system note');
  const username = payload.user?.username;
  if (username !== undefined && BOT_USERNAME.test(username)) return ignored('comment written by a bot');
  const text = note.note ?? '';
  if (readHiddenKey(text) !== undefined) return ignored('comment posted by Kodus');
  if (!containsReviewCommand(text)) return ignored('comment does not contain the @kodus review command');
  if (mr.state !== 'opened') return ignored(`merge request !${mr.iid} is ${mr.state}`);
  const headSha = mr.last_commit?.id;
  return {
    kind: 'review',
    event: {
      provider: 'gitlab',
      deliveryId: headerId ?? derivedDeliveryId(payload),
      trigger: 'command',
      repository: repositoryOf(payload),
      pullRequest: { number: mr.iid, draft: isDraft(mr), ...(headSha === undefined ? {} : { headSha }) },
      ...senderOf(payload),
    },
  };
}

/**
 * GitLab webhooks (gitlab.com and self-managed): `X-Gitlab-Token`, the event in `X-Gitlab-Event`, the
 * body's `object_kind` deciding for `Service Hook` and `System Hook` deliveries.
 */
export const gitlabWebhook: WebhookAdapter = {
  verify(delivery, secrets): VerifyResult {
    const secret = secrets.gitlab;
    if (secret === undefined || secret === '') return { ok: true };
    const token = header(delivery, 'x-gitlab-token');
    if (token === undefined) return { ok: false, problem: 'missing', detail: 'missing X-Gitlab-Token' };
    return verifyGitlabToken(token, secret)
      ? { ok: true }
      : { ok: false, problem: 'invalid', detail: 'invalid X-Gitlab-Token' };
  },

  normalize(delivery, body): WebhookOutcome {
    const event = header(delivery, 'x-gitlab-event');
    if (event === undefined || !EVENT.test(event)) {
      throw new WebhookPayloadError('missing or invalid X-Gitlab-Event header');
    }
    // Checked before anything else when present; derived from the body only for a review (see above).
    const deliveryId = headerDeliveryId(delivery);
    if (!(event in KIND_OF_EVENT)) return ignored(`${event} events do not trigger reviews`);
    const { object_kind: kind } = validate(envelope, body, event);
    const expected = KIND_OF_EVENT[event];
    if (expected !== undefined && kind !== expected) {
      throw new WebhookPayloadError(`${event} delivery with object_kind ${kind}`);
    }
    if (kind === 'merge_request') return normalizeMergeRequest(deliveryId, body);
    if (kind === 'note') return normalizeNote(deliveryId, body);
    return ignored(`${kind} events do not trigger reviews`);
  },
};
