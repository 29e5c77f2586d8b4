import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ReviewRequestEvent, type WebhookDelivery, WebhookPayloadError } from '../src';
import { azureDevopsWebhook } from '../src/azure-devops/webhook-adapter';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are edited freely in the tests
type Editable = Record<string, any>;

const dir = join(__dirname, 'fixtures', 'azure-devops');
const raw = (file: string) => readFileSync(join(dir, file));
const json = (file: string) => JSON.parse(raw(file).toString('utf8')) as Editable;
const delivery = (body: Buffer | object, headers: Record<string, string> = {}): WebhookDelivery => ({
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  rawBody: Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body)),
});
const normalize = (body: Buffer | object) => azureDevopsWebhook.normalize(delivery(body), undefined);
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
/** The docs comment event (an edit) as a new comment: content last updated when it was published. */
const freshComment = (content: string): Editable => {
  const body = json('ms.vss-code.git-pullrequest-comment-event.docs.json');
  body.resource.comment.content = content;
  body.resource.comment.lastContentUpdatedDate = body.resource.comment.publishedDate;
  body.resource.comment.lastUpdatedDate = body.resource.comment.publishedDate;
  body.message.text = 'Jamal Hartnett has commented on a pull request';
  return body;
};
const reviewOf = (body: Buffer | object): ReviewRequestEvent => {
  const outcome = normalize(body);
  if (outcome.kind !== 'review') throw new Error(`expected a review, got ignored: ${outcome.reason}`);
  return outcome.event;
};

describe('Azure DevOps webhook authentication (Basic, constant time)', () => {
  const secrets = { azureDevops: { user: 'kodus', password: 's3cret-password' } };
  const body = raw('git.pullrequest.created.docs.json');

  it('accepts anything when no credentials are configured', () => {
    expect(azureDevopsWebhook.verify(delivery(body), {})).toEqual({ ok: true });
  });
  it('accepts the configured user and password', () => {
    expect(
      azureDevopsWebhook.verify(
        delivery(body, { authorization: basic('kodus', 's3cret-password') }),
        secrets,
      ),
    ).toEqual({ ok: true });
  });
  it('no credentials while configured → missing', () => {
    expect(azureDevopsWebhook.verify(delivery(body), secrets)).toMatchObject({
      ok: false,
      problem: 'missing',
    });
  });
  it.each([
    ['a wrong password', basic('kodus', 's3cret-passwore')],
    ['a wrong user', basic('kodu', 's3cret-password')],
    ['the password alone', `Basic ${Buffer.from('s3cret-password').toString('base64')}`],
    ['a bearer token', 'Bearer s3cret-password'],
    ['a password with a suffix', basic('kodus', 's3cret-password2')],
    ['garbage', 'Basic !!!'],
  ])('%s → invalid', (_name, authorization) => {
    expect(azureDevopsWebhook.verify(delivery(body, { authorization }), secrets)).toMatchObject({
      ok: false,
      problem: 'invalid',
    });
  });
  it('a password containing a colon still matches', () => {
    const s = { azureDevops: { user: 'u', password: 'a:b:c' } };
    expect(azureDevopsWebhook.verify(delivery(body, { authorization: basic('u', 'a:b:c') }), s)).toEqual({
      ok: true,
    });
  });
});

describe('every Azure DevOps fixture gets the decision index.json gives', () => {
  it('git.pullrequest.created → review (opened), organization from the project URL', () => {
    expect(reviewOf(raw('git.pullrequest.created.docs.json'))).toEqual({
      provider: 'azure-devops',
      deliveryId: '2ab4e3d3-b7a6-425e-92b1-5a9982c1269e',
      trigger: 'opened',
      repository: {
        provider: 'azure-devops',
        collectionUrl: 'https://dev.azure.com/fabrikam',
        organization: 'fabrikam',
        project: 'Fabrikam',
        repository: 'Fabrikam',
        repositoryId: '4bc14d40-c903-45e2-872e-0462c7748079',
      },
      pullRequest: { number: 1, draft: false, headSha: '53d54ac915144006c2c9e90d2c7d3880920db49c' },
      onlyIfHeadMoved: '53d54ac915144006c2c9e90d2c7d3880920db49c',
      sender: 'Jamal Hartnett',
    });
  });

  it('git.pullrequest.updated after a push → review only if the head moved', () => {
    const event = reviewOf(raw('git.pullrequest.updated.push.zulip.json'));
    expect(event).toMatchObject({
      deliveryId: '6544f94b-ce5d-4bc1-b4be-30559b589d15',
      trigger: 'updated',
      onlyIfHeadMoved: 'aefa35fb7c4505b9b8337aff3c4be96eddbbd861',
      repository: {
        collectionUrl: 'https://dev.azure.com/ttchong',
        organization: 'ttchong',
        project: 'test-zulip',
        repository: 'test-zulip',
      },
      pullRequest: { number: 2, headSha: 'aefa35fb7c4505b9b8337aff3c4be96eddbbd861', draft: false },
    });
  });

  it.each([
    ['git.pullrequest.updated.completed.docs.json', 'pull request 1 is completed'],
    ['git.pullrequest.merged.docs.json', 'git.pullrequest.merged events do not trigger reviews'],
    ['git.push.docs.json', 'git.push events do not trigger reviews'],
    [
      'ms.vss-code.git-pullrequest-comment-event.docs.json',
      'the comment was edited: only a new comment asks for a review',
    ],
  ])('%s → ignored', (file, reason) => {
    expect(normalize(raw(file))).toEqual({ kind: 'ignored', reason });
  });

  it('the comment event with @kodus review → a command review on the comment’s pull request', () => {
    const body = freshComment('Please @kodus review this again');
    const event = reviewOf(body);
    expect(event).toMatchObject({
      trigger: 'command',
      deliveryId: body.id,
      sender: 'Jamal Hartnett',
      repository: {
        organization: 'fabrikam',
        collectionUrl: 'https://dev.azure.com/fabrikam',
        project: 'Fabrikam',
        repository: 'Fabrikam',
      },
      pullRequest: { number: 1, draft: false },
    });
    // GUID placeholders where SHAs belong are not passed on as a head, nor as a repository id.
    expect(event.pullRequest.headSha).toBeUndefined();
    expect(event.repository).not.toHaveProperty('repositoryId');
    expect(event.onlyIfHeadMoved).toBeUndefined();
  });
});

