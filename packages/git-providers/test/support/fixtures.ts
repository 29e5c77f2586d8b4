import { generateKeyPairSync } from 'node:crypto';
import type { StandInChangedFile } from '@kodus/test-helpers';

export const REPO = { owner: 'acme', name: 'shop' };
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
