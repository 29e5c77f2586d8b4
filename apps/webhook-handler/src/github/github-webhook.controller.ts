import {
  BadRequestException,
  Controller,
  Headers,
  Inject,
  Post,
  type RawBodyRequest,
  Req,
  Res,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import type { WebhookConfig } from '@kodus/config';
import { normalizeGithubWebhook, verifyGithubSignature, WebhookPayloadError } from '@kodus/git-providers';
import type { Logger } from '@kodus/logger';
import type { DeliveryLog } from '@kodus/persistence';
import {
  InvalidReviewJobError,
  QueueUnavailableError,
  type ReviewJob,
  reviewJobId,
  reviewJobSchema,
  ReviewQueue,
} from '@kodus/queue';
import { CONFIG, LOGGER } from '@kodus/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DELIVERY_LOG } from '../delivery-log.token';
import { reviewJobFor } from '../review-job-for';

const EVENT = /^[a-z_]{1,64}$/;
const DELIVERY = /^[A-Za-z0-9._-]{1,200}$/;

/**
 * `POST /webhooks/github`: verify, normalize, enqueue — the least work possible on the request path.
 * 202 {jobId} once the job is in Redis; 200 {ignored} for events that start no review; 401 bad or
 * missing signature (when GITHUB_WEBHOOK_SECRET is set); 400 malformed; 503 when the queue cannot
 * take the job (or, with the delivery log on, PostgreSQL cannot record it). 413 above 25 MiB comes from
 * the body limit.
 */
@Controller('webhooks')
export class GithubWebhookController {
  constructor(
    @Inject(CONFIG) private readonly config: WebhookConfig,
    @Inject(ReviewQueue) private readonly queue: ReviewQueue,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DELIVERY_LOG) private readonly deliveryLog: DeliveryLog | null,
  ) {}

  /**
   * At-least-once mode: the delivery and its job reach PostgreSQL before the 202, so a Redis that loses
   * the job cannot lose the delivery (the worker's sweeper enqueues it again). No record, no 202.
   */
  private async record(job: ReviewJob, log: Record<string, string>): Promise<void> {
    const parsed = reviewJobSchema.safeParse(job);
    // A payload GitHub would never send: refused by enqueue below with a 400, and never recorded.
    if (!parsed.success || this.deliveryLog === null) return;
    try {
      await this.deliveryLog.record({
        jobId: reviewJobId(parsed.data),
        provider: parsed.data.provider,
        deliveryId: parsed.data.deliveryId,
        job: parsed.data,
      });
    } catch (error) {
      this.logger.warn({ ...log, err: error }, 'review not queued: delivery log unavailable');
      throw new ServiceUnavailableException('the delivery log is unavailable; redeliver later');
    }
  }

  @Post('github')
  async receive(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('x-github-event') event: string | undefined,
    @Headers('x-github-delivery') deliveryId: string | undefined,
    @Headers('x-hub-signature-256') signature: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ jobId: string } | { ignored: string }> {
    if (event === undefined || !EVENT.test(event))
      throw new BadRequestException('missing or invalid X-GitHub-Event header');
    if (deliveryId === undefined || !DELIVERY.test(deliveryId)) {
      throw new BadRequestException('missing or invalid X-GitHub-Delivery header');
    }
    const raw = request.rawBody;
    if (raw === undefined) throw new BadRequestException('a JSON body is required');
    const secret = this.config.webhookSecrets.github;
    if (secret !== undefined && !verifyGithubSignature(raw, signature, secret)) {
      throw new UnauthorizedException('missing or invalid X-Hub-Signature-256');
    }

    let outcome: ReturnType<typeof normalizeGithubWebhook>;
    try {
      // Drafts are queued too: the worker decides with the repository's settings (reviewDrafts).
      outcome = normalizeGithubWebhook({
        event,
        deliveryId,
        payload: payloadOf(request),
        reviewDrafts: true,
      });
    } catch (error) {
      if (error instanceof WebhookPayloadError) throw new BadRequestException(error.message);
      throw error;
    }
    const log = { provider: 'github', event, deliveryId };
    if (outcome.kind === 'ignored') {
      this.logger.debug({ ...log, reason: outcome.reason }, 'webhook ignored');
      reply.status(200);
      return { ignored: outcome.reason };
    }
    const job = reviewJobFor(outcome.event, new Date());
    if (this.deliveryLog !== null) await this.record(job, log);
    try {
      const jobId = await this.queue.enqueue(job);
      this.logger.info(
        {
          ...log,
          jobId,
          repository: outcome.event.repository,
          pullRequest: outcome.event.pullRequest.number,
        },
        'review queued',
      );
      reply.status(202);
      return { jobId };
    } catch (error) {
      // A payload GitHub would never send (a non-hex head SHA, an absurd number): malformed, not our fault.
      if (error instanceof InvalidReviewJobError) throw new BadRequestException(error.message);
      if (error instanceof QueueUnavailableError) {
        this.logger.warn({ ...log, err: error }, 'review not queued: queue unavailable');
        throw new ServiceUnavailableException('the review queue is unavailable; redeliver later');
      }
      throw error;
    }
  }
}

/** GitHub sends JSON, or `payload=<json>` when the hook's content type is form-encoded. */
function payloadOf(request: FastifyRequest): unknown {
  const body = request.body;
  if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
    const form = body as Record<string, unknown> | undefined;
    if (typeof form?.payload !== 'string')
      throw new BadRequestException('form-encoded webhook without a payload field');
    try {
      return JSON.parse(form.payload);
    } catch {
      throw new BadRequestException('the payload field is not JSON');
    }
  }
  return body;
}
