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
import { AZURE_ORGANIZATION, isValidAzureName } from '../repository-name';
import { collectionOf, isGuid, type AzureLocator } from './locator';
import {
  type AzureIdentity,
  commentEventResource,
  type Envelope,
  envelope,
  pullRequestResource,
  type PullRequestResource,
} from './webhook-schemas';

/** What the review job contract takes as a delivery id (the job id is `azure-devops-<id>`). */
const DELIVERY = /^[A-Za-z0-9._-]{1,200}$/;
/** The job's `requestedBy` is bounded; display names are not. */
const MAX_SENDER = 100;
/** The job contract's bound on a collection URL. */
const MAX_COLLECTION_URL = 500;
const FULL_SHA = /^[0-9a-f]{40}$/;

/**
 * Service accounts that comment on pull requests: build services (`Build\<guid>`, "Project Collection
 * Build Service (...)"), service principals and service identities (descriptors `svc.`, `s2s.`, `sp.`,
 * `imp.`), and the `Microsoft.VisualStudio.*` / `Microsoft.TeamFoundation.*` system identities.
 */
function isServiceAccount(author: AzureIdentity | undefined): boolean {
  if (author === undefined) return false;
  const unique = author.uniqueName ?? '';
  const display = author.displayName ?? '';
  const descriptor = author.descriptor ?? '';
  return (
    /^Build\\/i.test(unique) ||
    /\bBuild Service\b/i.test(display) ||
    /^(?:svc|s2s|sp|imp)\./i.test(descriptor) ||
    /^Microsoft\.(?:VisualStudio|TeamFoundation)\./i.test(unique)
  );
}

function header(delivery: WebhookDelivery, name: string): string | undefined {
  const value = delivery.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const digest = (value: Buffer | string) => createHash('sha256').update(value).digest();
/** Both sides hashed first: neither the comparison nor a length check leaks anything. */
const equalConstantTime = (a: Buffer | string, b: string) => timingSafeEqual(digest(a), digest(b));

/**
 * `Authorization: Basic` against `AZURE_DEVOPS_WEBHOOK_USER`/`_PASSWORD` (the service hook's basic-auth
 * settings; Azure DevOps signs nothing). User and password are both compared, in constant time.
 */
export function verifyAzureBasicAuth(
  authorization: string | undefined,
  user: string,
  password: string,
): VerifyResult {
  if (authorization === undefined || authorization.trim() === '') {
    return { ok: false, problem: 'missing', detail: 'missing Authorization (basic) header' };
  }
  const match = /^Basic\s+([A-Za-z0-9+/=]{0,1024})\s*$/i.exec(authorization);
  const decoded = match?.[1] === undefined ? undefined : Buffer.from(match[1], 'base64');
  const colon = decoded?.indexOf(0x3a) ?? -1;
  if (decoded === undefined || colon < 0) {
    return { ok: false, problem: 'invalid', detail: 'Authorization is not basic user:password' };
  }
  const userOk = equalConstantTime(decoded.subarray(0, colon), user);
  const passwordOk = equalConstantTime(decoded.subarray(colon + 1), password);
  return userOk && passwordOk
    ? { ok: true }
    : { ok: false, problem: 'invalid', detail: 'wrong basic-auth user or password' };
}

function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new WebhookPayloadError(`malformed Azure DevOps ${what} payload:\n${z.prettifyError(result.error)}`, {
    cause: result.error,
  });
}

function parseBody(delivery: WebhookDelivery, body: unknown): unknown {
  if (body !== undefined && !Buffer.isBuffer(body) && typeof body !== 'string') return body;
  const text = Buffer.isBuffer(body)
    ? body.toString('utf8')
    : typeof body === 'string'
      ? body
      : delivery.rawBody.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new WebhookPayloadError('Azure DevOps webhook body is not valid JSON', { cause: error });
  }
}

/**
 * collectionOf on a payload URL: its organization (or collection) segment is percent-decoded, and a bad
 * escape (`%E0%A4%A`) is a malformed payload (400), never a URIError (500). The URL is not echoed: it may
 * carry credentials.
 */
function payloadCollectionOf(url: string): ReturnType<typeof collectionOf> {
  try {
    return collectionOf(url);
  } catch (error) {
    if (!(error instanceof URIError)) throw error;
    throw new WebhookPayloadError(
      'Azure DevOps payload has a URL whose organization or collection name is not valid percent-escaped UTF-8',
      { cause: error },
    );
  }
}

/**
 * Where the repository lives: the delivery's `resourceContainers` base URL (real deliveries), else the
 * project's or repository's API URL (documentation samples carry only those).
 */
function locatorOf(env: Envelope, pr: PullRequestResource): AzureLocator {
  const containers = env.resourceContainers;
  const candidates = [
    containers?.collection?.baseUrl,
    containers?.account?.baseUrl,
    pr.repository.project.url,
    pr.repository.url,
  ];
  const where = candidates
    .flatMap((url) => (url === undefined ? [] : [payloadCollectionOf(url)]))
    .find((c) => c !== undefined);
  if (where === undefined || where.collectionUrl.length > MAX_COLLECTION_URL) {
    throw new WebhookPayloadError('Azure DevOps payload names no usable organization or collection URL');
  }
  const project = pr.repository.project.name;
  const repository = pr.repository.name;
  if (
    !isValidAzureName(project) ||
    !isValidAzureName(repository) ||
    !AZURE_ORGANIZATION.test(where.organization)
  ) {
    throw new WebhookPayloadError(
      'Azure DevOps payload has an invalid organization, project or repository name',
    );
  }
  return {
    provider: 'azure-devops',
    collectionUrl: where.collectionUrl,
    organization: where.organization,
    project,
    repository,
    ...(isGuid(pr.repository.id) ? { repositoryId: pr.repository.id.toLowerCase() } : {}),
  };
}

