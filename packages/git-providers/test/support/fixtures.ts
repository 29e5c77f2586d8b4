import { generateKeyPairSync } from 'node:crypto';
import type { StandInChangedFile } from '@kodus/test-helpers';
import { commentKey, type PinnedHead, type ReviewToPublish } from '../../src';

export const REPO = { owner: 'acme', name: 'shop' };
/** The same repository as the client addresses it. */
export const LOCATOR = { provider: 'github' as const, ...REPO };
export const HEAD = 'a'.repeat(40);
export const BASE = 'b'.repeat(40);

/** `count` modified files whose patch makes new lines 1–3 commentable (line 2 added). */
export function changedFiles(count: number): StandInChangedFile[] {
  return Array.from({ length: count }, (_, i) => ({
    filename: `src/module-${String(i).padStart(4, '0')}.ts`,
    status: 'modified' as const,
    patch: `@@ -1,2 +1,3 @@\n export const a${i} = 1;\n+export const b${i} = 2;\n export const c${i} = 3;`,
  }));
}

/** An RSA key pair like a GitHub App's: the private key as PKCS#1 PEM, as GitHub hands it out. */
export function appKeyPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
}

/** The head a review is pinned to (base = start, as on GitHub). */
export function pinned(number: number, headSha = HEAD, baseSha = BASE): PinnedHead {
  return { number, headSha, baseSha, startSha: baseSha };
}

/** A review to publish: a summary keyed by `key`, and inline comments keyed by their place. */
export function reviewOf(
  number: number,
  summary: string,
  comments: { path: string; line: number; body: string }[] = [],
  headSha = HEAD,
): ReviewToPublish {
  return {
    head: pinned(number, headSha),
    summary: { key: commentKey('summary', headSha, summary), body: summary },
    comments: comments.map((c) => ({ ...c, key: commentKey('inline', headSha, c.path, c.line, c.body) })),
  };
}
