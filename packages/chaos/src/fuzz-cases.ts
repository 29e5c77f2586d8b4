import { randomUUID } from 'node:crypto';
import fc from 'fast-check';

/** One hostile HTTP request; `expect4xx` when the request must be refused (not merely not crash). */
export interface FuzzCase {
  target: 'webhook' | 'api';
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Sign the body with the webhook secret (or with a wrong one, or not at all). */
  signature?: 'valid' | 'wrong-secret' | 'garbage' | 'none';
  /** The bearer token: the real one, a wrong one, or none. */
  auth?: 'valid' | 'wrong' | 'none';
  expect4xx: boolean;
}

/** Owner or repository names that must never reach an authenticated call: refused at the edge. */
const HOSTILE_NAMES = ['..', '.', 'a\u0000b', '\u0000', 'x\ud800', '\udfffy', '../..', 'a/../b'];
/** Odd but harmless-once-encoded names, for the general pool. */
const ODD_NAMES = ['%2e%2e', ' ', '\u202e', 'a'.repeat(300), '__proto__', 'constructor'];

/** Cursors that decode but name impossible or out-of-range instants. */
const TAMPERED_INSTANTS = [
  '2020-02-30T00:00:00.000Z',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-19T23:59:59.999Z',
  '2020-13-01T00:00:00.000Z',
  '1969-12-31T23:59:60.000Z',
];

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...HOSTILE_NAMES, ...ODD_NAMES),
  fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
);
const hugeNumber = fc.oneof(
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, 2 ** 31, -1, 0, 1.5, Number.MAX_SAFE_INTEGER),
  fc.double(),
  fc.bigInt().map((n) => n.toString()),
);
const sha = fc.oneof(fc.stringMatching(/^[0-9a-f]{40}$/), text);

/** A pull_request payload with some fields hostile or of the wrong type. */
const pullRequestPayload = fc.record({
  action: fc.oneof(fc.constantFrom('opened', 'synchronize', 'reopened', 'closed'), text),
  number: fc.oneof(fc.integer({ min: 1, max: 99999 }), hugeNumber, text),
  pull_request: fc.record({
    number: fc.oneof(fc.integer({ min: 1, max: 99999 }), hugeNumber, fc.anything()),
    state: fc.oneof(fc.constant('open'), fc.anything()),
    draft: fc.oneof(fc.boolean(), fc.anything()),
    title: text,
    user: fc.record({ login: text }),
    head: fc.record({ sha, ref: text }),
    base: fc.record({ sha, ref: text }),
  }),
  repository: fc.record({
    name: text,
    full_name: text,
    owner: fc.record({ login: text }),
  }),
  sender: fc.record({ login: text }),
  installation: fc.option(fc.record({ id: fc.oneof(hugeNumber, fc.anything()) })),
});

/**
 * Percent-encodes every code point as (generalized) UTF-8 bytes; a lone surrogate becomes its 3-byte
 * WTF-8 form (`%ED%A0%80`), invalid UTF-8 on purpose, which encodeURIComponent refuses to produce.
 */
export function percentEncode(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (/^[A-Za-z0-9_.~-]$/.test(char)) out += char;
    else if (code < 0x80) out += `%${code.toString(16).padStart(2, '0').toUpperCase()}`;
    else {
      const bytes =
        code < 0x800
          ? [0xc0 | (code >> 6), 0x80 | (code & 63)]
          : code < 0x10000
            ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)]
            : [
                0xf0 | (code >> 18),
                0x80 | ((code >> 12) & 63),
                0x80 | ((code >> 6) & 63),
                0x80 | (code & 63),
              ];
      out += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    }
  }
  return out;
}

function json(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null';
}

const webhookCases: fc.Arbitrary<FuzzCase> = fc.oneof(
  // Malformed JSON, correctly signed: the parser, not the signature, must refuse it.
  fc
    .oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      pullRequestPayload.map((p) => json(p).slice(0, -3)),
      fc.constantFrom('{', '[', '{"a":', 'null', '"x"', '1e99999', '{"__proto__":{"x":1}}'),
    )
    .map((body): FuzzCase => ({
      target: 'webhook',
      kind: 'malformed-json',
      method: 'POST',
      path: '/webhooks/github',
      headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request' },
      body,
      signature: 'valid',
      expect4xx: false,
    })),
  // Wrong types, huge numbers, hostile names, correctly signed.
  pullRequestPayload.map((payload): FuzzCase => ({
    target: 'webhook',
    kind: 'wrong-types',
    method: 'POST',
    path: '/webhooks/github',
    headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request' },
    body: json(payload),
    signature: 'valid',
    expect4xx: false,
  })),
  // A valid event whose owner or name is hostile: must be refused.
  fc
    .tuple(fc.constantFrom(...HOSTILE_NAMES), fc.boolean(), fc.integer({ min: 1, max: 9999 }))
    .map(([hostile, inOwner, number]): FuzzCase => {
      const owner = inOwner ? hostile : 'acme';
      const name = inOwner ? 'api' : hostile;
      const head = { sha: 'a'.repeat(40), ref: 'x' };
      return {
        target: 'webhook',
        kind: 'hostile-name',
        method: 'POST',
        path: '/webhooks/github',
        headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request' },
        body: json({
          action: 'opened',
          number,
          pull_request: {
            number,
            state: 'open',
            draft: false,
            title: 't',
            user: { login: 'u' },
            head,
            base: { sha: 'b'.repeat(40), ref: 'main' },
          },
          repository: { name, full_name: `${owner}/${name}`, owner: { login: owner } },
          sender: { login: 'u' },
        }),
        signature: 'valid',
        expect4xx: true,
      };
    }),
  // Bad signatures: refused whatever the body.
  fc
    .tuple(
      pullRequestPayload,
      fc.constantFrom('wrong-secret', 'garbage', 'none') as fc.Arbitrary<'wrong-secret' | 'garbage' | 'none'>,
    )
    .map(([payload, signature]): FuzzCase => ({
      target: 'webhook',
      kind: 'bad-signature',
      method: 'POST',
      path: '/webhooks/github',
      headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request' },
      body: json(payload),
      signature,
      expect4xx: true,
    })),
  // Bad headers: event, delivery id and content type.
  fc
    .record({
      event: fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), fc.constant('')),
      delivery: fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 300 }), fc.constant('')),
      contentType: fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=latin1',
        'multipart/form-data; boundary=x',
        'application/xml',
      ),
    })
    .map(({ event, delivery, contentType }): FuzzCase => ({
      target: 'webhook',
      kind: 'bad-headers',
      method: 'POST',
      path: '/webhooks/github',
      headers: { 'content-type': contentType, 'x-github-event': event, 'x-github-delivery': delivery },
      body: 'payload=%7B%22x%22%3A1%7D',
      signature: 'valid',
      expect4xx: false,
    })),
);

