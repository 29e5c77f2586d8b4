import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  ServiceUnavailableException,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InvalidCursorError, type ReviewRecord, ReviewRepository } from '@kodus/persistence';
import {
  QueueUnavailableError,
  REVIEW_JOB_VERSION,
  type ReviewJob,
  reviewJobId,
  ReviewQueue,
} from '@kodus/queue';
import { randomUUID } from 'node:crypto';
import { AdminTokenGuard } from '../auth/admin-token.guard';
import { withDatabase } from '../database-unavailable';
import {
  acceptedReviewView,
  type CreateReviewBody,
  createReviewBody,
  type ListReviewsQuery,
  listReviewsQuery,
  openApiSchema,
  reviewIdParam,
  reviewPageView,
  reviewView,
  type ReviewView,
} from './review-schemas';

/** Providers whose reviews the worker can run in this build. */
const REVIEWABLE_PROVIDERS = new Set(['github']);

function toView(review: ReviewRecord): ReviewView {
  return {
    id: review.id,
    status: review.status,
    statusReason: review.statusReason,
    provider: review.provider as ReviewView['provider'],
    repository: review.repository,
    pullRequest: review.pullRequest,
    headSha: review.headSha,
    trigger: review.trigger,
    summary: review.summary,
    postedReviewUrl: review.postedReviewUrl,
    suggestions: review.suggestions,
    usage: {
      llmCalls: review.usage?.llmCalls ?? 0,
      inputTokens: review.usage?.inputTokens ?? 0,
      outputTokens: review.usage?.outputTokens ?? 0,
      costUsd: review.usage === null ? 0 : review.usage.costUsd,
    },
    stages: review.stages,
    createdAt: review.createdAt.toISOString(),
    finishedAt: review.finishedAt?.toISOString() ?? null,
  };
}

@ApiTags('reviews')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Missing or wrong bearer token' })
@Controller('reviews')
@UseGuards(AdminTokenGuard)
export class ReviewsController {
  constructor(
    @Inject(ReviewRepository) private readonly reviews: ReviewRepository,
    @Inject(ReviewQueue) private readonly queue: ReviewQueue,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Review history, newest first, filtered by provider, repository and pull request',
  })
  @ApiQuery({ name: 'provider', required: false, enum: ['github', 'gitlab', 'bitbucket', 'azure-devops'] })
  @ApiQuery({ name: 'repository', required: false, description: 'owner/name' })
  @ApiQuery({ name: 'pullRequest', required: false, type: Number })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1-100, default 20' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiResponse({ status: 200, schema: openApiSchema(reviewPageView) })
  @ApiResponse({ status: 400, description: 'Invalid filter or cursor' })
  @ApiResponse({ status: 503, description: 'The database is unavailable; retry later' })
  async list(@Query({ schema: listReviewsQuery }) query: ListReviewsQuery) {
    try {
      const page = await withDatabase(() =>
        this.reviews.list(
          { provider: query.provider, repository: query.repository, pullRequest: query.pullRequest },
          query.limit,
          query.cursor,
        ),
      );
      return { items: page.items.map(toView), nextCursor: page.nextCursor };
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  @Get(':id')
  @ApiOperation({ summary: 'One review with its suggestions' })
  @ApiResponse({ status: 200, schema: openApiSchema(reviewView) })
  @ApiResponse({ status: 404, description: 'No review with this id' })
  @ApiResponse({ status: 503, description: 'The database is unavailable; retry later' })
  async get(@Param('id') id: string): Promise<ReviewView> {
    const review = reviewIdParam.safeParse(id).success
      ? await withDatabase(() => this.reviews.get(id))
      : undefined;
    if (review === undefined) throw new NotFoundException(`no review ${id}`);
    return toView(review);
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a manual review of a pull request (its current head commit)' })
  @ApiBody({ schema: openApiSchema(createReviewBody) })
  @ApiResponse({ status: 202, schema: openApiSchema(acceptedReviewView) })
  @ApiResponse({ status: 400, description: 'Invalid body or a provider this build cannot review' })
  @ApiResponse({
    status: 503,
    description: 'The database or the queue cannot take the request now; nothing was queued, retry later',
  })
  async create(@Body({ schema: createReviewBody }) body: CreateReviewBody) {
    if (!REVIEWABLE_PROVIDERS.has(body.provider)) {
      throw new BadRequestException(`reviews of ${body.provider} pull requests are not supported yet`);
    }
    const [owner = '', name = ''] = body.repository.split('/');
    const deliveryId = `manual-${randomUUID()}`;
    const job: ReviewJob = {
      version: REVIEW_JOB_VERSION,
      provider: body.provider,
      deliveryId,
      trigger: 'manual',
      repository: { provider: 'github', owner, name },
      pullRequest: { number: body.pullRequest },
      receivedAt: new Date().toISOString(),
    };
    // The row first: with PostgreSQL down the answer is 503 and nothing is queued, so a client's retry
    // cannot start a second review. A queue refusal then removes the row again.
    const review = await withDatabase(() =>
      this.reviews.createQueued({
        provider: body.provider,
        repository: body.repository,
        pullRequest: body.pullRequest,
        trigger: 'manual',
        deliveryId,
        jobId: reviewJobId(job),
      }),
    );
    let jobId: string;
    try {
      jobId = await this.queue.enqueue(job);
    } catch (error) {
      await this.reviews.discardQueued(review.id).catch(() => undefined);
      if (error instanceof QueueUnavailableError) throw new ServiceUnavailableException(error.message);
      throw error;
    }
    return { id: review.id, jobId, status: 'queued' as const };
  }
}