function reviewOf(
  env: Envelope,
  pr: PullRequestResource,
  trigger: ReviewTrigger,
  extra: Partial<ReviewRequestEvent>,
): WebhookOutcome {
  const head = pr.lastMergeSourceCommit?.commitId.toLowerCase();
  const event: ReviewRequestEvent = {
    provider: 'azure-devops',
    deliveryId: env.id,
    trigger,
    repository: locatorOf(env, pr),
    pullRequest: {
      number: pr.pullRequestId,
      draft: pr.isDraft ?? false,
      // Documentation samples put GUID placeholders where SHAs belong: only a real SHA is passed on.
      ...(head !== undefined && FULL_SHA.test(head) ? { headSha: head } : {}),
    },
    ...extra,
    ...(extra.sender === undefined ? {} : { sender: extra.sender.slice(0, MAX_SENDER).toWellFormed() }),
  };
  return { kind: 'review', event };
}

const ignored = (reason: string): WebhookOutcome => ({ kind: 'ignored', reason });

function pullRequestEvent(env: Envelope): WebhookOutcome {
  const pr = validate(pullRequestResource, env.resource, env.eventType);
  if (pr.status !== 'active') return ignored(`pull request ${pr.pullRequestId} is ${pr.status}`);
  const head = pr.lastMergeSourceCommit?.commitId.toLowerCase();
  const known = head !== undefined && FULL_SHA.test(head);
  // What the receive path compares with the last one seen: the head, and whether the pull request is a
  // draft, so publishing a draft (an update on the same head) is reviewed like GitHub's ready_for_review.
  const seen = known ? (pr.isDraft === true ? `${head}:draft` : head) : undefined;
  if (env.eventType === 'git.pullrequest.created') {
    // The head is recorded too, so an `updated` that follows without a push starts nothing.
    const sender = pr.createdBy?.displayName;
    return reviewOf(env, pr, 'opened', {
      ...(seen === undefined ? {} : { onlyIfHeadMoved: seen }),
      ...(sender === undefined ? {} : { sender }),
    });
  }
  // `updated` fires for pushes, votes, reviewers, title and status changes alike, and the payload does not
  // say which: it is a review only when the source commit moved, or the draft was published (the receive
  // path compares with the last seen in Redis).
  if (!known) {
    return ignored(`pull request ${pr.pullRequestId} updated without a source commit`);
  }
  return reviewOf(env, pr, 'updated', { onlyIfHeadMoved: seen });
}

/**
 * Azure DevOps sends the same comment event when a comment is edited ("has edited a pull request
 * comment"); only then does its text's last change differ from its publication. A new comment has both
 * dates equal (or no `lastContentUpdatedDate`). The dates are compared as instants when both parse.
 */
function wasEdited(comment: {
  publishedDate?: string | null;
  lastContentUpdatedDate?: string | null;
}): boolean {
  const { publishedDate: published, lastContentUpdatedDate: changed } = comment;
  if (changed === undefined || changed === null || published === undefined || published === null)
    return false;
  const [publishedAt, changedAt] = [Date.parse(published), Date.parse(changed)];
  if (Number.isNaN(publishedAt) || Number.isNaN(changedAt)) return changed !== published;
  return changedAt !== publishedAt;
}

function commentEvent(env: Envelope): WebhookOutcome {
  const { comment, pullRequest: pr } = validate(commentEventResource, env.resource, env.eventType);
  const content = comment.content ?? '';
  if (comment.isDeleted === true) return ignored('the comment was deleted');
  // Like GitLab's and GitHub's edited comments: an edit adding the command is not a new request.
  if (wasEdited(comment)) return ignored('the comment was edited: only a new comment asks for a review');
  // CommentType: 0 unknown, 1 text, 2 codeChange, 3 system (by name or number).
  if (comment.commentType === 'system' || comment.commentType === 3) return ignored('a system comment');
  if (isServiceAccount(comment.author)) return ignored('comment written by a service account');
  // Kodus' own comments carry a hidden key; they never ask for a review, whatever they quote.
  if (readHiddenKey(content) !== undefined) return ignored('comment posted by Kodus');
  if (!containsReviewCommand(content)) return ignored('comment does not contain the @kodus review command');
  if (pr.status !== 'active') return ignored(`pull request ${pr.pullRequestId} is ${pr.status}`);
  const sender = comment.author?.displayName;
  return reviewOf(env, pr, 'command', sender === undefined ? {} : { sender });
}

/**
 * Azure DevOps service hooks (Services and Server): Basic auth, event and delivery id in the body
 * (`eventType`, `id`). Reviews on `git.pullrequest.created`, on `git.pullrequest.updated` when the
 * source commit moved, and on a pull-request comment containing `@kodus review`.
 */
export const azureDevopsWebhook: WebhookAdapter = {
  verify(delivery, secrets): VerifyResult {
    const configured = secrets.azureDevops;
    if (configured === undefined) return { ok: true };
    return verifyAzureBasicAuth(header(delivery, 'authorization'), configured.user, configured.password);
  },

  normalize(delivery, body): WebhookOutcome {
    const env = validate(envelope, parseBody(delivery, body), 'service hook');
    if (!DELIVERY.test(env.id)) throw new WebhookPayloadError('Azure DevOps payload has an invalid id');
    switch (env.eventType) {
      case 'git.pullrequest.created':
      case 'git.pullrequest.updated':
        return pullRequestEvent(env);
      case 'ms.vss-code.git-pullrequest-comment-event':
        return commentEvent(env);
      default:
        return ignored(`${env.eventType.slice(0, 100)} events do not trigger reviews`);
    }
  },
};
