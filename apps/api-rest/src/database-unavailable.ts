import { ServiceUnavailableException } from '@nestjs/common';
import { isDatabaseUnavailable } from '@kodus/persistence';

/**
 * Runs a request's database work; PostgreSQL being unreachable becomes 503 (retry later) instead of
 * 500, and the answer names no host, port or driver detail.
 */
export async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      throw new ServiceUnavailableException('the database is unavailable; retry later');
    }
    throw error;
  }
}
