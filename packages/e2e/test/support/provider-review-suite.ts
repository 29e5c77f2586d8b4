import { randomUUID } from 'node:crypto';
import { type LlmRecordedRequest, type LlmStandIn, waitFor } from '@kodus/test-helpers';
import type { Handle } from './provider-drivers';
import type { ChangedFile, ProviderDriver } from './provider-drivers';

/** A running Kodus deployment with the providers' stand-ins and the LLM stand-in it was pointed at. */
export interface ReviewTarget {
  webhookUrl: string;
  apiUrl: string;
  apiToken: string;
  /** The requests the LLM stand-in received so far (LLM_PROVIDER=openai on it). */
  llmRequests(): Promise<LlmRecordedRequest[]>;
}

/** An AWS access key id in the real format, assembled at run time so no literal sits in the repository. */
const AWS_KEY_ID = ['AK', 'IA', 'Q3VZ7KXM2PLA4RT6'].join('');
/** The analyzers flag the hard-coded key (new line 3) and the `debugger` (new line 6); the model, line 5. */
const STORAGE: ChangedFile = {
  path: 'src/storage.ts',
  patch: [
    '@@ -1,3 +1,8 @@',
    " import { S3Client } from '@aws-sdk/client-s3';",
    '+',
    `+const accessKeyId = "${AWS_KEY_ID}";`,
    ' export function client() {',
    '+  if (Date.now() < 0) {',
    '+    debugger;',
    '+  }',
    '   return new S3Client({});',
  ].join('\n'),
};
/** What the new commits add: a `debugger` on line 2 of a new file. */
const TRACE: ChangedFile = {
  path: 'src/trace.ts',
  added: true,
  patch: '@@ -0,0 +1,3 @@\n+export function trace() {\n+  debugger;\n+}',
};
/** A file whose model call fails (the stand-in answers 401): the analyzers' finding on line 2 only. */
const OUTAGE: ChangedFile = { ...TRACE, path: 'src/outage.ts' };

const LLM_USAGE = { inputTokens: 1234, outputTokens: 56, cachedInputTokens: 0 };
const suggestion = (line: number, text: string) => ({
  relevantFile: STORAGE.path,
  relevantLinesStart: line,
  relevantLinesEnd: line,
  label: 'bug',
  severity: 'critical',
  suggestionContent: text,
  oneSentenceSummary: text,
  existingCode: null,
  improvedCode: null,
});
const MODEL_FINDING = 'Date.now() is never negative: this branch is dead code.';
const HALLUCINATED = 'A remark on a line this pull request did not change.';

/** What the LLM stand-in answers, whichever provider the pull request came from. */
export async function scriptModel(llm: Handle<LlmStandIn, 'script'>): Promise<void> {
  await llm.script({ match: OUTAGE.path, reply: { status: 401, message: 'invalid api key' } });
  await llm.script({
    match: STORAGE.path,
    reply: {
      json: { suggestions: [suggestion(5, MODEL_FINDING), suggestion(1, HALLUCINATED)] },
      usage: LLM_USAGE,
    },
  });
  await llm.script({ reply: { json: { suggestions: [] }, usage: { inputTokens: 300, outputTokens: 7 } } });
}

const sha = (fill: string) => randomUUID().replace(/-/g, '').padEnd(40, fill);
const sorted = (inline: Array<[string, number]>) =>
  [...inline].sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]);

/**
 * THE provider suite, the same for every provider and deploy target: a signed delivery → one review with
 * the analyzers' and the model's comments on their exact lines and one summary; a redelivery adds nothing;
 * new commits are reviewed alone; the model's usage is stored as the model reported it; a failing model
 * leaves the analyzers' review with the failure said in the summary.
 */
