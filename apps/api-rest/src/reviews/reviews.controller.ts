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
import type { ApiConfig } from '@kodus/config';
import {
  PROVIDER_NAMES,
  type ProviderAccess,
  type ProviderAdapter,
  providerAdapter,
  type RepositoryLocator,
  RepositoryNameError,
} from '@kodus/git-providers';
import { InvalidCursorError, type ReviewRecord, ReviewRepository } from '@kodus/persistence';
import {
  QueueUnavailableError,
  REVIEW_JOB_VERSION,
  type ReviewJob,
  reviewJobId,
  ReviewQueue,
} from '@kodus/queue';
import { randomUUID } from 'node:crypto';
import { CONFIG } from '@kodus/runtime';
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

/** What parsing a full name may need from the environment (Azure DevOps: the collection URL). No credentials. */
function nameAccess(config: ApiConfig): ProviderAccess {
  return {
    github: { apiUrl: 'https://api.github.com' },
    gitlab: { url: 'https://gitlab.com' },
    bitbucket: { apiUrl: 'https://api.bitbucket.org/2.0' },
    azureDevops: { url: config.azureDevOps.url },
  };
}

/** The provider's locator for a full name; 400 when the provider cannot have such a name. */
function locate(adapter: ProviderAdapter, fullName: string, access: ProviderAccess): RepositoryLocator {
  try {
    return adapter.parseFullName(fullName, access);
  } catch (error) {
    if (error instanceof RepositoryNameError) throw new BadRequestException(error.message);
    throw error;
  }
}

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
  private readonly access: ProviderAccess;

  constructor(
    @Inject(ReviewRepository) private readonly reviews: ReviewRepository,
    @Inject(ReviewQueue) private readonly queue: ReviewQueue,
    @Inject(CONFIG) config: ApiConfig,
  ) {
    this.access = nameAccess(config);
  }

  @Get()
  @ApiOperation({
    summary: 'Review history, newest first, filtered by provider, repository and pull request',
  })
  @ApiQuery({ name: 'provider', required: false, enum: [...PROVIDER_NAMES] })
  @ApiQuery({
    name: 'repository',
    required: false,
    description: 'Full name: owner/name, group/subgroup/project, workspace/repo or organization/project/repo',
  })
  @ApiQuery({ name: 'pullRequest', required: false, type: Number })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1-100, default 20' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiResponse({ status: 200, schema: openApiSchema(reviewPageView) })
  @ApiResponse({ status: 400, description: 'Invalid filter or cursor' })
  @ApiResponse({ status: 503, description: 'The database is unavailable; retry later' })
  async list(@Query({ schema: listReviewsQuery }) query: ListReviewsQuery) {
    let repository = query.repository;
    const adapter = query.provider === undefined ? undefined : providerAdapter(query.provider);
    // With a provider, the name is checked (and written) the way that provider's reviews store it.
    if (adapter !== undefined && repository !== undefined) {
      repository = adapter.fullName(locate(adapter, repository, this.access));
    }
    try {
      const page = await withDatabase(() =>
        this.reviews.list(
          { provider: query.provider, repository, pullRequest: query.pullRequest },
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
    const adapter = providerAdapter(body.provider);
    if (adapter === undefined) {
      throw new BadRequestException(`reviews of ${body.provider} pull requests are not supported yet`);
    }
    const locator = locate(adapter, body.repository, this.access);
    const repository = adapter.fullName(locator);
    const deliveryId = `manual-${randomUUID()}`;
    const job: ReviewJob = {
      version: REVIEW_JOB_VERSION,
      provider: body.provider,
      deliveryId,
      trigger: 'manual',
      repository: locator,
      pullRequest: { number: body.pullRequest },
      receivedAt: new Date().toISOString(),
    };
    // The row first: with PostgreSQL down the answer is 503 and nothing is queued, so a client's retry
    // cannot start a second review. A queue refusal then removes the row again.
    const review = await withDatabase(() =>
      this.reviews.createQueued({
        provider: body.provider,
        repository,
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
      // An add that got no answer (Redis stalled) may still run: withdrawn again, after it in Redis's
      // order, so the 503 means nothing is queued. Its own answer is not waited for.
      this.queue.withdraw(reviewJobId(job)).catch(() => undefined);
      await this.reviews.discardQueued(review.id).catch(() => undefined);
      if (error instanceof QueueUnavailableError) throw new ServiceUnavailableException(error.message);
      throw error;
    }
    return { id: review.id, jobId, status: 'queued' as const };
  }
}
