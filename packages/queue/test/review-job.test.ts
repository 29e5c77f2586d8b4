import { reviewJobSchema } from '../src/review-job';

const job = (owner: string, name: string) => ({
  version: 1,
  provider: 'github',
  deliveryId: 'delivery-1',
  trigger: 'opened',
  repository: { owner, name },
  pullRequest: { number: 7 },
  receivedAt: new Date().toISOString(),
});

describe('review job contract: repository names', () => {
  it('accepts the names providers allow', () => {
    for (const [owner, name] of [
      ['acme', 'app'],
      ['Acme-Corp', 'my.repo_name-2'],
      ['user_emu', '.github'],
    ] as const) {
      expect(reviewJobSchema.safeParse(job(owner, name)).success).toBe(true);
    }
  });

  it('refuses path tricks and hostile characters in either name', () => {
    for (const bad of ['..', '.', 'a/b', 'a\0b', 'a\ud800b', 'a b', 'a%2e', 'x'.repeat(101), '']) {
      expect(reviewJobSchema.safeParse(job(bad, 'app')).success).toBe(false);
      expect(reviewJobSchema.safeParse(job('acme', bad)).success).toBe(false);
    }
  });
});
