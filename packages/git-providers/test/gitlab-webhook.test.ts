import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  gitlabAdapter,
  gitlabWebhook,
  verifyGitlabToken,
  WebhookPayloadError,
  type WebhookOutcome,
} from '../src';

interface IndexEntry {
  file: string;
  headers: Record<string, string>;
  expect: { repo: string; projectId: number; number: number | null; headSha: string; action: string };
  decision: 'review' | 'comment' | 'ignore';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixture bodies are read and edited freely here
type Json = Record<string, any>;

const folder = join(__dirname, 'fixtures', 'gitlab');
const index = (JSON.parse(readFileSync(join(folder, 'index.json'), 'utf8')) as { payloads: IndexEntry[] })
  .payloads;
const load = (file: string) => JSON.parse(readFileSync(join(folder, file), 'utf8')) as Json;

const KEY = '5b4c1d8e-0b3a-4c8e-9a55-2f4f1f0c7a10';
function delivery(event: string, body: unknown, extra: Record<string, string> = {}) {
  return {
    headers: { 'x-gitlab-event': event, 'idempotency-key': KEY, ...extra },
    rawBody: Buffer.from(JSON.stringify(body)),
  };
}
const normalize = (event: string, body: unknown, extra?: Record<string, string>): WebhookOutcome =>
  gitlabWebhook.normalize(delivery(event, body, extra), body);

const TRIGGER: Record<string, string> = {
  open: 'opened',
  reopen: 'reopened',
  update: 'updated',
  note: 'command',
};

function withCommand(body: Json, note: string): Json {
  return { ...body, object_attributes: { ...body.object_attributes, note } };
}

describe('GitLab webhook: every captured and documented delivery gets its decision', () => {
  it('covers the 11 GitLab fixtures', () => expect(index).toHaveLength(11));

  it.each(index.map((e) => [`${e.file} → ${e.decision}`, e] as const))('%s', (_name, entry) => {
    const event = entry.headers['X-Gitlab-Event'] ?? '';
    const body = load(entry.file);
    const outcome = normalize(event, body);
    if (entry.decision === 'ignore') {
      expect(outcome).toMatchObject({ kind: 'ignored', reason: expect.any(String) });
      return;
    }
    const expected = {
      kind: 'review',
      event: {
        provider: 'gitlab',
        deliveryId: KEY,
        trigger: TRIGGER[entry.expect.action],
        repository: { provider: 'gitlab', path: entry.expect.repo, projectId: entry.expect.projectId },
        pullRequest: { number: entry.expect.number, headSha: entry.expect.headSha, draft: false },
      },
    };
    if (entry.decision === 'review') {
      expect(outcome).toEqual({ ...expected, event: { ...expected.event, sender: body.user.username } });
      return;
    }
    // A comment asks for a review only with the command; the captured notes do not carry it.
    expect(outcome).toEqual({
      kind: 'ignored',
      reason: 'comment does not contain the @kodus review command',
    });
    const asked = withCommand(body, 'Looks risky. @kodus review please');
    expect(normalize(event, asked)).toEqual({
      ...expected,
      event: { ...expected.event, sender: body.user.username },
    });
  });
});

describe('GitLab merge request hooks', () => {
  const update = load('merge_request.update.json');
  const open = load('merge_request.open.json');
  const attrs = (body: Json, change: Record<string, unknown>) => ({
    ...body,
    object_attributes: { ...body.object_attributes, ...change },
  });

  it('reviews an update only when it carries oldrev (new commits)', () => {
    expect(normalize('Merge Request Hook', update)).toMatchObject({
      kind: 'review',
      event: { trigger: 'updated' },
    });
    const { oldrev: _oldrev, ...withoutOldrev } = update.object_attributes;
    expect(normalize('Merge Request Hook', { ...update, object_attributes: withoutOldrev })).toEqual({
      kind: 'ignored',
      reason: 'merge request !3 updated without new commits (no oldrev)',
    });
  });

  it('reviews a reopen, ignores approvals, closes and merges', () => {
    expect(normalize('Merge Request Hook', attrs(open, { action: 'reopen' }))).toMatchObject({
      kind: 'review',
      event: { trigger: 'reopened' },
    });
    for (const action of ['approved', 'unapproved', 'approval', 'close', 'merge']) {
      expect(normalize('Merge Request Hook', attrs(open, { action }))).toEqual({
        kind: 'ignored',
        reason: `merge request action ${action} is not a review trigger`,
      });
    }
  });

  it('ignores an update with oldrev on a merge request that is no longer open', () => {
    expect(normalize('Merge Request Hook', attrs(update, { state: 'closed' }))).toEqual({
      kind: 'ignored',
      reason: 'merge request !3 is closed',
    });
  });

  it('reports drafts (draft, or the older work_in_progress) and lets the worker decide', () => {
    expect(normalize('Merge Request Hook', attrs(open, { draft: true }))).toMatchObject({
      kind: 'review',
      event: { pullRequest: { draft: true } },
    });
    const { draft: _draft, ...legacy } = attrs(open, { work_in_progress: true }).object_attributes;
    expect(normalize('Merge Request Hook', { ...open, object_attributes: legacy })).toMatchObject({
      event: { pullRequest: { draft: true } },
    });
  });

  it('names the project by path and id, subgroups included', () => {
    const nested = {
      ...open,
      project: { ...open.project, id: 77, path_with_namespace: 'acme/platform/backend/api' },
    };
    expect(normalize('Merge Request Hook', nested)).toMatchObject({
      event: { repository: { provider: 'gitlab', path: 'acme/platform/backend/api', projectId: 77 } },
    });
    expect(
      gitlabAdapter.fullName({ provider: 'gitlab', path: 'acme/platform/backend/api', projectId: 77 }),
    ).toBe('acme/platform/backend/api');
  });

  it('dispatches Service Hook and System Hook deliveries on object_kind', () => {
    expect(normalize('Service Hook', open)).toMatchObject({ kind: 'review' });
    expect(normalize('System Hook', open)).toMatchObject({ kind: 'review' });
    expect(normalize('Service Hook', load('push.json'))).toEqual({
      kind: 'ignored',
      reason: 'push events do not trigger reviews',
    });
  });

  it('ignores every other event by its header', () => {
    for (const event of [
      'Push Hook',
      'Tag Push Hook',
      'Pipeline Hook',
      'Job Hook',
      'Issue Hook',
      'Wiki Page Hook',
    ]) {
      expect(normalize(event, load('push.json'))).toEqual({
        kind: 'ignored',
        reason: `${event} events do not trigger reviews`,
      });
    }
  });
});

describe('GitLab note hooks (@kodus review)', () => {
  const note = load('note.merge_request.json');
  const asked = withCommand(note, '@kodus review');
  const change = (patch: (body: Json) => void) => {
    const copy = structuredClone(asked);
    patch(copy);
    return normalize('Note Hook', copy);
  };

  it('ignores bots, Kodus’ own notes, system notes and edits', () => {
    for (const username of [
      'project_46186758_bot_3f2a9c',
      'group_12_bot',
      'service_account_group_9_ab12',
      'alert-bot',
      'kodus_bot',
    ]) {
      expect(change((b) => (b.user.username = username))).toEqual({
        kind: 'ignored',
        reason: 'comment written by a bot',
      });
    }
    expect(change((b) => (b.object_attributes.note = '@kodus review\n\n<!-- kodus:key=s-abc -->'))).toEqual({
      kind: 'ignored',
      reason: 'comment posted by Kodus',
    });
    expect(change((b) => (b.object_attributes.system = true))).toEqual({
      kind: 'ignored',
      reason: 'system note',
    });
    expect(change((b) => (b.object_attributes.action = 'update'))).toEqual({
      kind: 'ignored',
      reason: 'comment updated',
    });
    expect(change((b) => (b.object_attributes.action = 'create'))).toMatchObject({ kind: 'review' });
  });

  it('ignores a quoted or code-formatted command, and notes on issues, commits and closed merge requests', () => {
    expect(change((b) => (b.object_attributes.note = '> @kodus review'))).toMatchObject({ kind: 'ignored' });
    expect(change((b) => (b.object_attributes.note = 'type `@kodus review`'))).toMatchObject({
      kind: 'ignored',
    });
    expect(change((b) => (b.object_attributes.noteable_type = 'Issue'))).toEqual({
      kind: 'ignored',
      reason: 'comment on a Issue, not on a merge request',
    });
    expect(change((b) => delete b.merge_request)).toMatchObject({ kind: 'ignored' });
    expect(change((b) => (b.merge_request.state = 'merged'))).toEqual({
      kind: 'ignored',
      reason: 'merge request !1 is merged',
    });
  });
});

describe('GitLab delivery ids', () => {
  const open = load('merge_request.open.json');
  const deliveryOf = (headers: Record<string, string>) => {
    const outcome = gitlabWebhook.normalize(
      { headers: { 'x-gitlab-event': 'Merge Request Hook', ...headers }, rawBody: Buffer.from('') },
      open,
    );
    return outcome.kind === 'review' ? outcome.event.deliveryId : undefined;
  };

  it('is Idempotency-Key (kept across retries), else X-Gitlab-Webhook-UUID, never X-Gitlab-Event-UUID', () => {
    expect(
      deliveryOf({
        'idempotency-key': 'idem-1',
        'x-gitlab-webhook-uuid': 'hook-1',
        'x-gitlab-event-uuid': 'ev-1',
      }),
    ).toBe('idem-1');
    expect(deliveryOf({ 'x-gitlab-webhook-uuid': 'hook-1', 'x-gitlab-event-uuid': 'ev-1' })).toBe('hook-1');
    expect(() => deliveryOf({ 'idempotency-key': 'a b' })).toThrow(WebhookPayloadError);
    expect(() => deliveryOf({ 'idempotency-key': 'x'.repeat(201) })).toThrow(WebhookPayloadError);
    expect(() => deliveryOf({ 'x-gitlab-webhook-uuid': 'a/b', 'x-gitlab-event-uuid': 'ev-1' })).toThrow(
      WebhookPayloadError,
    );
  });

  describe('GitLab before 16.2 (neither header): derived from the event, the same on every retry', () => {
    const update = load('merge_request.update.json');
    const note = withCommand(load('note.merge_request.json'), '@kodus review');
    /** The outcome of a delivery without Idempotency-Key and X-Gitlab-Webhook-UUID. */
    const old = (event: string, body: unknown, headers: Record<string, string> = {}) =>
      gitlabWebhook.normalize(
        { headers: { 'x-gitlab-event': event, ...headers }, rawBody: Buffer.from('') },
        body,
      );
    const idOf = (event: string, body: unknown, headers?: Record<string, string>) => {
      const outcome = old(event, body, headers);
      if (outcome.kind !== 'review') throw new Error(`expected a review, got ignored: ${outcome.reason}`);
      return outcome.event.deliveryId;
    };
    const edited = (body: Json, change: (attributes: Json) => void): Json => {
      const copy = structuredClone(body);
      change(copy.object_attributes);
      return copy;
    };

    it('a merge request hook: project, iid, action, head commit (and oldrev when present)', () => {
      expect(idOf('Merge Request Hook', open)).toBe(
        'mr-72081820-3-open-2f7670508b771e7e77839402be8b34b13787aba8',
      );
      expect(idOf('Merge Request Hook', update)).toBe(
        'mr-32059612-3-update-c136499ec574e1034b24c5d306de9acda3005367-8b641937b7340066d882b9d8a8cc5b0573a207de',
      );
      // A retry is the same event: the same id, whatever X-Gitlab-Event-UUID (shared by one push's hooks) says.
      expect(idOf('Merge Request Hook', structuredClone(open), { 'x-gitlab-event-uuid': 'ev-1' })).toBe(
        idOf('Merge Request Hook', open, { 'x-gitlab-event-uuid': 'ev-2' }),
      );
      const ids = new Set([
        idOf('Merge Request Hook', open),
        idOf(
          'Merge Request Hook',
          edited(open, (a) => (a.action = 'reopen')),
        ),
        idOf(
          'Merge Request Hook',
          edited(open, (a) => (a.last_commit.id = 'e'.repeat(40))),
        ),
        idOf(
          'Merge Request Hook',
          edited(open, (a) => (a.iid = 4)),
        ),
        idOf('Merge Request Hook', { ...open, project: { ...open.project, id: 1 } }),
        idOf('Merge Request Hook', update),
        idOf(
          'Merge Request Hook',
          edited(update, (a) => (a.oldrev = 'd'.repeat(40))),
        ),
      ]);
      expect(ids.size).toBe(7);
      for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._-]{1,200}$/);
    });

    it('a note hook: the note id', () => {
      expect(idOf('Note Hook', note)).toBe('note-46186758-1406328457');
      expect(idOf('Note Hook', structuredClone(note), { 'x-gitlab-event-uuid': 'ev-1' })).toBe(
        'note-46186758-1406328457',
      );
      expect(
        idOf(
          'Note Hook',
          edited(note, (a) => (a.id = 1406328458)),
        ),
      ).toBe('note-46186758-1406328458');
    });

    it('events that start no review are ignored without an id; a review without usable fields stays a 400', () => {
      expect(old('Push Hook', load('push.json'))).toMatchObject({ kind: 'ignored' });
      expect(old('Merge Request Hook', load('merge_request.close.json'))).toMatchObject({ kind: 'ignored' });
      expect(old('Note Hook', load('note.merge_request.json'))).toMatchObject({ kind: 'ignored' });
      for (const [event, body] of [
        ['Merge Request Hook', edited(open, (a) => delete a.last_commit)],
        ['Merge Request Hook', edited(open, (a) => (a.last_commit = null))],
        ['Note Hook', edited(note, (a) => delete a.id)],
      ] as const) {
        expect(() => old(event, body, { 'x-gitlab-event-uuid': 'ev-1' })).toThrow(WebhookPayloadError);
        expect(() => old(event, body)).toThrow(/Idempotency-Key/);
      }
    });
  });
});

