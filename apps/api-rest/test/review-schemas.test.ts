import { createReviewBody, listReviewsQuery } from '../src/reviews/review-schemas';

describe('review request schemas: repository names', () => {
  const body = (repository: string) => ({ provider: 'github', repository, pullRequest: 3 });

  it('accepts owner/name', () => {
    expect(createReviewBody.safeParse(body('acme/my.repo_2')).success).toBe(true);
  });

  it('accepts the full names of every provider (subgroups, spaces in Azure names); the adapter checks the rest', () => {
    for (const name of ['group/subgroup/project', 'acme/Fabrikam Fiber/web app']) {
      expect(createReviewBody.safeParse(body(name)).success).toBe(true);
    }
  });

  it('refuses "." and ".." as any part, which would reach other API paths', () => {
    for (const bad of ['../app', 'acme/..', './app', 'acme/.', '../..', 'group/../project', 'acme//app']) {
      expect(createReviewBody.safeParse(body(bad)).success).toBe(false);
      expect(listReviewsQuery.safeParse({ repository: bad }).success).toBe(false);
    }
  });
});
