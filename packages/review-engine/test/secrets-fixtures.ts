import { createHash } from 'node:crypto';
import { DEFAULT_SETTINGS, parsePatch, type Finding, type ReviewSettings } from '../src';
import type { Analyzer } from '../src/analyzers/analyzer';
import { addedFile } from './fixtures';

/*
 * Secret-shaped values for the secrets-*.test.ts files, assembled at run time from a hash so the
 * repository holds no literal a secret scanner would flag. None is a real credential.
 */
export function randomChars(seed: string, length: number, alphabet?: string): string {
  let out = '';
  for (let round = 0; out.length < length; round++) {
    const bytes = createHash('sha256').update(`${seed}/${round}`).digest();
    if (!alphabet) out += bytes.toString('base64url').replace(/[-_]/g, '');
    else for (const byte of bytes) out += alphabet[byte % alphabet.length];
  }
  return out.slice(0, length);
}

const HEX = '0123456789abcdef';
export const uuid = (seed: string): string => {
  const h = randomChars(seed, 32, HEX);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

export const fake = {
  sendgridWithDash: () =>
    [
      'S',
      'G.',
      randomChars('sg1', 10),
      '-',
      randomChars('sg2', 11),
      '.',
      randomChars('sg3', 20),
      '-',
      randomChars('sg4', 10),
      '_',
      randomChars('sg5', 12),
    ].join(''),
  pypi: () => ['py', 'pi-', 'AgEIcHlwaS5vcmc', randomChars('pypi', 120)].join(''),
  hubspotPat: () => ['pa', 't-na1-', uuid('hubspot')].join(''),
  hubspotLegacy: () => uuid('hapikey'),
  azureClientSecret: () =>
    [
      randomChars('az1', 3),
      '8',
      'Q~',
      randomChars('az2', 34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-'),
    ].join(''),
  azureAccountKey: () =>
    `${randomChars('azsk', 86, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}==`,
  jwt: () =>
    [
      'ey',
      Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url').slice(2),
      '.',
      Buffer.from('{"sub":"svc-billing","role":"admin","iat":1767225600}').toString('base64url'),
      '.',
      randomChars('jwt-sig', 43),
    ].join(''),
  password: () => `Pr0d-${randomChars('pw', 10)}!`,
  githubToken: () => ['gh', 'p_', randomChars('gh', 36)].join(''),
  stripeTest: () => ['sk', '_test_', randomChars('stripe', 24)].join(''),
  stripeLive: () => ['sk', '_live_', randomChars('stripe-live', 24)].join(''),
};

/** A PEM block of the given label with a random body of `bodyChars` base64 characters, 64 per line. */
export function pemBlock(label: string, bodyChars: number, headers: string[] = []): string[] {
  const body = `MI${randomChars(`pem-${label}`, bodyChars - 2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}`;
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  return [
    `-----BEGIN ${label}-----`,
    ...headers,
    ...(headers.length ? [''] : []),
    ...lines,
    `-----END ${label}-----`,
  ];
}

export async function run(
  analyzer: Analyzer,
  path: string,
  lines: readonly string[],
  settings: ReviewSettings = DEFAULT_SETTINGS,
): Promise<Finding[]> {
  return analyzer.analyze(parsePatch(addedFile(path, lines)), settings);
}

export const lineNumbers = (findings: readonly Finding[]): number[] => findings.map((f) => f.line);
