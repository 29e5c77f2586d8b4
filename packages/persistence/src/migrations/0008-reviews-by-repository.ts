import type { Migration } from '../migration';

/**
 * `GET /reviews?repository=…` without `provider` walked the whole `created_at` index and filtered every row
 * (81 ms at 200,000 reviews, linear in the table): an index on the repository, in the list's order. Built
 * concurrently, so writes go on while it builds on a large table (re-runnable: dropped first).
 */
export const reviewsByRepository: Migration = {
  name: '0008-reviews-by-repository',
  transaction: false,
  sql: [
    'DROP INDEX CONCURRENTLY IF EXISTS reviews_repository_created_idx',
    'CREATE INDEX CONCURRENTLY reviews_repository_created_idx ON reviews (lower(repository), created_at DESC, id DESC)',
  ],
};
