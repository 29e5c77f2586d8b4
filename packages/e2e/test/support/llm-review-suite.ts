import { randomUUID } from 'node:crypto';
import type { LlmRecordedRequest, LlmStandInRule } from '@kodus/test-helpers';
import { githubDeliveryHeaders, githubPullRequestEvent, waitFor } from '@kodus/test-helpers';
import type { RunningTarget } from './review-suite';

/** The LLM stand-in as a test sees it (in-process next to the deployment). */
export interface LlmControl {
  script(rule: LlmStandInRule): void;
  requests(): LlmRecordedRequest[];
}

const REPO = { owner: 'acme', name: 'billing' };
const PATCH = [
  '@@ -1,4 +1,6 @@',
  " import { db } from './db';",
  ' ',
  ' export async function invoice(id: string) {',
  '+  const rows = await db.query(`SELECT * FROM invoices WHERE id = ${id}`);',
  '+  return rows[0];',
  ' }',
].join('\n');

function suggestion(line: number, text: string) {
  return {
    relevantFile: 'src/invoices.ts',
    relevantLinesStart: line,
    relevantLinesEnd: line,
    label: 'security',
    severity: 'critical',
    suggestionContent: text,
    oneSentenceSummary: text,
    existingCode: null,
    improvedCode: null,
  };
}

/**
 * The LLM review end to end: a signed webhook → the model (the stand-in) → its finding posted on the exact
 * added line, a hallucinated line never posted, usage in the API equal to the stand-in's counts, and nothing
 * posted twice when the delivery comes again.
 */
export function llmReviewSuite(target: () => RunningTarget & { llm: LlmControl }): void {
  it('posts the model finding on its line, never a hallucinated one, with the usage the provider reported', async () => {
    const { webhookUrl, apiUrl, apiToken, webhookSecret, github, llm } = target();
    const number = 2000 + Math.floor(Math.random() * 1000);
    const head = randomUUID().replace(/-/g, '').padEnd(40, 'd');
    const title = `Invoice lookup ${randomUUID()}`;
    llm.script({
      match: title,
      reply: {
        json: {
          suggestions: [
            suggestion(4, 'The id is spliced into SQL: an injection. Use a parameter.'),
            suggestion(1, 'A finding on a line the pull request did not change.'),
          ],
        },
        usage: { inputTokens: 1500, outputTokens: 70, cachedInputTokens: 0 },
      },
    });
    await github.addPullRequest(REPO, {
      number,
      headSha: head,
      baseSha: 'b'.repeat(40),
      title,
      files: [{ filename: 'src/invoices.ts', status: 'modified', patch: PATCH }],
    });
    const body = JSON.stringify(githubPullRequestEvent({ repo: REPO, number, headSha: head, title }));
    const deliver = async (deliveryId: string) =>
      (
        await fetch(`${webhookUrl}/webhooks/github`, {
          method: 'POST',
          headers: githubDeliveryHeaders(body, webhookSecret, { deliveryId }),
          body,
        })
      ).status;
    const deliveryId = randomUUID();
    expect(await deliver(deliveryId)).toBe(202);

    const [review] = await waitFor(
      'the LLM review on GitHub',
      async () => {
        const posted = await github.reviews(REPO, number);
        return posted.length > 0 ? posted : undefined;
      },
      { timeoutMs: 60000, intervalMs: 250 },
    );
    expect(review?.comments.map((c) => [c.path, c.line])).toEqual([['src/invoices.ts', 4]]);
    expect(review?.comments[0]?.body).toContain('The id is spliced into SQL');
    expect(JSON.stringify(review)).not.toContain('did not change');

    const headers = { authorization: `Bearer ${apiToken}` };
    const [stored] = await waitFor('the completed review in the API', async () => {
      const response = await fetch(
        `${apiUrl}/reviews?provider=github&repository=acme/billing&pullRequest=${number}`,
        { headers },
      );
      const items = ((await response.json()) as { items: Array<Record<string, unknown>> }).items;
      return items[0]?.status === 'completed' ? items : undefined;
    });
    const detail = (await (await fetch(`${apiUrl}/reviews/${String(stored?.id)}`, { headers })).json()) as {
      usage: Record<string, unknown>;
      suggestions: Array<Record<string, unknown>>;
    };
    const sent = llm.requests().filter((r) => r.promptText.includes(title));
    expect(sent).toHaveLength(1);
    expect(detail.usage).toMatchObject({ llmCalls: 1, inputTokens: 1500, outputTokens: 70 });
    expect(detail.suggestions.map((s) => [s.path, s.line, s.source])).toEqual([
      ['src/invoices.ts', 4, 'llm'],
    ]);

    // Another delivery for the same head: stored as skipped; nothing posted, no model call.
    expect(await deliver(randomUUID())).toBe(202);
    await waitFor('the second delivery to be handled', async () => {
      const response = await fetch(
        `${apiUrl}/reviews?provider=github&repository=acme/billing&pullRequest=${number}`,
        { headers },
      );
      const items = ((await response.json()) as { items: Array<Record<string, unknown>> }).items;
      return items.length === 2 && items[0]?.status === 'skipped' ? items : undefined;
    });
    expect(await github.reviews(REPO, number)).toHaveLength(1);
    expect(llm.requests().filter((r) => r.promptText.includes(title))).toHaveLength(1);
  });
}
