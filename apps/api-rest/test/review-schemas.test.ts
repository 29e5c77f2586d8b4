import { createReviewBody, listReviewsQuery } from '../src/reviews/review-schemas';

describe('review request schemas: repository names', () => {
  const body = (repository: string) => ({ provider: 'github', repository, pullRequest: 3 });

  it('accepts owner/name', () => {
    expect(createReviewBody.safeParse(body('acme/my.repo_2')).success).toBe(true);
  });

  it('refuses "." and ".." as either part, which would reach other API paths', () => {
    for (const bad of ['../app', 'acme/..', './app', 'acme/.', '../..']) {
      expect(createReviewBody.safeParse(body(bad)).success).toBe(false);
      expect(listReviewsQuery.safeParse({ repository: bad }).success).toBe(false);
    }
  });
});
