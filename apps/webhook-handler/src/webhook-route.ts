import { parse as parseQueryString } from 'node:querystring';
import type { WebhookConfig } from '@kodus/config';
import {
  type ReceiveAnswer,
  type ReceivePorts,
  receiveWebhook,
  type ReviewRequestEvent,
  type WebhookSecrets,
} from '@kodus/git-providers';
import type { Logger } from '@kodus/logger';
import type { DeliveryLog } from '@kodus/persistence';
import {
  InvalidReviewJobError,
  type LastSeenHeads,
  QueueUnavailableError,
  reviewJobFor,
  reviewJobId,
  type ReviewQueue,
  upgradeReviewJob,
} from '@kodus/queue';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The environment's webhook secrets as the adapters read them. */
export function webhookSecretsFrom(config: WebhookConfig): WebhookSecrets {
  const { github, gitlab, bitbucket, azureDevOps } = config.webhookSecrets;
  return {
    ...(github === undefined ? {} : { github }),
    ...(gitlab === undefined ? {} : { gitlab }),
    ...(bitbucket === undefined ? {} : { bitbucket }),
    ...(azureDevOps === undefined ? {} : { azureDevops: azureDevOps }),
  };
}

export interface WebhookRouteDeps {
  queue: ReviewQueue;
  /** At-least-once mode (WEBHOOK_DELIVERY_LOG=postgres): each delivery recorded before its 202. */
  deliveryLog?: DeliveryLog | undefined;
  /** The last head seen per pull request; without it, head-moved-only events are always queued. */
  heads?: LastSeenHeads | undefined;
}

/** The body as the route's parser leaves it: the exact bytes (signatures) and their parsed value. */
interface ReceivedBody {
  raw: Buffer;
  value: unknown;
}

const REFER_TO_FASTIFY = Symbol('refer to Fastify');
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * JSON.parse, then a walk of the parsed value for the keys Fastify's parser (secure-json-parse, `error`
 * mode) refuses: an own `__proto__`, or an own `constructor` object with an own `prototype` — however
 * they were spelled in the text, since the walk sees decoded keys. A value without them is what
 * Fastify's parser returns; anything else (invalid or empty JSON, a BOM, a poisoned key) is referred to
 * that parser, so the answers do not change. Cheaper than its two regular-expression scans of the text
 * (~1 µs of walk instead of ~15 µs of scans for a 25 KB pull request payload).
 */
function parseUnpoisoned(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return REFER_TO_FASTIFY;
  }
  if (typeof value !== 'object' || value === null) return value;
  const pending: object[] = [value];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (hasOwn.call(node, '__proto__')) return REFER_TO_FASTIFY;
    if (hasOwn.call(node, 'constructor')) {
      const constructor: unknown = (node as { constructor: unknown }).constructor;
      if (typeof constructor === 'object' && constructor !== null && hasOwn.call(constructor, 'prototype'))
        return REFER_TO_FASTIFY;
    }
    for (const key in node) {
      const child: unknown = (node as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) pending.push(child);
    }
  }
  return value;
}

/** An answer decided below the handler (a parser, the delivery log); Fastify reads `statusCode` too. */
class HttpAnswer extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

const ERROR_LABELS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  503: 'Service Unavailable',
};

function sendError(reply: FastifyReply, statusCode: number, message: string): FastifyReply {
  return reply.code(statusCode).send({ statusCode, error: ERROR_LABELS[statusCode] ?? 'Error', message });
}

/**
 * `POST /webhooks/:provider`, one path for every provider, served by Fastify directly (no Nest routing,
 * pipes or interceptors on the hot path): verify, normalize, enqueue — @kodus/git-providers
 * `receiveWebhook`. 202 {jobId} once the job is in Redis; 200 {ignored} for events that start no review;
 * 401 bad or missing signature/token (when the provider's secret is set); 400 malformed; 404 unknown
 * provider; 503 when the queue cannot take the job (or, with the delivery log on, PostgreSQL cannot record
 * it). 413 above the body limit and 415 for other content types come from Fastify.
 */
