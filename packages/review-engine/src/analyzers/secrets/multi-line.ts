import type { AddedLine } from '../../types';
import { OWN_KINDS, type SecretKind } from '../secret-kinds';
import { isPlaceholderPassword } from './format-rules';
import { isFakeSecret, randomness } from './values';

export interface SecretHit {
  line: number;
  ruleId: string;
  kind: SecretKind;
  /** Generic credentials are reported in code and configuration only. */
  generic: boolean;
}

/** Any PEM or PGP private key, encrypted PKCS#8 and EC/DSA included; not public keys or certificates. */
const PRIVATE_KEY_BEGIN =
  /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED )?)PRIVATE KEY(?: BLOCK)?-----/;
const PRIVATE_KEY_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY/;
const ARMOR_HEADER = /^\s*[\w-]{2,30}:\s/; // Proc-Type:, DEK-Info:, Version:, Comment:
const BASE64_RUN = /[A-Za-z0-9+/]{8,}={0,2}/g;
const ESCAPES = /\\[nrt]/g;
/** The smallest real key body (an EC P-256 key) is about 160 base64 characters; 64 leaves room for line breaks lost. */
const MIN_KEY_BODY = 64;
const MAX_KEY_LINES = 200;
const MAX_BODY_CHARS = 20_000;

function keyKind(label: string): SecretKind {
  if (label.startsWith('ENCRYPTED') || label.startsWith('SSH2')) return OWN_KINDS.encryptedPrivateKey;
  if (label.startsWith('PGP')) return OWN_KINDS.pgpPrivateKey;
  return OWN_KINDS.privateKey;
}

/**
 * Private keys whose BEGIN line and body the change adds: the body is read from the rest of the BEGIN
 * line (a one-line string with "\n" escapes) and the consecutive added lines after it, up to the END line.
 * A body of placeholders ("MIIE...", "<key>") or too short to be a key is not reported.
 */
export function findPrivateKeys(lines: readonly AddedLine[], maxLineChars: number): SecretHit[] {
  const hits: SecretHit[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i];
    if (!first || first.content.length > maxLineChars) continue;
    const begin = PRIVATE_KEY_BEGIN.exec(first.content);
    if (!begin) continue;
    let raw = '';
    let body = '';
    let text = first.content.slice(begin.index + begin[0].length);
    let previous = first.line;
    for (let j = i; j < lines.length && j - i < MAX_KEY_LINES && body.length < MAX_BODY_CHARS; j++) {
      const current = lines[j];
      if (!current) break;
      if (j > i) {
        if (current.line !== previous + 1 || current.content.length > maxLineChars) break;
        text = current.content;
        previous = current.line;
      }
      const end = PRIVATE_KEY_END.exec(text);
      const part = (end ? text.slice(0, end.index) : text).replace(ESCAPES, '\n');
      for (const piece of part.split('\n')) {
        if (ARMOR_HEADER.test(piece)) continue;
        raw += piece;
        for (const run of piece.matchAll(BASE64_RUN)) body += run[0];
      }
      if (end) break;
    }
    if (body.length >= MIN_KEY_BODY && !isFakeSecret(raw.slice(0, 2_000), body) && randomness(body) >= 0.75) {
      hits.push({
        line: first.line,
        ruleId: 'secrets/privatekey',
        kind: keyKind(begin[1] ?? ''),
        generic: false,
      });
    }
  }
  return hits;
}

const PUTTY_KEY = /^PuTTY-User-Key-File-[23]:/;
const PUTTY_PRIVATE_LINES = /^Private-Lines:\s{0,3}(\d{1,3})\s*$/;

