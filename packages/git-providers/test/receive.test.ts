import { createHmac } from 'node:crypto';
import {
  githubAdapter,
  type ProviderAdapter,
  receiveWebhook,
  type ReceivePorts,
  type ReviewRequestEvent,
  WebhookPayloadError,
} from '../src';

const HEAD = 'a'.repeat(40);
const body = Buffer.from(
  JSON.stringify({
    action: 'opened',
    number: 1,
    pull_request: {
      number: 1,
      state: 'open',
      title: 't',
      head: { sha: HEAD },
      base: { sha: 'b'.repeat(40) },
    },
    repository: { name: 'shop', owner: { login: 'acme' } },
  }),
);
const githubHeaders = (secret?: string) => ({
  'x-github-event': 'pull_request',
  'x-github-delivery': 'd-1',
  ...(secret === undefined
    ? {}
    : { 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` }),
});

/**
 * An adapter whose events count only when the head moved (as Bitbucket's `pullrequest:updated` and
 * Azure's `git.pullrequest.updated` do), the head taken from the `x-head` header.
 */
const headMovedAdapter: ProviderAdapter = {
  ...githubAdapter,
  webhook: {
    verify: () => ({ ok: true }),
    normalize: (delivery) => {
      const head = delivery.headers['x-head'];
      if (typeof head !== 'string') throw new WebhookPayloadError('no head');
      return {
        kind: 'review',
        event: {
          provider: 'github',
          deliveryId: `d-${head}`,
          trigger: 'updated',
          repository: { provider: 'github', owner: 'acme', name: 'shop' },
          pullRequest: { number: 3, headSha: head, draft: false },
          onlyIfHeadMoved: head,
        },
      };
    },
  },
};

describe('receiveWebhook: the one receive path', () => {
  let queued: ReviewRequestEvent[];
  let heads: Map<string, string>;
  let failEnqueue: boolean;
  let ports: ReceivePorts;

  beforeEach(() => {
    queued = [];
    heads = new Map();
    failEnqueue = false;
    ports = {
      secrets: { github: 's3cret' },
      enqueue: (event) => {
        if (failEnqueue) return Promise.reject(new Error('queue down'));
        queued.push(event);
        return Promise.resolve(`${event.provider}-${event.deliveryId}`);
      },
      swapLastHead: (pr, head) => {
        const previous = heads.get(pr) ?? null;
        heads.set(pr, head);
        return Promise.resolve(previous);
      },
      restoreLastHead: (pr, head, previous) => {
        if (heads.get(pr) === head) {
          if (previous === null) heads.delete(pr);
          else heads.set(pr, previous);
        }
        return Promise.resolve();
      },
    };
  });

  it('answers 404 for a provider Kodus has no adapter for, 401 before looking at the payload, 400 for a malformed one', async () => {
    expect(await receiveWebhook('forgejo', { headers: {}, rawBody: body }, {}, ports)).toMatchObject({
      status: 404,
    });
    expect(
      await receiveWebhook('github', { headers: githubHeaders(), rawBody: body }, {}, ports),
    ).toMatchObject({
      status: 401,
    });
    expect(
      await receiveWebhook(
        'github',
        { headers: githubHeaders('s3cret'), rawBody: body },
        { action: 'opened' },
        ports,
      ),
    ).toMatchObject({ status: 400 });
    expect(queued).toEqual([]);
  });

  it('queues a verified review (202) and ignores what starts none (200)', async () => {
    const parsed: unknown = JSON.parse(body.toString());
    const answer = await receiveWebhook(
      'github',
      { headers: githubHeaders('s3cret'), rawBody: body },
      parsed,
      ports,
    );
    expect(answer).toMatchObject({ status: 202, body: { jobId: 'github-d-1' } });
    const ping = { headers: { ...githubHeaders('s3cret'), 'x-github-event': 'ping' }, rawBody: body };
    expect(await receiveWebhook('github', ping, parsed, ports)).toMatchObject({ status: 200 });
    expect(queued).toHaveLength(1);
  });

  it('queues a head-moved-only event once per head, and lets a redelivery through after a failed enqueue', async () => {
    const send = (head: string) =>
      receiveWebhook(
        'bitbucketish',
        { headers: { 'x-head': head }, rawBody: Buffer.from('{}') },
        {},
        ports,
        () => headMovedAdapter,
      );
    expect(await send('aaa111')).toMatchObject({ status: 202 });
    expect(await send('aaa111')).toMatchObject({
      status: 200,
      body: { ignored: expect.stringMatching(/did not move/) },
    });
    expect(await send('bbb222')).toMatchObject({ status: 202 });
    expect(queued.map((e) => e.pullRequest.headSha)).toEqual(['aaa111', 'bbb222']);

    failEnqueue = true;
    await expect(send('ccc333')).rejects.toThrow(/queue down/);
    failEnqueue = false;
    // The failed attempt left the last head as it was: the provider's redelivery is a review.
    expect(await send('ccc333')).toMatchObject({ status: 202 });
  });
});
