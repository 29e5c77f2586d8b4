import { z } from 'zod';
import {
  commentKey,
  GitProviderError,
  type PostedComment,
  ProviderHttp,
  publishByKeys,
  type PublishOps,
  readHiddenKey,
  type ReviewToPublish,
  stripHiddenKey,
} from '../../src';
import { ScriptedServer, sendJson } from '../support/scripted-server';

/**
 * A pull request's comments on a local HTTP server (GitLab-like notes: paged, one POST per comment), and
 * PublishOps over the shared HTTP layer, as a provider without an atomic review implements them.
 */
interface Note {
  id: number;
  body: string;
  path?: string;
  line?: number;
}

const head = { number: 7, headSha: 'h'.repeat(40), baseSha: 'b'.repeat(40), startSha: 'b'.repeat(40) };
const inline = (line: number) => ({
  key: commentKey('inline', head.headSha, 'src/a.ts', line),
  path: 'src/a.ts',
  line,
  body: `issue on line ${line}`,
});
const review: ReviewToPublish = {
  head,
  summary: { key: commentKey('summary', head.headSha), body: 'Summary' },
  comments: [inline(1), inline(2), inline(999), inline(3)],
};

describe('publishByKeys', () => {
  let server: ScriptedServer;
  let notes: Note[];
  let failPostNumber: number | undefined;
  let posts: number;
  let ops: PublishOps;

  beforeEach(async () => {
    notes = [{ id: 1, body: 'a human comment' }];
    posts = 0;
    failPostNumber = undefined;
    server = await new ScriptedServer((req, res) => {
      if (req.method === 'GET') {
        const page = Number(new URL(req.url, 'http://x').searchParams.get('page') ?? '1');
        const slice = notes.slice((page - 1) * 2, page * 2);
        sendJson(res, 200, slice, { 'x-next-page': page * 2 < notes.length ? String(page + 1) : '' });
        return;
      }
      posts += 1;
      const input = JSON.parse(req.body) as Omit<Note, 'id'>;
      if (input.line === 999) return sendJson(res, 400, { message: 'line_code can not be blank' });
      const note = { id: notes.length + 1, ...input };
      // The request lands, then the answer is lost: what a timeout after a successful POST looks like.
      notes.push(note);
      if (posts === failPostNumber) return sendJson(res, 502, {});
      sendJson(res, 201, note);
    }).start();
    const http = new ProviderHttp({
      provider: 'gitlab',
      baseUrl: `${server.url}/api/v4`,
      authorization: () => 'Bearer t',
      retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 10 },
    });
    const note = z.object({
      id: z.number(),
      body: z.string(),
      path: z.string().optional(),
      line: z.number().optional(),
    });
    ops = {
      async listPosted(): Promise<PostedComment[]> {
        const all = await http.getAllPages({ path: '/notes' }, 'gitlab', note);
        return all.flatMap((n) => {
          const key = readHiddenKey(n.body);
          if (key === undefined) return [];
          return [
            {
              key,
              id: String(n.id),
              kind: n.path === undefined ? 'summary' : 'inline',
              body: stripHiddenKey(n.body),
            },
          ];
        });
      },
      async postInline(comment) {
        try {
          await http.request({ method: 'POST', path: '/notes', body: comment });
          return {};
        } catch (error) {
          if (error instanceof GitProviderError && error.status === 400) return { refused: error.message };
          throw error;
        }
      },
      async postSummary(body) {
        const created = await http.json(note, { method: 'POST', path: '/notes', body: { body } });
        return { id: String(created.id), url: `${server.url}/notes/${created.id}` };
      },
    };
  });
  afterEach(() => server.stop());

  const keysOnServer = () => notes.map((n) => readHiddenKey(n.body)).filter((k) => k !== undefined);

  it('posts each inline comment, a refused one alone lost, then the summary', async () => {
    const result = await publishByKeys(ops, review);
    expect(result.posted).toEqual([inline(1).key, inline(2).key, inline(3).key, review.summary.key]);
    expect(result.refused).toEqual([{ key: inline(999).key, reason: expect.stringContaining('line_code') }]);
    expect(result.alreadyPosted).toEqual([]);
    expect(result.summaryId).toBe('5');
    expect(keysOnServer()).toEqual(result.posted);
  });

  it('completes a half-finished publish on a retry, without duplicates', async () => {
    failPostNumber = 2; // inline(2) lands but its answer is a 502
    await expect(publishByKeys(ops, review)).rejects.toMatchObject({ status: 502 });
    expect(keysOnServer()).toEqual([inline(1).key, inline(2).key]);

    const retry = await publishByKeys(ops, review);
    expect(retry.alreadyPosted).toEqual([inline(1).key, inline(2).key]);
    expect(retry.posted).toEqual([inline(3).key, review.summary.key]);
    expect(keysOnServer()).toEqual([inline(1).key, inline(2).key, inline(3).key, review.summary.key]);
  });

  it('posts nothing the second time, and finds the summary again by its key', async () => {
    const first = await publishByKeys(ops, review);
    const postsAfterFirst = posts;
    const second = await publishByKeys(ops, review);
    expect(second.posted).toEqual([]);
    expect(second.summaryId).toBe(first.summaryId);
    // Only the refused comment is tried again (the provider may place it now); the summary never is.
    expect(posts - postsAfterFirst).toBe(1);
    expect(keysOnServer().filter((k) => k === review.summary.key)).toHaveLength(1);
  });
});