describe('Azure DevOps comment commands', () => {
  const comment = (change: (body: Editable) => void) => {
    const body = freshComment('@kodus review');
    change(body);
    return normalize(body);
  };

  it('a new comment is a command: content last updated when published, or never', () => {
    expect(comment(() => undefined)).toMatchObject({ kind: 'review', event: { trigger: 'command' } });
    expect(comment((b) => delete b.resource.comment.lastContentUpdatedDate).kind).toBe('review');
    // The same instant written with another precision is still the publication.
    expect(
      comment((b) => (b.resource.comment.lastContentUpdatedDate = '2024-06-17T11:22:33.456Z')).kind,
    ).toBe('review');
  });

  it('an edited comment is not a new command, even when the edit adds @kodus review', () => {
    // The docs sample is an edit: "has edited a pull request comment", content updated after publication.
    const edited = json('ms.vss-code.git-pullrequest-comment-event.docs.json');
    expect(edited.message.text).toContain('has edited a pull request comment');
    edited.resource.comment.content = 'Please @kodus review this again';
    expect(normalize(edited)).toEqual({
      kind: 'ignored',
      reason: 'the comment was edited: only a new comment asks for a review',
    });
  });

  it.each([
    [
      'a build service',
      (b: Editable) =>
        Object.assign(b.resource.comment.author, {
          uniqueName: 'Build\\ad9e1dcf-6055-4fc7-a146-5511ab5ab1e8',
          displayName: 'Project Collection Build Service (x)',
        }),
    ],
    [
      'a service principal',
      (b: Editable) => Object.assign(b.resource.comment.author, { descriptor: 'svc.YTU2Y2JhNGE' }),
    ],
    ['a system comment', (b: Editable) => (b.resource.comment.commentType = 'system')],
    ['a system comment by number', (b: Editable) => (b.resource.comment.commentType = 3)],
    ['a deleted comment', (b: Editable) => (b.resource.comment.isDeleted = true)],
    [
      'Kodus’ own comment quoting the command',
      (b: Editable) => (b.resource.comment.content = 'run @kodus review\n\n<!-- kodus:key=s-abc -->'),
    ],
    ['the command in code', (b: Editable) => (b.resource.comment.content = 'type `@kodus review`')],
    ['an abandoned pull request', (b: Editable) => (b.resource.pullRequest.status = 'abandoned')],
  ])('%s is ignored', (_name, change) => {
    expect(comment(change).kind).toBe('ignored');
  });
});

