import { generateKeyPairSync } from 'node:crypto';
import type { ChangedFileInput } from '../src';

/** A GitHub-style patch for a new file whose lines are all added. */
export function newFilePatch(lines: readonly string[]): string {
  return [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join('\n');
}

export function addedFile(path: string, lines: readonly string[]): ChangedFileInput {
  return { path, status: 'added', patch: newFilePatch(lines) };
}

/*
 * Secret-shaped values are assembled at run time so the repository holds no literal that secret
 * scanners (including secretlint itself) would flag. None is a real credential.
 */
const pick = (alphabet: string, length: number, seed: number): string =>
  Array.from({ length }, (_, i) => alphabet[(seed * 7 + i * 13) % alphabet.length]).join('');
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Matches AWS's access key ID format; not AWS's documented example key (secretlint skips that one). */
export const fakeAwsAccessKeyId = ['AK', 'IA', pick(UPPER_DIGITS, 16, 3)].join('');
export const fakeAwsSecretKey = pick(`${ALNUM}/+`, 40, 5);
export const fakeGithubToken = ['gh', 'p_', pick(ALNUM, 36, 11)].join('');
export const fakeSlackToken = ['xo', 'xb-', '123456789012-1234567890123-', pick(ALNUM, 24, 2)].join('');
export const fakeNpmToken = ['np', 'm_', pick(ALNUM, 36, 17)].join('');

let pem: string | undefined;
/** A freshly generated RSA private key in PEM (PKCS#8), lines joined with "\n". */
export function generatedPrivateKeyPem(): string {
  pem ??= generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;
  return pem.trimEnd();
}
