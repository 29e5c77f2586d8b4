import type { Finding, ParsedFile, ReviewSettings } from '../../types';
import type { Analyzer } from '../analyzer';
import { secretMessage } from '../secret-kinds';
import { isExampleContext, secretContext, type SecretContext } from './context';
import { FORMAT_RULES } from './format-rules';
import { findKubernetesSecrets, findPrivateKeys, findPuttyKeys, type SecretHit } from './multi-line';

/** Longer lines (minified code, data blobs) are not read. */
export const MAX_LINE_CHARS = 4_000;
/** A file with more secrets than this gets this many comments: the rest add nothing a reviewer needs. */
export const MAX_FINDINGS_PER_FILE = 20;

/** Whether a hit is reported where it was found (docs/analyzers.md, "Context"). */
export function reportedIn(
  context: SecretContext,
  hit: { generic: boolean; testMode?: boolean | undefined },
): boolean {
  if (context.scannerTest) return false;
  if (hit.generic || hit.testMode) return !isExampleContext(context);
  return true;
}

/** Firebase configuration: its Google API key identifies the app to Google and is meant to ship in it. */
const FIREBASE_FILE = /(?:^|\/)(?:google-services\.json|GoogleService-Info\.plist)$/;
const FIREBASE_CONFIG = /\bauthDomain\b|firebaseConfig|initializeApp\(|firebaseio\.com|"project_info"/;

/**
 * A Google API key meant for browsers on its line: a Firebase setting, the Maps JavaScript API's loader URL
 * (restricted by referrer), or a variable a front-end build ships (NEXT_PUBLIC_, VITE_, REACT_APP_, ...).
 */
const PUBLIC_GOOGLE_KEY_LINE =
  /firebase|maps\.googleapis\.com\/maps\/api\/js\?|(?:^|[\s"'`])(?:NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|GATSBY|VUE_APP)_\w{0,60}\s{0,3}[=:]/i;

/** Whether a Google API key in this file is a Firebase client key, public by design. */
export function isPublicGoogleKeyFile(file: ParsedFile): boolean {
  return (
    FIREBASE_FILE.test(file.path) ||
    file.addedLines.some(({ content }) => content.length < MAX_LINE_CHARS && FIREBASE_CONFIG.test(content))
  );
}

/**
 * One test per line before the rules' own keyword checks: most lines hold none of the keywords, and one
 * alternation of literals is cheaper than a `includes` per rule and keyword. Rules whose keyword is "."
 * (nearly every line has one) are left out of it and checked on their own.
 */
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const UNGATED = FORMAT_RULES.map((rule) => rule.keywords.includes('.'));
const ANY_KEYWORD = new RegExp(
  [...new Set(FORMAT_RULES.flatMap((rule) => (rule.keywords.includes('.') ? [] : rule.keywords)))]
    .map(escapeRegExp)
    .join('|'),
);

function formatHits(file: ParsedFile): SecretHit[] {
  const hits: SecretHit[] = [];
  let publicGoogleKeys: boolean | undefined;
  for (const { line, content } of file.addedLines) {
    if (content.length > MAX_LINE_CHARS) continue;
    const lower = content.toLowerCase();
    const gated = ANY_KEYWORD.test(lower);
    for (let index = 0; index < FORMAT_RULES.length; index++) {
      const rule = FORMAT_RULES[index];
      if (!rule || (!gated && !UNGATED[index])) continue;
      if (!rule.keywords.some((keyword) => lower.includes(keyword))) continue;
      if (
        rule.ruleId === 'secrets/google-api-key' &&
        (PUBLIC_GOOGLE_KEY_LINE.test(content) || (publicGoogleKeys ??= isPublicGoogleKeyFile(file)))
      )
        continue;
      for (const match of content.matchAll(rule.pattern)) {
        const secret = match[rule.group] ?? '';
        if (rule.accept && !rule.accept(secret, content, match as RegExpExecArray)) continue;
        hits.push({ line, ruleId: rule.ruleId, kind: rule.kind, generic: rule.generic ?? false });
        break;
      }
    }
  }
  return hits;
}

/**
 * The project's own secret rules, for what secretlint's published rules miss: private keys of every PEM
 * and PGP kind, SendGrid keys with "-", PyPI, HubSpot and Azure credentials, bearer JWTs in Authorization
 * headers, connection strings of every driver and shape, and Kubernetes Secret manifests.
 */
export const secretFormatsAnalyzer: Analyzer = {
  name: 'secrets/formats',
  isEnabled: (settings) => settings.analyzers.secrets,
  analyze(file: ParsedFile, settings: ReviewSettings): Finding[] {
    const context = secretContext(file);
    if (context.scannerTest) return [];
    const hits = [
      ...findPrivateKeys(file.addedLines, MAX_LINE_CHARS),
      ...findPuttyKeys(file.addedLines),
      ...formatHits(file),
      ...(context.config === 'yaml' ? findKubernetesSecrets(file.addedLines, MAX_LINE_CHARS) : []),
    ];
    const findings: Finding[] = [];
    const seen = new Set<number>();
    for (const hit of hits) {
      if (seen.has(hit.line) || !reportedIn(context, { generic: hit.generic, testMode: hit.kind.testMode })) {
        continue;
      }
      seen.add(hit.line);
      findings.push({
        path: file.path,
        line: hit.line,
        severity: hit.kind.severity,
        category: 'security',
        ruleId: hit.ruleId,
        message: secretMessage(hit.kind, settings),
      });
      if (findings.length >= MAX_FINDINGS_PER_FILE) break;
    }
    return findings;
  },
};
