import { randomUUID } from 'node:crypto';
import type { StandInPullRequestInput, StandInRepository, StandInReview } from '@kodus/test-helpers';
import { githubDeliveryHeaders, githubPullRequestEvent, waitFor } from '@kodus/test-helpers';

/** The GitHub stand-in as a test sees it, in-process or in a container behind its control port. */
export interface GithubControl {
  addPullRequest(repo: StandInRepository, pullRequest: StandInPullRequestInput): Promise<void>;
  reviews(repo: StandInRepository, number: number): Promise<StandInReview[]>;
}

/** A running Kodus deployment under one target (PM2, docker compose, ECS task definitions). */
export interface RunningTarget {
  webhookUrl: string;
  apiUrl: string;
  apiToken: string;
  webhookSecret: string;
  github: GithubControl;
}

/** The GitHub routes of the stand-ins process's control API (packages/test-helpers/src/stand-ins/serve.ts). */
export function githubControlAt(base: string): GithubControl {
  return {
    async addPullRequest(repository, pullRequest) {
      const response = await fetch(`${base}/pull-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ repository, pullRequest }),
      });
      if (response.status !== 201)
        throw new Error(`stand-in refused the pull request: ${await response.text()}`);
    },
    async reviews(repo, number) {
      const response = await fetch(`${base}/reviews?owner=${repo.owner}&name=${repo.name}&number=${number}`);
      return (await response.json()) as StandInReview[];
    },
  };
}

const REPO = { owner: 'acme', name: 'billing' };
/** An AWS access key id in the real format, assembled at run time so no literal sits in the repository. */
const AWS_KEY_ID = ['AK', 'IA', 'Q3VZ7KXM2PLA4RT6'].join('');
/** The pull request's source file: a hard-coded AWS key on new line 4, a `debugger` on new line 9. */
const SOURCE_PATCH = [
  '@@ -1,5 +1,10 @@',
  " import { S3Client } from '@aws-sdk/client-s3';",
  '-const region = "us-east-1";',
  '+const region = process.env.AWS_REGION;',
  '+',
  `+const accessKeyId = "${AWS_KEY_ID}";`,
  ' ',
  ' export function client() {',
  '+  const started = Date.now();',
  '+  if (started < 0) {',
  '+    debugger;',
  '+  }',
  '   return new S3Client({ region });',
].join('\n');

/**
 * THE end-to-end suite, the same for every deploy target: a signed webhook → 202 → one review posted
 * on the right lines → readable through the API; redeliveries change nothing.
 */
export function reviewSuite(target: () => RunningTarget): void {
  it('reviews a pull request end to end and never posts twice', async () => {
    const { webhookUrl, apiUrl, apiToken, webhookSecret, github } = target();
    const number = 10 + Math.floor(Math.random() * 1000);
    const head = randomUUID().replace(/-/g, '').padEnd(40, 'c');
    await github.addPullRequest(REPO, {
      number,
      headSha: head,
      baseSha: 'b'.repeat(40),
      title: 'Export invoices to S3',
      files: [
        { filename: 'src/storage.ts', status: 'modified', patch: SOURCE_PATCH },
        {
          filename: 'package-lock.json',
          status: 'modified',
          patch: `@@ -1 +1 @@\n-{}\n+{"token": "${AWS_KEY_ID}"}`,
        },
      ],
    });
    const deliver = async (deliveryId: string) => {
      const body = JSON.stringify(
        githubPullRequestEvent({ repo: REPO, number, headSha: head, title: 'Export invoices to S3' }),
      );
      const response = await fetch(`${webhookUrl}/webhooks/github`, {
        method: 'POST',
        headers: githubDeliveryHeaders(body, webhookSecret, { deliveryId }),
        body,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const reviewsOfPullRequest = async () => {
      const response = await fetch(
        `${apiUrl}/reviews?provider=github&repository=acme/billing&pullRequest=${number}`,
        {
          headers: { authorization: `Bearer ${apiToken}` },
        },
      );
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: Array<Record<string, unknown>> }).items;
    };

    expect(await reviewsOfPullRequest()).toEqual([]);
    const deliveryId = randomUUID();
    const accepted = await deliver(deliveryId);
    expect(accepted).toEqual({ status: 202, body: { jobId: `github-${deliveryId}` } });

    const [review] = await waitFor(
      'the review on GitHub',
      async () => {
        const posted = await github.reviews(REPO, number);
        return posted.length > 0 ? posted : undefined;
      },
      { timeoutMs: 60000, intervalMs: 250 },
    );
    expect(review?.commitId).toBe(head);
    expect(review?.event).toBe('COMMENT');
    expect(
      review?.comments.map((c) => ({ path: c.path, line: c.line, side: c.side, position: c.position })),
    ).toEqual([
      { path: 'src/storage.ts', line: 4, side: 'RIGHT', position: undefined },
      { path: 'src/storage.ts', line: 9, side: 'RIGHT', position: undefined },
    ]);
    expect(JSON.stringify(review)).not.toContain(AWS_KEY_ID);

    const [stored] = await waitFor('the completed review in the API', async () => {
      const items = await reviewsOfPullRequest();
      return items[0]?.status === 'completed' ? items : undefined;
    });
    expect(stored).toMatchObject({
      status: 'completed',
      provider: 'github',
      repository: 'acme/billing',
      pullRequest: number,
      headSha: head,
    });
    expect(
      (stored?.suggestions as Array<Record<string, unknown>>).map((s) => [
        s.path,
        s.line,
        s.severity,
        s.category,
      ]),
    ).toEqual([
      ['src/storage.ts', 4, 'critical', 'security'],
      ['src/storage.ts', 9, 'medium', 'maintainability'],
    ]);

    // The same delivery twice more: the same job, nothing new. Another delivery for the same head:
    // stored as skipped, nothing posted.
    for (let i = 0; i < 2; i++) expect(await deliver(deliveryId)).toEqual(accepted);
    expect((await deliver(randomUUID())).status).toBe(202);
    const items = await waitFor('the second delivery to be handled', async () => {
      const all = await reviewsOfPullRequest();
      return all.length === 2 && all[0]?.status === 'skipped' ? all : undefined;
    });
    expect(items[0]?.statusReason).toMatch(/already reviewed/);
    expect(await github.reviews(REPO, number)).toHaveLength(1);
  });
}