/** PuTTY private keys (.ppk): the Private-Lines block after the PuTTY-User-Key-File header, when it was added. */
export function findPuttyKeys(lines: readonly AddedLine[]): SecretHit[] {
  const hits: SecretHit[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i];
    if (!first || !PUTTY_KEY.test(first.content)) continue;
    for (let j = i + 1; j < lines.length && j - i < 60; j++) {
      const count = PUTTY_PRIVATE_LINES.exec(lines[j]?.content ?? '');
      if (!count) continue;
      const body = lines
        .slice(j + 1, j + 1 + Number(count[1]))
        .map((l) => l.content.trim())
        .join('');
      if (body.length >= 40 && !isFakeSecret(body) && randomness(body) >= 0.75) {
        hits.push({
          line: first.line,
          ruleId: 'secrets/privatekey',
          kind: OWN_KINDS.privateKey,
          generic: false,
        });
      }
      break;
    }
  }
  return hits;
}

const DOCUMENT_SEPARATOR = /^---\s*$|^\.\.\.\s*$/;
const KIND_SECRET = /^kind:\s{0,5}["']?Secret["']?\s*(?:#.*)?$/;
const DATA_BLOCK = /^(\s*)(data|stringData):\s*(?:#.*)?$/;
const ENTRY = /^(\s+)["']?([\w.-]{1,253})["']?:\s{0,20}(.*)$/;
const NOT_SECRET_KEY =
  /^(?:user(?:name)?|host(?:name)?|port|database|db|dbname|name|namespace|region|endpoint|email|account|project|[\w.-]*\.(?:crt|pem\.pub|pub|cert))$/i;
const BASE64 = /^[A-Za-z0-9+/]{4,}={0,2}$/;

function isPrintable(text: string): boolean {
  return /^[\x20-\x7e\t\r\n]*$/.test(text);
}

/** Is this Secret entry's value (decoded when it is a data: entry) a real credential? */
function isSecretValue(key: string, rawValue: string, encoded: boolean): boolean {
  const value = rawValue
    .replace(/\s+#.*$/, '')
    .replace(/^(["'])(.*)\1$/, '$2')
    .trim();
  if (!value || value === '|' || value === '>' || /\{\{|\$\{|<%/.test(value)) return false;
  let decoded = value;
  if (encoded) {
    if (!BASE64.test(value)) return false;
    decoded = Buffer.from(value, 'base64').toString('utf8');
    if (!isPrintable(decoded)) return decoded.length >= 16; // binary key material
  }
  if (NOT_SECRET_KEY.test(key)) return false;
  return !isPlaceholderPassword(decoded.trim());
}

/**
 * Values under `data:` (base64, decoded before judging) and `stringData:` in the added documents of a
 * Kubernetes `kind: Secret` manifest. Helm templates, placeholders and user names/hosts are not secrets.
 */
export function findKubernetesSecrets(lines: readonly AddedLine[], maxLineChars: number): SecretHit[] {
  const hits: SecretHit[] = [];
  let doc: AddedLine[] = [];
  const flush = () => {
    if (doc.some((l) => KIND_SECRET.test(l.content))) {
      let blockIndent = -1;
      let entryIndent = -1;
      let encoded = false;
      for (const { line, content } of doc) {
        const block = DATA_BLOCK.exec(content);
        if (block) {
          blockIndent = block[1]?.length ?? 0;
          entryIndent = -1;
          encoded = block[2] === 'data';
          continue;
        }
        if (blockIndent < 0 || !content.trim()) continue;
        const indent = content.length - content.trimStart().length;
        if (indent <= blockIndent) {
          blockIndent = -1; // the block ended
          continue;
        }
        if (entryIndent < 0) entryIndent = indent;
        const entry = indent === entryIndent ? ENTRY.exec(content) : null;
        if (entry && isSecretValue(entry[2] ?? '', entry[3] ?? '', encoded)) {
          hits.push({ line, ruleId: 'secrets/k8s-secret', kind: OWN_KINDS.k8sSecret, generic: true });
        }
      }
    }
    doc = [];
  };
  for (const added of lines) {
    if (added.content.length > maxLineChars) continue;
    if (DOCUMENT_SEPARATOR.test(added.content)) flush();
    else doc.push(added);
  }
  flush();
  return hits;
}
