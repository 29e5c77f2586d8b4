import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { receiveWebhook, type ReceivePorts, type ReviewRequestEvent } from '../src';

/** The Azure DevOps fixtures through the one receive path, with the adapter the registry holds. */
const DIR = join(__dirname, 'fixtures', 'azure-devops');
const USER = 'kodus-hook';
const PASSWORD = 'hook-password-1';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function delivery(
  file: string,
  change?: (body: Record<string, unknown>) => void,
  authorization = basic(USER, PASSWORD),
) {
  let raw = readFileSync(join(DIR, file));
  if (change !== undefined) {
    const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    change(body);
    raw = Buffer.from(JSON.stringify(body));
  }
  return {
    headers: { 'content-type': 'application/json', ...(authorization === '' ? {} : { authorization }) },
    rawBody: raw,
  };
}

describe('Azure DevOps deliveries through receiveWebhook', () => {
  let queued: ReviewRequestEvent[];
  let heads: Map<string, string>;
  let ports: ReceivePorts;
  const receive = (d: ReturnType<typeof delivery>) =>
    receiveWebhook('azure-devops', d, JSON.parse(d.rawBody.toString('utf8')) as unknown, ports);

  beforeEach(() => {
    queued = [];
    heads = new Map();
    ports = {
      secrets: { azureDevops: { user: USER, password: PASSWORD } },
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

  it('reviews a creation and a push; an update whose source commit stayed (a vote, a title) starts nothing', async () => {
    const push = 'git.pullrequest.updated.push.zulip.json';
    // The pull request as it was created, one commit earlier.
    const created = delivery('git.pullrequest.created.docs.json', (b) => {
      b.resourceContainers = { collection: { baseUrl: 'https://dev.azure.com/ttchong/' } };
      const resource = b.resource as Record<string, Record<string, unknown>>;
      Object.assign(resource.repository as object, { name: 'test-zulip', project: { name: 'test-zulip' } });
      Object.assign(resource, { pullRequestId: 2, lastMergeSourceCommit: { commitId: 'b'.repeat(40) } });
    });
    expect(await receive(created)).toMatchObject({ status: 202, body: { jobId: 'job-1' } });
    expect(await receive(delivery(push))).toMatchObject({ status: 202, body: { jobId: 'job-2' } });
    expect(await receive(delivery(push, (b) => (b.id = 'another-delivery')))).toMatchObject({
      status: 200,
      body: { ignored: 'the head of pull request #2 did not move' },
    });
    expect(heads.get('azure-devops:ttchong/test-zulip/test-zulip#2')).toBe(
      'aefa35fb7c4505b9b8337aff3c4be96eddbbd861',
    );
    expect(queued.map((e) => [e.trigger, e.deliveryId])).toEqual([
      ['opened', '2ab4e3d3-b7a6-425e-92b1-5a9982c1269e'],
      ['updated', '6544f94b-ce5d-4bc1-b4be-30559b589d15'],
    ]);
  });

  it('a draft published on the same head is reviewed (like GitHub’s ready_for_review); a vote after it is not', async () => {
    const push = 'git.pullrequest.updated.push.zulip.json';
    const asDraft = delivery(push, (b) => Object.assign(b.resource as object, { isDraft: true }));
    expect(await receive(asDraft)).toMatchObject({ status: 202 });
    expect(await receive(delivery(push, (b) => (b.id = 'published')))).toMatchObject({ status: 202 });
    expect(await receive(delivery(push, (b) => (b.id = 'a-vote')))).toMatchObject({ status: 200 });
    expect(queued.map((e) => e.pullRequest.draft)).toEqual([true, false]);
  });

  it('answers 200 ignored for events that start no review', async () => {
    for (const file of [
      'git.pullrequest.updated.completed.docs.json',
      'git.pullrequest.merged.docs.json',
      'git.push.docs.json',
      'ms.vss-code.git-pullrequest-comment-event.docs.json',
    ]) {
      expect(await receive(delivery(file))).toMatchObject({
        status: 200,
        body: { ignored: expect.any(String) },
      });
    }
    expect(queued).toEqual([]);
  });

  it('a comment with @kodus review queues a command review; the same comment edited is ignored', async () => {
    const file = 'ms.vss-code.git-pullrequest-comment-event.docs.json';
    const commentOf = (b: Record<string, unknown>) =>
      (b.resource as Record<string, Record<string, unknown>>).comment as Record<string, unknown>;
    const fresh = delivery(file, (b) => {
      const comment = commentOf(b);
      comment.content = '@kodus review';
      comment.lastContentUpdatedDate = comment.publishedDate;
    });
    expect(await receive(fresh)).toMatchObject({ status: 202 });
    expect(queued[0]).toMatchObject({ trigger: 'command', repository: { organization: 'fabrikam' } });
    const edited = delivery(file, (b) => {
      commentOf(b).content = '@kodus review';
      b.id = 'the-edit';
    });
    expect(await receive(edited)).toEqual({
      status: 200,
      body: { ignored: 'the comment was edited: only a new comment asks for a review' },
    });
    expect(queued).toHaveLength(1);
  });

  it('401 without or with wrong credentials while they are configured; 400 for a malformed body', async () => {
    const file = 'git.pullrequest.created.docs.json';
    expect(await receive(delivery(file, undefined, ''))).toMatchObject({ status: 401 });
    expect(await receive(delivery(file, undefined, basic(USER, 'wrong')))).toMatchObject({ status: 401 });
    expect(await receive(delivery(file, (b) => delete b.id))).toMatchObject({ status: 400 });
    const badEscape = delivery('git.pullrequest.updated.push.zulip.json', (b) => {
      const containers = b.resourceContainers as Record<string, Record<string, unknown>>;
      for (const c of ['collection', 'account']) containers[c]!.baseUrl = 'https://dev.azure.com/%E0%A4%A/';
    });
    expect(await receive(badEscape)).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/percent-escape/) },
    });
    expect(queued).toEqual([]);
  });
});
