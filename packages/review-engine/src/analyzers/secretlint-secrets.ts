import type { Finding, ParsedFile, ReviewSettings } from '../types';
import type { Analyzer } from './analyzer';
import { secretlintKind, secretMessage, shortRuleId, type SecretKind } from './secret-kinds';
import { loadSecretlint } from './secretlint-loader';
import { secretContext } from './secrets/context';
import { MAX_FINDINGS_PER_FILE, reportedIn } from './secrets/format-analyzer';
import { isPlaceholderPassword } from './secrets/format-rules';
import { isFakeSecret, longestRun } from './secrets/values';

/** Lines longer than this are left out of the text given to secretlint (minified or data blobs). */
const MAX_LINE_CHARS = 10_000;

/**
 * The new file as far as the diff added it: added lines at their own line numbers, every other line
 * empty. secretlint's line numbers are then new-file line numbers, and a multi-line secret such as a
 * PEM key is found when its lines were added together. The text ends with a newline, as files do
 * (secretlint's "secretlint-disable-line" misses a last line without one).
 */
function addedLinesText(file: ParsedFile): { text: string; added: Set<number> } {
  const last = file.addedLines.at(-1)?.line ?? 0;
  const lines = new Array<string>(last).fill('');
  const added = new Set<number>();
  for (const { line, content } of file.addedLines) {
    if (content.length > MAX_LINE_CHARS) continue;
    lines[line - 1] = content;
    added.add(line);
  }
  return { text: `${lines.join('\n')}\n`, added };
}

/** secretlint picks some checks by extension (".json" for GCP key files); ".p12" would make it read a file from disk. */
function extensionFor(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot).toLowerCase() : '';
  return ext === '.p12' ? '' : ext;
}

/** The first added line from `start` to `end`: where a finding that spans lines is reported. */
function firstAddedLine(added: ReadonlySet<number>, start: number, end: number): number | undefined {
  for (let line = start; line <= end; line++) if (added.has(line)) return line;
  return undefined;
}

/**
 * Where a finding is reported. secretlint reports a GCP service-account key file on its first line (the
 * `{`); the line a reviewer needs is the key itself, `"private_key": "-----BEGIN PRIVATE KEY-----..."`.
 */
function anchorLine(file: ParsedFile, messageId: string, line: number): number {
  if (messageId !== 'PrivateKeyJSON') return line;
  const keyLine = file.addedLines.find(
    ({ line: at, content }) =>
      at >= line && content.length < MAX_LINE_CHARS && content.includes('"private_key"'),
  );
  return keyLine?.line ?? line;
}

/** Credentials without a provider's format (a password in a URL): examples outside code and configuration. */
const GENERIC_MESSAGE_IDS = new Set([
  'BasicAuth',
  'MongoDBConnection',
  'MySQLConnection',
  'PostgreSQLConnection',
]);
/** Whose value secretlint checked itself (a PEM body's structure, a key file's fields). */
const STRUCTURE_CHECKED = new Set(['PrivateKey', 'PrivateKeyJSON', 'PrivateKeyP12']);
const URL_CREDENTIALS = /:\/\/([^\s:@/]{0,100}):([^\s@/]{1,200})@/;

/** A documented example, a placeholder or a hand-typed value rather than a live secret. */
function isFake(messageId: string, value: string): boolean {
  if (STRUCTURE_CHECKED.has(messageId)) return false;
  if (GENERIC_MESSAGE_IDS.has(messageId)) {
    const credentials = URL_CREDENTIALS.exec(value);
    return credentials ? isPlaceholderPassword(credentials[2] ?? '', credentials[1] ?? '') : false;
  }
  return isFakeSecret(value, longestRun(value));
}

/**
 * Hard-coded secrets found by secretlint's recommended preset (AWS, GCP, private keys, GitHub, GitLab,
 * Slack, npm, basic-auth URLs, ...) in the added lines. ruleId is `secrets/<secretlint rule>`, e.g.
 * `secrets/aws`. Messages say what kind of secret it is, never its value.
 */
export const secretlintAnalyzer: Analyzer = {
  name: 'secrets',
  isEnabled: (settings) => settings.analyzers.secrets,
  async analyze(file: ParsedFile, settings: ReviewSettings): Promise<Finding[]> {
    const context = secretContext(file);
    if (context.scannerTest) return [];
    const { text, added } = addedLinesText(file);
    if (added.size === 0) return [];
    const secretlint = await loadSecretlint();
    const result = await secretlint.lintSource({
      source: { content: text, filePath: file.path, ext: extensionFor(file.path), contentType: 'text' },
      options: { config: secretlint.config, maskSecrets: true, noPhysicFilePath: true },
    });
    const findings: Finding[] = [];
    for (const message of result.messages) {
      if (message.type !== 'message') continue;
      const line = firstAddedLine(added, message.loc.start.line, message.loc.end.line);
      if (line === undefined) continue;
      const kind: SecretKind = secretlintKind(message.ruleId, message.messageId);
      const generic = GENERIC_MESSAGE_IDS.has(message.messageId);
      if (!reportedIn(context, { generic, testMode: kind.testMode })) continue;
      if (isFake(message.messageId, text.slice(message.range[0], message.range[1]))) continue;
      findings.push({
        path: file.path,
        line: anchorLine(file, message.messageId, line),
        severity: kind.severity,
        category: 'security',
        ruleId: `secrets/${shortRuleId(message.ruleId)}`,
        message: secretMessage(kind, settings),
      });
      if (findings.length >= MAX_FINDINGS_PER_FILE) break;
    }
    return findings;
  },
};