const cursorOf = (value: unknown) => Buffer.from(json(value)).toString('base64url');

const apiCases: fc.Arbitrary<FuzzCase> = fc.oneof(
  // Query strings: every parameter hostile, unknown ones too.
  fc
    .dictionary(
      fc.constantFrom('provider', 'repository', 'pullRequest', 'limit', 'cursor', 'x', '__proto__'),
      fc.oneof(text, hugeNumber.map(String)),
      { maxKeys: 4 },
    )
    .map((query): FuzzCase => ({
      target: 'api',
      kind: 'list-query',
      method: 'GET',
      path: `/reviews?${Object.entries(query)
        .map(([key, value]) => `${percentEncode(key)}=${percentEncode(String(value))}`)
        .join('&')}`,
      headers: {},
      auth: 'valid',
      expect4xx: false,
    })),
  // Tampered cursors: impossible dates, wrong types, not base64 at all.
  fc
    .oneof(
      fc.constantFrom(...TAMPERED_INSTANTS).map((t) => cursorOf({ t, id: randomUUID() })),
      fc.record({ t: fc.anything(), id: fc.anything() }).map(cursorOf),
      fc.string({ unit: 'binary', maxLength: 100 }).map((s) => Buffer.from(s).toString('base64url')),
    )
    .map((cursor): FuzzCase => ({
      target: 'api',
      kind: 'tampered-cursor',
      method: 'GET',
      path: `/reviews?cursor=${percentEncode(cursor)}`,
      headers: {},
      auth: 'valid',
      expect4xx: true,
    })),
  // Review ids.
  fc
    .oneof(text, fc.uuid())
    // "." and "" would resolve to the list route itself (URL normalization), which answers 200.
    .filter((id) => id !== '.' && id !== '')
    .map((id): FuzzCase => ({
      target: 'api',
      kind: 'review-id',
      method: 'GET',
      path: `/reviews/${percentEncode(id)}`,
      headers: {},
      auth: 'valid',
      expect4xx: true,
    })),
  // Manual review requests with a hostile repository: refused.
  fc
    .tuple(fc.constantFrom(...HOSTILE_NAMES), fc.boolean(), fc.integer({ min: 1, max: 9999 }))
    .map(([hostile, inOwner, pullRequest]): FuzzCase => ({
      target: 'api',
      kind: 'create-review-hostile-name',
      method: 'POST',
      path: '/reviews',
      headers: { 'content-type': 'application/json' },
      body: json({
        provider: 'github',
        repository: inOwner ? `${hostile}/api` : `acme/${hostile}`,
        pullRequest,
      }),
      auth: 'valid',
      expect4xx: true,
    })),
  // Manual review requests with wrong types or malformed JSON.
  fc
    .oneof(
      fc
        .record({
          provider: fc.oneof(fc.constantFrom('github', 'gitlab'), fc.anything()),
          repository: text,
          pullRequest: fc.oneof(hugeNumber, fc.anything()),
        })
        .map(json),
      fc.string({ unit: 'binary', maxLength: 100 }),
    )
    .map((body): FuzzCase => ({
      target: 'api',
      kind: 'create-review',
      method: 'POST',
      path: '/reviews',
      headers: { 'content-type': 'application/json' },
      body,
      auth: 'valid',
      expect4xx: false,
    })),
  // Wrong or missing tokens.
  fc.constantFrom('wrong', 'none').map((auth): FuzzCase => ({
    target: 'api',
    kind: 'bad-token',
    method: 'GET',
    path: '/reviews',
    headers: {},
    auth: auth as 'wrong' | 'none',
    expect4xx: true,
  })),
);

/** `count` cases, the same ones for the same seed: half against the webhook, half against the API. */
export function fuzzCases(count: number, seed: number): FuzzCase[] {
  return fc.sample(fc.oneof(webhookCases, apiCases), { numRuns: count, seed });
}
