import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { receiveWebhook, type ReceiveAnswer, type ReceivePorts, type ReviewRequestEvent } from '../src';

/** The captured Bitbucket deliveries through the one receive path, signed as a webhook with a secret would sign them. */
const DIR = join(__dirname, 'fixtures', 'bitbucket');
const SECRET = 'bb-secret';
interface Entry {
  file: string;
  headers: Record<string, string>;
}
const INDEX = JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) as Entry[];

function delivery(suffix: string, change?: (body: Record<string, unknown>) => void) {
  const entry = INDEX.find((e) => e.file.endsWith(suffix))!;
  let raw = readFileSync(join(DIR, entry.file.replace(/^bitbucket\//, '')));
  if (change !== undefined) {
    const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    change(body);
    raw = Buffer.from(JSON.stringify(body));
  }
  const headers: IncomingHttpHeaders = { 'x-request-uuid': `docs-${suffix}` };
  for (const [name, value] of Object.entries(entry.headers)) headers[name.toLowerCase()] = value;
  headers['x-hub-signature'] = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
  return { headers, raw };
}

describe('Bitbucket deliveries through receiveWebhook', () => {
  let queued: ReviewRequestEvent[];
  let heads: Map<string, string>;
  let ports: ReceivePorts;
  const receive = (
    d: { headers: IncomingHttpHeaders; raw: Buffer },
    body?: unknown,
  ): Promise<ReceiveAnswer> => {
    let parsed = body;
    if (parsed === undefined) {
      try {
        parsed = JSON.parse(d.raw.toString('utf8'));
      } catch {
        parsed = d.raw.toString('utf8');
      }
    }
    return receiveWebhook('bitbucket', { headers: d.headers, rawBody: d.raw }, parsed, ports);
  };

  beforeEach(() => {
    queued = [];
    heads = new Map();
    ports = {
      secrets: { bitbucket: SECRET },
      enqueue: (event) => {
        queued.push(event);
        return Promise.resolve(`job-${queued.length}`);
      },
      swapLastHead: (pr, head) => {
        const previous = heads.get(pr) ?? null;
        heads.set(pr, head);
        return Promise.resolve(previous);
      },
      restoreLastHead: () => Promise.resolve(),
    };
  });

  it('reviews a creation and a push, not an update whose source commit stayed, nor a draft toggle', async () => {
    expect(await receive(delivery('pullrequest_created.json'))).toMatchObject({ status: 202 });
    expect(await receive(delivery('pullrequest_updated.push.json'))).toMatchObject({ status: 202 });
    // The same head again (a reviewer added, a title edited): nothing moved.
    expect(await receive(delivery('pullrequest_updated.push.json'))).toEqual({
      status: 200,
      body: { ignored: 'the head of pull request #2 did not move' },
      event: expect.objectContaining({ onlyIfHeadMoved: '26240d6b7e74' }),
    });
    // PR #1 was opened at d0e829618d28 (its creation is not among the captures), then turned into a draft.
    heads.set('bitbucket:6543/collect-webhooks#1', 'd0e829618d28');
    expect(await receive(delivery('pullrequest_updated.to-draft.json'))).toMatchObject({ status: 200 });
    expect(queued.map((e) => [e.trigger, e.pullRequest.number, e.onlyIfHeadMoved])).toEqual([
      ['opened', 2, '39f188d78e1e'],
      ['updated', 2, '26240d6b7e74'],
    ]);
  });

  it('reviews on @kodus review, whatever the head, and ignores other comments, merges, declines and pushes', async () => {
    const asked = delivery('pullrequest_comment_created.json', (body) => {
      (body.comment as { content: { raw: string } }).content.raw = '@kodus review';
    });
    expect(await receive(asked)).toMatchObject({ status: 202 });
    expect(await receive(asked)).toMatchObject({ status: 202 });
    for (const ignored of [
      'pullrequest_comment_created.json',
      'pullrequest_fulfilled.json',
      'pullrequest_rejected.json',
      'repo_push.json',
    ]) {
      expect(await receive(delivery(ignored))).toMatchObject({
        status: 200,
        body: { ignored: expect.any(String) },
      });
    }
    expect(queued.map((e) => e.trigger)).toEqual(['command', 'command']);
  });

  it('answers 401 for a tampered, unsigned or wrongly signed delivery and 400 for a malformed one', async () => {
    const good = delivery('pullrequest_created.json');
    const tampered = {
      headers: good.headers,
      raw: Buffer.from(good.raw.toString('utf8').replace('"aha"', '"ahb"')),
    };
    expect(await receive(tampered)).toMatchObject({ status: 401 });
    const unsigned = { ...good, headers: { ...good.headers, 'x-hub-signature': undefined } };
    expect(await receive(unsigned)).toMatchObject({ status: 401 });
    const otherSecret = {
      ...good,
      headers: {
        ...good.headers,
        'x-hub-signature': `sha256=${createHmac('sha256', 'x').update(good.raw).digest('hex')}`,
      },
    };
    expect(await receive(otherSecret)).toMatchObject({ status: 401 });
    const notJson = Buffer.from('{"pullrequest": ');
    const signed = {
      'x-hub-signature': `sha256=${createHmac('sha256', SECRET).update(notJson).digest('hex')}`,
    };
    expect(await receive({ headers: { ...good.headers, ...signed }, raw: notJson })).toMatchObject({
      status: 400,
    });
    const noId = delivery('pullrequest_created.json', (body) => {
      (body.pullrequest as { id?: number }).id = undefined;
    });
    expect(await receive(noId)).toMatchObject({ status: 400 });
    expect(queued).toEqual([]);
  });
});