export function webhookRoutes(
  deps: WebhookRouteDeps,
): (fastify: FastifyInstance, config: WebhookConfig, logger: Logger) => void {
  return (fastify, config, logger) => {
    const receiver = new WebhookReceiver(webhookSecretsFrom(config), logger, deps);
    // Its own context, so its parsers (raw bytes kept for the signature) apply to this route only.
    fastify.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      const parseJson = scope.getDefaultJsonParser('error', 'error');
      scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, raw, done) => {
        const bytes = raw as Buffer;
        const text = bytes.toString('utf8');
        const value = parseUnpoisoned(text);
        if (value !== REFER_TO_FASTIFY) {
          done(null, { raw: bytes, value } satisfies ReceivedBody);
          return;
        }
        // Fastify's own JSON parser decides the rest, with its answers: it refuses __proto__ and
        // constructor.prototype keys (prototype poisoning), malformed and empty bodies.
        parseJson(request, text, (error, parsed) =>
          error ? done(error) : done(null, { raw: bytes, value: parsed } satisfies ReceivedBody),
        );
      });
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'buffer' },
        (_request, raw, done) => {
          const bytes = raw as Buffer;
          const value = parseQueryString(bytes.toString('utf8'));
          // Copied onto another object, a "__proto__" key would replace that object's prototype.
          if (Object.hasOwn(value, '__proto__')) {
            done(new HttpAnswer(400, 'Object contains forbidden prototype property'));
            return;
          }
          done(null, { raw: bytes, value } satisfies ReceivedBody);
        },
      );
      scope.post<{ Params: { provider: string }; Body: ReceivedBody | undefined }>(
        '/webhooks/:provider',
        (request, reply) => receiver.receive(request, reply),
      );
    });
  };
}

/** The receive path's state, built once: no closure or port object is made per request. */
class WebhookReceiver {
  private readonly ports: ReceivePorts;
  private readonly queue: ReviewQueue;
  private readonly logger: Logger;
  private readonly deliveryLog: DeliveryLog | undefined;
  private readonly heads: LastSeenHeads | undefined;

  constructor(secrets: WebhookSecrets, logger: Logger, deps: WebhookRouteDeps) {
    this.queue = deps.queue;
    this.logger = logger;
    this.deliveryLog = deps.deliveryLog;
    this.heads = deps.heads;
    const heads = this.heads;
    this.ports = {
      secrets,
      enqueue: (event) => this.enqueue(event),
      // Without the store every such event is queued; the worker skips a head it already reviewed.
      swapLastHead: heads ? (pr, head) => heads.swap(pr, head) : () => Promise.resolve(null),
      restoreLastHead: heads
        ? (pr, head, previous) => heads.restore(pr, head, previous)
        : () => Promise.resolve(),
    };
  }

  async receive(
    request: FastifyRequest<{ Params: { provider: string }; Body: ReceivedBody | undefined }>,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    const provider = request.params.provider;
    const body = request.body;
    if (body === undefined) return sendError(reply, 400, 'a JSON body is required');
    let answer: ReceiveAnswer;
    try {
      answer = await receiveWebhook(
        provider,
        { headers: request.headers, rawBody: body.raw },
        body.value,
        this.ports,
      );
    } catch (error) {
      if (error instanceof HttpAnswer) return sendError(reply, error.statusCode, error.message);
      // A payload the provider would never send (a non-hex head SHA, an absurd number): malformed, not our fault.
      if (error instanceof InvalidReviewJobError) return sendError(reply, 400, error.message);
      if (error instanceof QueueUnavailableError) {
        request.log.warn({ provider, err: error }, 'review not queued: queue unavailable');
        return sendError(reply, 503, 'the review queue is unavailable; redeliver later');
      }
      throw error;
    }
    if (answer.status === 200) {
      request.log.debug({ provider, reason: answer.body.ignored }, 'webhook ignored');
      return reply.code(200).send(answer.body);
    }
    if (answer.status !== 202) return sendError(reply, answer.status, answer.body.message);
    const event = answer.event;
    // The request's logger: the line carries the request id, like the request log's line.
    request.log.info(
      {
        provider,
        deliveryId: event.deliveryId,
        trigger: event.trigger,
        jobId: answer.body.jobId,
        repository: event.repository,
        pullRequest: event.pullRequest.number,
      },
      'review queued',
    );
    return reply.code(202).send(answer.body);
  }

  private async enqueue(event: ReviewRequestEvent): Promise<string> {
    const job = reviewJobFor(event, new Date());
    const deliveryLog = this.deliveryLog;
    if (deliveryLog === undefined) return this.queue.enqueue(job);
    // At-least-once mode: the delivery and its job reach PostgreSQL before the 202, so a Redis that loses
    // the job cannot lose the delivery (the worker's sweeper enqueues it again). No record, no 202.
    const parsed = upgradeReviewJob(job);
    // A payload the provider would never send: refused by enqueue with a 400, and never recorded.
    if (!parsed.success) return this.queue.enqueue(job);
    try {
      await deliveryLog.record({
        jobId: reviewJobId(parsed.data),
        provider: parsed.data.provider,
        deliveryId: parsed.data.deliveryId,
        job: parsed.data,
      });
    } catch (error) {
      this.logger.warn(
        { provider: event.provider, deliveryId: event.deliveryId, err: error },
        'review not queued: delivery log unavailable',
      );
      throw new HttpAnswer(503, 'the delivery log is unavailable; redeliver later');
    }
    return this.queue.enqueue(parsed.data);
  }
}