export function providerReviewSuite(
  target: () => ReviewTarget,
  providers: Array<ProviderDriver['provider']>,
  driverOf: (provider: ProviderDriver['provider']) => ProviderDriver,
): void {
  const reviewsOf = async (driver: ProviderDriver, number: number) => {
    const { apiUrl, apiToken } = target();
    const query = `provider=${driver.provider}&repository=${encodeURIComponent(driver.repository)}&pullRequest=${number}`;
    const response = await fetch(`${apiUrl}/reviews?${query}`, {
      headers: { authorization: `Bearer ${apiToken}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: Array<Record<string, unknown>> }).items;
  };
  const completedAt = (driver: ProviderDriver, number: number, head: string) =>
    waitFor(
      `the ${driver.provider} review of ${head.slice(0, 8)} to complete`,
      async () => {
        const items = await reviewsOf(driver, number);
        return items[0]?.headSha === head && items[0]?.status === 'completed' ? items : undefined;
      },
      { timeoutMs: 90000, intervalMs: 250 },
    );

  describe.each(providers)('%s', (provider) => {
    it('reviews on the exact lines with one summary, ignores a redelivery, then reviews only new commits', async () => {
      const driver = driverOf(provider);
      const { webhookUrl, llmRequests } = target();
      const pr = {
        number: 10 + Math.floor(Math.random() * 100000),
        head: sha('c'),
        base: 'b'.repeat(40),
        files: [STORAGE],
      };
      await driver.open(pr);
      const deliveryId = randomUUID();
      const llmBefore = (await llmRequests()).length;
      const accepted = await driver.deliverOpened(webhookUrl, pr, deliveryId);
      expect(accepted.status).toBe(202);

      const [stored] = await completedAt(driver, pr.number, pr.head);
      const first = await driver.posted(pr.number);
      expect(sorted(first.inline)).toEqual([
        [STORAGE.path, 3],
        [STORAGE.path, 5],
        [STORAGE.path, 6],
      ]);
      expect(first.summaries).toHaveLength(1);
      expect(first.texts.join('\n')).toContain(MODEL_FINDING);
      expect(first.texts.join('\n')).not.toContain(HALLUCINATED);
      expect(first.texts.join('\n')).not.toContain(AWS_KEY_ID);
      // The usage stored is what the model reported for this review's calls.
      const answered = (await llmRequests()).slice(llmBefore).filter((r) => r.usage !== undefined);
      expect(answered.length).toBeGreaterThan(0);
      expect(stored?.usage).toMatchObject({
        llmCalls: answered.length,
        inputTokens: answered.reduce((sum, r) => sum + (r.usage?.inputTokens ?? 0), 0),
        outputTokens: answered.reduce((sum, r) => sum + (r.usage?.outputTokens ?? 0), 0),
      });

      // The provider redelivers: accepted again, nothing new is queued or posted.
      expect((await driver.deliverOpened(webhookUrl, pr, deliveryId)).status).toBeLessThan(300);
      expect(await driver.posted(pr.number)).toEqual(first);

      // New commits: only what they changed is reviewed; the model, asked again, posts nothing twice.
      const next = sha('d');
      expect((await driver.push(webhookUrl, pr, next, [STORAGE, TRACE], [TRACE])).status).toBe(202);
      const items = await completedAt(driver, pr.number, next);
      expect(items.map((i) => [i.headSha, i.status])).toEqual([
        [next, 'completed'],
        [pr.head, 'completed'],
      ]);
      const second = await driver.posted(pr.number);
      expect(sorted(second.inline)).toEqual([
        [STORAGE.path, 3],
        [STORAGE.path, 5],
        [STORAGE.path, 6],
        [TRACE.path, 2],
      ]);
      expect(second.summaries).toHaveLength(2);
    });
  });

  it('a failing model: the review completes with the analyzers and the summary says the LLM review failed', async () => {
    // One provider is enough: the reviewers do not depend on where the pull request came from.
    const driver = driverOf(providers[0]!);
    const { webhookUrl } = target();
    const pr = {
      number: 10 + Math.floor(Math.random() * 100000),
      head: sha('e'),
      base: 'b'.repeat(40),
      files: [OUTAGE],
    };
    await driver.open(pr);
    expect((await driver.deliverOpened(webhookUrl, pr, randomUUID())).status).toBe(202);
    await completedAt(driver, pr.number, pr.head);
    const posted = await driver.posted(pr.number);
    expect(posted.inline).toEqual([[OUTAGE.path, 2]]);
    expect(posted.summaries).toHaveLength(1);
    expect(posted.summaries[0]).toMatch(/LLM review failed/);
  });
}
