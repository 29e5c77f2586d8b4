/**
 * Telling a real secret from a placeholder by its value alone: documented examples, masks, templates,
 * references, sequences and low-entropy strings. Every check is linear in the value's length, and values
 * are capped at MAX_VALUE_CHARS before any check.
 */

export const MAX_VALUE_CHARS = 1_000;

/**
 * Values the providers publish in their documentation (AWS's example key pair, Stripe's docs keys, jwt.io's
 * sample token's signature). Matched as substrings, so a prefix or quote around them does not matter.
 */
const DOCUMENTED_EXAMPLES = [
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  '4eC39HqLyjWDarjtT1zdp7dc', // Stripe's docs secret key (sk_test_...)
  'BQokikJOvBiI2HlWgH4olfQ2', // Stripe's older docs secret key
  'TYooMQauvdEDq54NiTphI7jx', // Stripe's docs publishable key
  'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c', // jwt.io's sample token signature
  'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIy', // jwt.io's sample payload
  // RFC 6749's (OAuth 2.0) examples: access and refresh token, client secret, code, Basic credentials
  '2YotnFZFEjr1zCsicMWpAA',
  'tGzv3JOkF0XG5Qx2TlKWIA',
  '7Fjfp0ZBr1KtDRbnfVdmIw',
  'SplxlOBeZQQYbYS6WxSbIA',
  'czZCaGRSa3F0MzpnWDFmQmF0M2JW',
  // Azurite's (the Azure Storage emulator's) published account key for devstoreaccount1
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
];

/** Words and shapes that mark a value as a stand-in, wherever they occur in it. */
const PLACEHOLDER_MARKERS =
  /example|sample|dummy|fake|mock|placeholder|redacted|change[_-]?me|replace[_-]?(?:me|this|with)|insert[_-]?(?:your|here)|your[_-]|[_-]here\b|put[_-]your|not[_-]?(?:a[_-]?)?(?:real|secret)|for[_-]?dev|x{4,}|\*{3,}|\.{3,}|…|<[^<>]{0,80}>|\{\{|\$\{|%\(|#\{|<%/i;

/** Runs typed by hand, checked in the token's random part only (a Slack token's ids are digits). */
const HAND_TYPED = /0{6,}|123456|abcdef(?:gh|12)/i;

/** Whole values that name a credential rather than being one, or are empty-ish. */
const PLACEHOLDER_WORDS = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'secret',
  'secrets',
  'token',
  'apikey',
  'api_key',
  'api-key',
  'key',
  'changeit',
  'changeme',
  'default',
  'null',
  'nil',
  'none',
  'undefined',
  'true',
  'false',
  'empty',
  'test',
  'testing',
  'tester',
  'demo',
  'admin',
  'root',
  'guest',
  'user',
  'username',
  'postgres',
  'mysql',
  'letmein',
  'qwerty',
  'todo',
  'tbd',
  'foo',
  'bar',
  'foobar',
  'secret123',
  'password123',
  'password1',
]);

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** log2 of the size of the smallest usual alphabet the value is written in (hex, alphanumeric, base64, printable). */
export function charsetBits(value: string): number {
  if (/^[0-9a-f]+$/i.test(value)) return 4;
  if (/^[a-z0-9]+$/.test(value) || /^[A-Z0-9]+$/.test(value)) return Math.log2(36);
  if (/^[A-Za-z0-9]+$/.test(value)) return Math.log2(62);
  if (/^[A-Za-z0-9+/=_~.-]+$/.test(value)) return 6;
  return Math.log2(94);
}

/**
 * How close the value's entropy comes to what a random string of its length and alphabet would have
 * (1 = as random as can be). A random 32-character token scores about 0.85-1; "aaaa1111bbbb2222" far less.
 */
export function randomness(value: string): number {
  if (value.length < 2) return 0;
  const ceiling = Math.min(charsetBits(value), Math.log2(value.length));
  return ceiling > 0 ? shannonEntropy(value) / ceiling : 0;
}

/** "abcdefgh", "12345678", "ABCDEF": most neighbours one code point apart. */
function isSequence(value: string): boolean {
  if (value.length < 4) return false;
  let steps = 0;
  for (let i = 1; i < value.length; i++) {
    const delta = value.charCodeAt(i) - value.charCodeAt(i - 1);
    if (delta === 1 || delta === -1) steps++;
  }
  return steps / (value.length - 1) >= 0.6;
}

/** "abcabcabc", "aaaaaaaa", "1212121212": the value repeats a unit of up to 8 characters. */
function isRepetition(value: string): boolean {
  for (let unit = 1; unit <= 8 && unit * 2 <= value.length; unit++) {
    let repeats = true;
    for (let i = unit; i < value.length && repeats; i++) repeats = value[i] === value[i - unit];
    if (repeats) return true;
  }
  return false;
}

export function isDocumentedExample(value: string): boolean {
  return DOCUMENTED_EXAMPLES.some((example) => value.includes(example));
}

/**
 * A value that is plainly not a live secret: a documented example, a mask or template, a placeholder
 * word, a sequence or a repetition. `body` is the part after a token's fixed prefix (e.g. after "ghp_"),
 * where the randomness must be; it defaults to the value.
 */
/** The text a hex or base64 value stands for, when it is readable ASCII (a placeholder in disguise). */
function decodedText(value: string): string | undefined {
  let bytes: Buffer | undefined;
  if (value.length >= 16 && value.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(value))
    bytes = Buffer.from(value, 'hex');
  else if (value.length >= 16 && /^[A-Za-z0-9+/]+={0,2}$/.test(value)) bytes = Buffer.from(value, 'base64');
  const text = bytes?.toString('latin1');
  return text && /^[\x20-\x7e]+$/.test(text) ? text : undefined;
}

export function isFakeSecret(value: string, body: string = value): boolean {
  const capped = value.slice(0, MAX_VALUE_CHARS);
  const decoded = decodedText(capped);
  if (decoded && PLACEHOLDER_MARKERS.test(decoded)) return true; // hex of "kodus-development-key-not-secret"
  const cappedBody = body.slice(0, MAX_VALUE_CHARS);
  if (isDocumentedExample(capped)) return true;
  if (PLACEHOLDER_MARKERS.test(capped)) return true;
  if (PLACEHOLDER_WORDS.has(capped.toLowerCase())) return true;
  if (HAND_TYPED.test(cappedBody)) return true;
  if (new Set(cappedBody).size <= 3) return true;
  if (isSequence(cappedBody) || isRepetition(cappedBody)) return true;
  // A long token body written by hand ("aaaabbbbccccdddd") has far less entropy than a generated one.
  if (cappedBody.length >= 16 && randomness(cappedBody) < 0.6) return true;
  return false;
}

/** The token's body: what follows a lower-case prefix and its separator ("sk_live_", "ghp_", "pat-na1-"). */
export function tokenBody(token: string): string {
  const prefix = /^(?:[a-z]{2,10}[_-]){1,3}/.exec(token);
  return prefix ? token.slice(prefix[0].length) : token;
}

/** The longest run of base64 characters in the value: where a token's randomness is. */
export function longestRun(value: string): string {
  let best = '';
  for (const run of value.slice(0, MAX_VALUE_CHARS).matchAll(/[A-Za-z0-9+/]+/g))
    if (run[0].length > best.length) best = run[0];
  return best;
}