describe('GitLab malformed deliveries → WebhookPayloadError (400)', () => {
  const open = load('merge_request.open.json');
  const bad = (event: string | undefined, body: unknown) => () =>
    gitlabWebhook.normalize(
      {
        headers: { 'idempotency-key': KEY, ...(event === undefined ? {} : { 'x-gitlab-event': event }) },
        rawBody: Buffer.from(''),
      },
      body,
    );

  it.each([
    ['no X-Gitlab-Event', bad(undefined, open)],
    ['a body that is not an object', bad('Merge Request Hook', 'hello')],
    ['no object_kind', bad('Merge Request Hook', { project: open.project })],
    ['a header that disagrees with object_kind', bad('Note Hook', open)],
    ['no project', bad('Merge Request Hook', { ...open, project: undefined })],
    [
      'a project path with ..',
      bad('Merge Request Hook', { ...open, project: { id: 1, path_with_namespace: 'acme/..' } }),
    ],
    [
      'a one-segment path',
      bad('Merge Request Hook', { ...open, project: { id: 1, path_with_namespace: 'acme' } }),
    ],
    [
      'an iid that is a string',
      bad('Merge Request Hook', { ...open, object_attributes: { ...open.object_attributes, iid: '3' } }),
    ],
    [
      'an abbreviated last commit',
      bad('Merge Request Hook', {
        ...open,
        object_attributes: { ...open.object_attributes, last_commit: { id: 'abc123' } },
      }),
    ],
  ])('%s', (_name, run) => expect(run).toThrow(WebhookPayloadError));
});

