import { Controller, Get, Inject, ServiceUnavailableException, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { QUEUE_NAMES, QUEUE_STATES, QueueUnavailableError, ReviewQueue } from '@kodus/queue';
import { z } from 'zod';
import { AdminTokenGuard } from '../auth/admin-token.guard';
import { openApiSchema } from '../reviews/review-schemas';

export const queueStatusView = z.object({
  queues: z.array(
    z.object({
      name: z.string(),
      counts: z.object(Object.fromEntries(QUEUE_STATES.map((s) => [s, z.number().int().min(0)]))),
    }),
  ),
});

@ApiTags('queues')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Missing or wrong bearer token' })
@Controller('queues')
@UseGuards(AdminTokenGuard)
export class QueuesController {
  constructor(@Inject(ReviewQueue) private readonly reviews: ReviewQueue) {}

  @Get()
  @ApiOperation({
    summary: 'Jobs per state in each queue (waiting, active, delayed, completed, failed, prioritized)',
    description: `The same queues are browsable in the dashboard at /admin/queues (Bull Board).`,
  })
  @ApiResponse({ status: 200, schema: openApiSchema(queueStatusView) })
  @ApiResponse({ status: 503, description: 'Redis is unreachable; retry later' })
  async status() {
    try {
      return { queues: [{ name: QUEUE_NAMES.reviews, counts: await this.reviews.counts() }] };
    } catch (error) {
      if (error instanceof QueueUnavailableError) {
        throw new ServiceUnavailableException('the queue is unavailable; retry later');
      }
      throw error;
    }
  }
}