describe('Azure DevOps Server and locator details', () => {
  it('a Server delivery: the collection URL and name from resourceContainers', () => {
    const body = json('git.pullrequest.updated.push.zulip.json');
    for (const c of ['collection', 'account', 'project'])
      body.resourceContainers[c].baseUrl = 'https://tfs.example.com/tfs/DefaultCollection/';
    expect(reviewOf(body).repository).toMatchObject({
      collectionUrl: 'https://tfs.example.com/tfs/DefaultCollection',
      organization: 'DefaultCollection',
    });
  });
  it('a legacy visualstudio.com URL is the same organization on dev.azure.com', () => {
    const body = json('git.pullrequest.created.docs.json');
    body.resource.repository.project.url =
      'https://fabrikam.visualstudio.com/DefaultCollection/_apis/projects/6ce954b1';
    expect(reviewOf(body).repository).toMatchObject({
      collectionUrl: 'https://dev.azure.com/fabrikam',
      organization: 'fabrikam',
    });
  });
  it('a display name is cut to what the job takes (100 characters, well-formed)', () => {
    const body = json('git.pullrequest.created.docs.json');
    body.resource.createdBy.displayName = `${'n'.repeat(99)}😀 and more`;
    const sender = reviewOf(body).sender ?? '';
    expect(sender.length).toBeLessThanOrEqual(100);
    expect(sender.isWellFormed()).toBe(true);
  });

  it('the draft state is part of what must move: publishing a draft on the same head is a new state', () => {
    const body = json('git.pullrequest.updated.push.zulip.json');
    body.resource.isDraft = true;
    expect(reviewOf(body).onlyIfHeadMoved).toBe('aefa35fb7c4505b9b8337aff3c4be96eddbbd861:draft');
    body.resource.isDraft = false;
    expect(reviewOf(body).onlyIfHeadMoved).toBe('aefa35fb7c4505b9b8337aff3c4be96eddbbd861');
  });

  it('a draft is queued as a draft (the worker applies the settings)', () => {
    const body = json('git.pullrequest.created.docs.json');
    body.resource.isDraft = true;
    expect(reviewOf(body).pullRequest.draft).toBe(true);
  });
  it('an updated event with no source commit is ignored', () => {
    const body = json('git.pullrequest.updated.push.zulip.json');
    delete body.resource.lastMergeSourceCommit;
    expect(normalize(body)).toMatchObject({ kind: 'ignored' });
  });
});

describe('malformed Azure DevOps bodies → WebhookPayloadError (400)', () => {
  const base = () => json('git.pullrequest.created.docs.json');
  it.each([
    ['not JSON', Buffer.from('{"id": ')],
    ['an array', Buffer.from('[]')],
    [
      'no id',
      (() => {
        const b = base();
        delete b.id;
        return b;
      })(),
    ],
    [
      'an id with a newline',
      (() => {
        const b = base();
        b.id = 'a\nb';
        return b;
      })(),
    ],
    [
      'an id the job contract refuses (a colon)',
      (() => {
        const b = base();
        b.id = 'subscription:1';
        return b;
      })(),
    ],
    [
      'a collection URL over 500 characters',
      (() => {
        const b = base();
        b.resource.repository.project.url = `https://tfs.example.com/${'a/'.repeat(250)}coll/_apis/projects/1`;
        return b;
      })(),
    ],
    [
      'no eventType',
      (() => {
        const b = base();
        delete b.eventType;
        return b;
      })(),
    ],
    [
      'a pull request without an id',
      (() => {
        const b = base();
        delete b.resource.pullRequestId;
        return b;
      })(),
    ],
    [
      'a repository without a project',
      (() => {
        const b = base();
        delete b.resource.repository.project;
        return b;
      })(),
    ],
    [
      'a project name with a slash',
      (() => {
        const b = base();
        b.resource.repository.project.name = 'a/../b';
        return b;
      })(),
    ],
    [
      'no URL saying which organization',
      (() => {
        const b = base();
        delete b.resource.repository.project.url;
        delete b.resource.repository.url;
        return b;
      })(),
    ],
    [
      'a comment event without its pull request',
      (() => {
        const b = json('ms.vss-code.git-pullrequest-comment-event.docs.json');
        delete b.resource.pullRequest;
        return b;
      })(),
    ],
  ])('%s', (_name, body) => {
    expect(() => normalize(body)).toThrow(WebhookPayloadError);
  });

  it.each([
    ['a collection base URL', 'https://dev.azure.com/%E0%A4%A/'],
    ['a Server collection base URL', 'https://tfs.example.com/tfs/Coll%E0%A4%A/'],
    ['a base URL with credentials in it', 'https://kodus:s3cret-password@dev.azure.com/%E0%A4%A/'],
  ])('refuses a bad percent-escape in %s with a clear WebhookPayloadError, not a URIError', (_name, url) => {
    const body = json('git.pullrequest.updated.push.zulip.json');
    for (const c of ['collection', 'account']) body.resourceContainers[c].baseUrl = url;
    const refusal = (() => {
      try {
        normalize(body);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(WebhookPayloadError);
    const message = (refusal as Error).message;
    expect(message).toMatch(/percent-escape/);
    expect(message).not.toContain('s3cret-password');
    expect(message).not.toContain('%E0');
  });
  it('refuses a bad percent-escape in the project URL of a documentation-style delivery', () => {
    const body = json('git.pullrequest.created.docs.json');
    body.resource.repository.project.url = 'https://dev.azure.com/fab%ZZrikam/_apis/projects/6ce954b1';
    expect(() => normalize(body)).toThrow(WebhookPayloadError);
  });
});
