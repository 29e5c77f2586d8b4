import {
  BadRequestException,
  Controller,
  HttpException,
  Inject,
  Param,
  Post,
  type RawBodyRequest,
  Req,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { WebhookConfig } from '@kodus/config';
import {
  type ReceiveAnswer,
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
  type ReviewJob,
  reviewJobFor,
  reviewJobId,
  ReviewQueue,
  upgradeReviewJob,
} from '@kodus/queue';
import { CONFIG, LOGGER } from '@kodus/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DELIVERY_LOG, LAST_SEEN_HEADS } from './tokens';

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

/**
 * `POST /webhooks/:provider`, one path for every provider: verify, normalize, enqueue — the least work
 * possible on the request path (@kodus/git-providers `receiveWebhook`). 202 {jobId} once the job is in
 * Redis; 200 {ignored} for events that start no review; 401 bad or missing signature/token (when the
 * provider's secret is set); 400 malformed; 404 unknown provider; 503 when the queue cannot take the
 * job (or, with the delivery log on, PostgreSQL cannot record it). 413 above 25 MiB comes from the body limit.
 */
@Controller('webhooks')
export class WebhookController {
  private readonly secrets: WebhookSecrets;

  constructor(
    @Inject(CONFIG) config: WebhookConfig,
    @Inject(ReviewQueue) private readonly queue: ReviewQueue,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DELIVERY_LOG) private readonly deliveryLog: DeliveryLog | null,
    @Inject(LAST_SEEN_HEADS) private readonly heads: LastSeenHeads | null,
  ) {
    this.secrets = webhookSecretsFrom(config);
  }

  /**
   * At-least-once mode: the delivery and its job reach PostgreSQL before the 202, so a Redis that loses
   * the job cannot lose the delivery (the worker's sweeper enqueues it again). No record, no 202.
   */
  private async record(job: ReviewJob, log: Record<string, string>): Promise<void> {
    const parsed = upgradeReviewJob(job);
    // A payload the provider would never send: refused by enqueue with a 400, and never recorded.
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

  private async enqueue(event: ReviewRequestEvent): Promise<string> {
    const log = { provider: event.provider, deliveryId: event.deliveryId };
    const job = reviewJobFor(event, new Date());
    if (this.deliveryLog !== null) await this.record(job, log);
    return this.queue.enqueue(job);
  }

  @Post(':provider')
  async receive(
    @Param('provider') provider: string,
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ jobId: string } | { ignored: string }> {
    const raw = request.rawBody;
    if (raw === undefined) throw new BadRequestException('a JSON body is required');
    const heads = this.heads;
    let answer: ReceiveAnswer;
    try {
      answer = await receiveWebhook(provider, { headers: request.headers, rawBody: raw }, request.body, {
        secrets: this.secrets,
        enqueue: (event) => this.enqueue(event),
        // Without the store every such event is queued; the worker skips a head it already reviewed.
        swapLastHead: (pr, head) => (heads === null ? Promise.resolve(null) : heads.swap(pr, head)),
        restoreLastHead: (pr, head, previous) =>
          heads === null ? Promise.resolve() : heads.restore(pr, head, previous),
      });
    } catch (error) {
      // A payload the provider would never send (a non-hex head SHA, an absurd number): malformed, not our fault.
      if (error instanceof InvalidReviewJobError) throw new BadRequestException(error.message);
      if (error instanceof QueueUnavailableError) {
        this.logger.warn({ provider, err: error }, 'review not queued: queue unavailable');
        throw new ServiceUnavailableException('the review queue is unavailable; redeliver later');
      }
      throw error;
    }
    if (answer.status === 200) {
      reply.status(200);
      this.logger.debug({ provider, reason: answer.body.ignored }, 'webhook ignored');
      return answer.body;
    }
    if (answer.status !== 202) throw new HttpException(answer.body.message, answer.status);
    this.logger.info(
      {
        provider,
        deliveryId: answer.event.deliveryId,
        trigger: answer.event.trigger,
        jobId: answer.body.jobId,
        repository: answer.event.repository,
        pullRequest: answer.event.pullRequest.number,
      },
      'review queued',
    );
    reply.status(202);
    return answer.body;
  }
}
