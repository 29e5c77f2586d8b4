import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingHttpHeaders } from 'node:http';
import { WebhookPayloadError, type WebhookOutcome } from '../src';
import { bitbucketWebhook, verifyBitbucketSignature } from '../src/bitbucket';

interface FixtureEntry {
  file: string;
  headers: Record<string, string>;
  expect: { repo: string; number: number | null; headSha: string; action: string };
  decision: 'review' | 'comment' | 'ignore';
}

const DIR = join(__dirname, 'fixtures', 'bitbucket');
const INDEX = JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) as FixtureEntry[];
const SECRET = 'bitbucket-webhook-secret';

function rawOf(entry: FixtureEntry): Buffer {
  return readFileSync(join(DIR, entry.file.replace(/^bitbucket\//, '')));
}

function headersOf(entry: FixtureEntry): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(entry.headers)) headers[name.toLowerCase()] = value;
  // The documentation template has no captured delivery headers.
  headers['x-request-uuid'] ??= 'docs-template-delivery';
  return headers;
}

function normalize(
  entry: FixtureEntry,
  body: unknown = JSON.parse(rawOf(entry).toString('utf8')),
): WebhookOutcome {
  return bitbucketWebhook.normalize({ headers: headersOf(entry), rawBody: rawOf(entry) }, body);
}

const sign = (raw: Buffer, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
const byFile = (suffix: string) => INDEX.find((e) => e.file.endsWith(suffix))!;

/** What the receive path does with `onlyIfHeadMoved`: compare it with the head it last saw for the PR. */
function decide(outcome: WebhookOutcome, lastSeenHead: string | undefined): 'review' | 'ignore' {
  if (outcome.kind === 'ignored') return 'ignore';
  const moved = outcome.event.onlyIfHeadMoved;
  return moved !== undefined && moved === lastSeenHead ? 'ignore' : 'review';
}

describe('Bitbucket webhook normalization, every shared fixture', () => {
  it('has the eight Bitbucket fixtures', () => {
    expect(INDEX).toHaveLength(8);
  });

  it.each(INDEX.map((e) => [e.file, e] as const))('%s', (_file, entry) => {
    const outcome = normalize(entry);
    const [workspace, slug] = entry.expect.repo.split('/');
    if (entry.decision === 'ignore' && entry.expect.action !== 'pullrequest:updated') {
      expect(outcome.kind).toBe('ignored');
      return;
    }
    if (entry.decision === 'comment') {
      // The captured comments do not ask for a review; the same comment with the command does.
      expect(outcome).toEqual({
        kind: 'ignored',
        reason: 'comment does not contain the @kodus review command',
      });
      const body = JSON.parse(rawOf(entry).toString('utf8')) as { comment: { content: { raw: string } } };
      body.comment.content.raw = 'Please @kodus review this again';
      const asked = normalize(entry, body);
      // The documentation template (its state the literal "OPEN|MERGED|DECLINED") is checked on its own below.
      if (entry.file.includes('docs-inline')) return;
      expect(asked).toEqual({
        kind: 'review',
        event: expect.objectContaining({
          provider: 'bitbucket',
          deliveryId: headersOf(entry)['x-request-uuid'],
          trigger: 'command',
          repository: { provider: 'bitbucket', workspace, slug },
          pullRequest: { number: entry.expect.number, draft: false },
        }),
      });
      return;
    }
    expect(outcome.kind).toBe('review');
    if (outcome.kind !== 'review') return;
    expect(outcome.event).toMatchObject({
      provider: 'bitbucket',
      deliveryId: entry.headers['X-Request-UUID'],
      repository: { provider: 'bitbucket', workspace, slug },
      pullRequest: { number: entry.expect.number },
    });
    if (entry.expect.action === 'pullrequest:created') {
      expect(outcome.event.trigger).toBe('opened');
    } else {
      expect(outcome.event.trigger).toBe('updated');
    }
    expect(outcome.event.onlyIfHeadMoved).toBe(entry.expect.headSha);
    // The payload's hash is abbreviated: the job carries none, and the worker resolves the full SHA.
    expect(outcome.event.pullRequest.headSha).toBeUndefined();
  });

  it('reviews an update whose source commit moved and ignores one whose did not (draft toggle)', () => {
    const created = normalize(byFile('pullrequest_created.json'));
    const pushed = normalize(byFile('pullrequest_updated.push.json'));
    const toDraft = normalize(byFile('pullrequest_updated.to-draft.json'));
    // PR #2: created at 39f188d78e1e (recorded as the head seen), then pushed to 26240d6b7e74.
    expect(decide(created, undefined)).toBe('review');
    expect(decide(created, '39f188d78e1e')).toBe('ignore');
    expect(decide(pushed, '39f188d78e1e')).toBe('review');
    expect(decide(pushed, '26240d6b7e74')).toBe('ignore');
    // PR #1 turned into a draft without a new commit: the head last seen is still d0e829618d28.
    expect(decide(toDraft, 'd0e829618d28')).toBe('ignore');
    expect(toDraft.kind === 'review' && toDraft.event.pullRequest.draft).toBe(true);
  });

  it('ignores merged, declined, pushes and unknown events with a reason', () => {
    expect(normalize(byFile('pullrequest_fulfilled.json'))).toEqual({
      kind: 'ignored',
      reason: 'pullrequest:fulfilled events do not trigger reviews',
    });
    expect(normalize(byFile('pullrequest_rejected.json'))).toEqual({
      kind: 'ignored',
      reason: 'pullrequest:rejected events do not trigger reviews',
    });
    expect(normalize(byFile('repo_push.json'))).toEqual({
      kind: 'ignored',
      reason: 'repo:push events do not trigger reviews',
    });
    const created = byFile('pullrequest_created.json');
    const merged = JSON.parse(rawOf(created).toString('utf8')) as { pullrequest: { state: string } };
    merged.pullrequest.state = 'MERGED';
    expect(
      normalize(
        { ...created, headers: { ...created.headers, 'X-Event-Key': 'pullrequest:updated' } },
        merged,
      ),
    ).toEqual({
      kind: 'ignored',
      reason: 'pull request #2 is merged',
    });
  });

  describe('comments', () => {
    const entry = byFile('pullrequest_comment_created.json');
    const withComment = (raw: string, userType?: string) => {
      const body = JSON.parse(rawOf(entry).toString('utf8')) as {
        comment: { content: { raw: string }; user: { type?: string } };
      };
      body.comment.content.raw = raw;
      if (userType !== undefined) body.comment.user.type = userType;
      return normalize(entry, body);
    };

    it('asks for a review only with the command, not quoted or inside code', () => {
      expect(withComment('@kodus review').kind).toBe('review');
      expect(withComment('> @kodus review').kind).toBe('ignored');
      expect(withComment('`@kodus review`').kind).toBe('ignored');
      expect(withComment('@kodus-bot review').kind).toBe('ignored');
    });

    it('ignores bots (app users and workspaces) and Kodus’ own comments', () => {
      expect(withComment('@kodus review', 'app_user')).toEqual({
        kind: 'ignored',
        reason: 'comment written by a bot',
      });
      expect(withComment('@kodus review', 'team')).toEqual({
        kind: 'ignored',
        reason: 'comment written by a bot',
      });
      expect(withComment('Reply @kodus review to re-run.\n\n[//]: # (kodus:key=s-abc)')).toEqual({
        kind: 'ignored',
        reason: 'comment written by Kodus',
      });
    });

    it('reads the documented inline-comment template', () => {
      const docs = byFile('pullrequest_comment_created.docs-inline.json');
      const body = JSON.parse(rawOf(docs).toString('utf8')) as { comment: { content: { raw: string } } };
      body.comment.content.raw = '@kodus review';
      // The template's state is the literal "OPEN|MERGED|DECLINED": not an open pull request.
      expect(normalize(docs, body)).toEqual({
        kind: 'ignored',
        reason: 'pull request #1 is open|merged|declined',
      });
    });
  });

  describe('what reaches the job contract', () => {
    const entry = byFile('pullrequest_created.json');
    const body = () => JSON.parse(rawOf(entry).toString('utf8')) as { actor: { display_name: string } };
    const run = (headers: IncomingHttpHeaders, payload: unknown = body()) =>
      bitbucketWebhook.normalize(
        { headers: { ...headersOf(entry), ...headers }, rawBody: rawOf(entry) },
        payload,
      );

    it('takes the delivery id without the braces Bitbucket writes around UUIDs, and refuses other characters', () => {
      const outcome = run({ 'x-request-uuid': '{b6a7936d-956e-4d6d-a5ad-3e179249add6}' });
      expect(outcome.kind === 'review' && outcome.event.deliveryId).toBe(
        'b6a7936d-956e-4d6d-a5ad-3e179249add6',
      );
      expect(() => run({ 'x-request-uuid': 'a/b' })).toThrow(WebhookPayloadError);
      expect(() => run({ 'x-request-uuid': 'a:b' })).toThrow(WebhookPayloadError);
    });

    it('bounds the sender (a display name) to 100 characters', () => {
      const long = body();
      long.actor.display_name = 'é'.repeat(500);
      const outcome = run({}, long);
      expect(outcome.kind === 'review' && outcome.event.sender).toBe('é'.repeat(100));
    });
  });

  describe('malformed deliveries (400)', () => {
    const entry = byFile('pullrequest_created.json');
    const body = () => JSON.parse(rawOf(entry).toString('utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test mutation of a fixture

    it.each([
      ['a JSON array', []],
      ['a string', 'hello'],
      ['null', null],
      ['no pullrequest', { ...body(), pullrequest: undefined }],
      ['a non-numeric id', { ...body(), pullrequest: { ...body().pullrequest, id: '2' } }],
      [
        'a hash that is no hash',
        { ...body(), pullrequest: { ...body().pullrequest, source: { commit: { hash: 'x' } } } },
      ],
      ['a full name with three parts', { ...body(), repository: { full_name: 'a/b/c' } }],
      ['a full name with ..', { ...body(), repository: { full_name: '../repo' } }],
      ['a workspace id with a dot', { ...body(), repository: { full_name: 'ac.me/repo' } }],
    ])('%s', (_name, payload) => {
      expect(() => normalize(entry, payload)).toThrow(WebhookPayloadError);
    });

    it('needs X-Event-Key and X-Request-UUID', () => {
      const headers = headersOf(entry);
      const without = (name: string) => {
        const copy = { ...headers };
        delete copy[name];
        return () => bitbucketWebhook.normalize({ headers: copy, rawBody: rawOf(entry) }, body());
      };
      expect(without('x-event-key')).toThrow(WebhookPayloadError);
      expect(without('x-request-uuid')).toThrow(WebhookPayloadError);
      const odd = { ...headers, 'x-request-uuid': 'a\u0000b' };
      expect(() => bitbucketWebhook.normalize({ headers: odd, rawBody: rawOf(entry) }, body())).toThrow(
        WebhookPayloadError,
      );
    });
  });
});

describe('Bitbucket webhook authentication (X-Hub-Signature, HMAC-SHA256 of the raw body)', () => {
  const entry = byFile('pullrequest_created.json');
  const raw = rawOf(entry);
  const verify = (extra: Record<string, string>, rawBody = raw, secret: string | null = SECRET) =>
    bitbucketWebhook.verify(
      { headers: { ...headersOf(entry), ...extra }, rawBody },
      secret === null ? {} : { bitbucket: secret },
    );

  it('accepts a body signed with the secret', () => {
    expect(verify({ 'x-hub-signature': sign(raw) })).toEqual({ ok: true });
    expect(verify({ 'x-hub-signature': sign(raw).toUpperCase().replace('SHA256=', 'sha256=') })).toEqual({
      ok: true,
    });
  });

  it('refuses a tampered body, another secret and a malformed header as invalid', () => {
    const tampered = Buffer.from(raw.toString('utf8').replace('"aha"', '"ahb"'));
    expect(verify({ 'x-hub-signature': sign(raw) }, tampered)).toMatchObject({
      ok: false,
      problem: 'invalid',
    });
    expect(verify({ 'x-hub-signature': sign(raw, 'other') })).toMatchObject({
      ok: false,
      problem: 'invalid',
    });
    expect(verify({ 'x-hub-signature': 'sha1=' + 'a'.repeat(40) })).toMatchObject({
      ok: false,
      problem: 'invalid',
    });
    expect(verify({ 'x-hub-signature': sign(raw).slice(0, -2) })).toMatchObject({
      ok: false,
      problem: 'invalid',
    });
    // GitHub's header name is not Bitbucket's.
    expect(verify({ 'x-hub-signature-256': sign(raw) })).toMatchObject({ ok: false, problem: 'missing' });
  });

  it('refuses an unsigned delivery while a secret is configured, and accepts it without one', () => {
    expect(verify({})).toMatchObject({ ok: false, problem: 'missing' });
    expect(verify({}, raw, null)).toEqual({ ok: true });
    expect(verify({}, raw, '')).toEqual({ ok: true });
  });

  it('never throws on odd input', () => {
    expect(verifyBitbucketSignature(raw, undefined, SECRET)).toBe(false);
    expect(verifyBitbucketSignature(raw, sign(raw), '')).toBe(false);
    expect(verifyBitbucketSignature('x' as unknown as Buffer, sign(raw), SECRET)).toBe(false);
  });
});