describe('GitLab X-Gitlab-Token', () => {
  const TOKEN = 'gitlab-webhook-token-7d1e';
  const body = load('merge_request.open.json');
  const verify = (headers: Record<string, string>, secret: string | null = TOKEN) =>
    gitlabWebhook.verify(
      { headers, rawBody: Buffer.from(JSON.stringify(body)) },
      secret === null ? {} : { gitlab: secret },
    );

  it('accepts the configured token, refuses a wrong or missing one', () => {
    expect(verify({ 'x-gitlab-token': TOKEN })).toEqual({ ok: true });
    expect(verify({ 'x-gitlab-token': `${TOKEN}x` })).toMatchObject({ ok: false, problem: 'invalid' });
    expect(verify({ 'x-gitlab-token': TOKEN.slice(0, -1) })).toMatchObject({ ok: false, problem: 'invalid' });
    expect(verify({ 'x-gitlab-token': TOKEN.toUpperCase() })).toMatchObject({
      ok: false,
      problem: 'invalid',
    });
    expect(verify({ 'x-gitlab-token': '' })).toMatchObject({ ok: false, problem: 'invalid' });
    expect(verify({})).toMatchObject({ ok: false, problem: 'missing' });
  });

  it('accepts anything when no token is configured', () => {
    expect(verify({}, null)).toEqual({ ok: true });
    expect(verify({ 'x-gitlab-token': 'whatever' }, null)).toEqual({ ok: true });
  });

  it('compares the way GitLab sends it: line breaks removed from the configured token', () => {
    expect(verifyGitlabToken('abcdef', 'abc\ndef\r\n')).toBe(true);
    expect(verifyGitlabToken(undefined, TOKEN)).toBe(false);
    expect(verifyGitlabToken(TOKEN, '')).toBe(false);
  });
});

describe('GitLab full names', () => {
  const access = {
    github: { apiUrl: '' },
    gitlab: { url: 'https://gitlab.com' },
    bitbucket: { apiUrl: '' },
    azureDevops: {},
  };

  it('takes group/subgroup/project paths and refuses what GitLab cannot have', () => {
    expect(gitlabAdapter.parseFullName('acme/platform/api', access)).toEqual({
      provider: 'gitlab',
      path: 'acme/platform/api',
    });
    for (const name of [
      'acme',
      'acme//api',
      'acme/../api',
      'acme/a b',
      'acme/%2e%2e',
      '/acme/api',
      'acme/api/',
    ]) {
      expect(() => gitlabAdapter.parseFullName(name, access)).toThrow(/invalid GitLab project path/);
    }
  });

  it('is configured by GITLAB_TOKEN', () => {
    expect(gitlabAdapter.configured(access)).toBe(false);
    expect(gitlabAdapter.configured({ ...access, gitlab: { url: 'https://gitlab.com', token: 't' } })).toBe(
      true,
    );
    expect(() =>
      gitlabAdapter.createClient(access, { repository: { provider: 'gitlab', path: 'a/b' } }),
    ).toThrow(/no gitlab credentials: set GITLAB_TOKEN/);
  });
});
