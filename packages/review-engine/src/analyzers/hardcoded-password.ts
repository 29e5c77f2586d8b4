import { isDocumentation, isTestFile } from '../file-kind';
import type { Finding, ParsedFile } from '../types';
import type { Analyzer } from './analyzer';

/**
 * `<name> <op> "<literal>"` where the name ENDS with a credential word (so `password`, `DB_PASSWORD`,
 * `clientSecret`, `api_key`, `SECRET_KEY`, `authToken`, but not `passwordField` or `secretName`), the
 * operator is an assignment or a key/value separator, and a quoted literal follows it at once (so
 * comparisons such as `password === "..."` do not match).
 */
const ASSIGNMENT =
  /(?<![\w$])["']?([\w$.-]*?(?:pass(?:word|wd)|pwd|secret|secret[_-]?key|api[_-]?key|(?:access|auth)[_-]?token))["']?\s*(?::=|=>|=|:)\s*(["'`])(.*?)\2/gi;

const MIN_LENGTH = 8;
/** Longer lines (minified code, data) are skipped: the pattern's cost grows with the square of the length. */
const MAX_LINE_CHARS = 2_000;

/** Values that are clearly not a real credential: templates, references, examples, masks. */
const PLACEHOLDERS: RegExp[] = [
  /\$\{|\{\{|%\(|%s|#\{/, // template or interpolation
  /process\.env|os\.environ|getenv|ENV\[/i, // a reference to the environment
  /^\$[A-Z_][A-Z0-9_]*$|^%[A-Z_][A-Z0-9_]*%$/i, // $VAR or %VAR%
  /^<.*>$|^\[.*\]$/, // <your-password>, [secret]
  /x{3,}|\*{3,}|\.{3,}|_{3,}|-{3,}|#{3,}/i, // masks
  /change[_-]?me|example|placeholder|dummy|sample|redacted|your[_-]|replace[_-]?me|fake|not[_-]?a[_-]?secret|todo|fixme/i,
  /^[A-Z][A-Z0-9_]*$/, // the NAME of an env var or a constant
  /^(\/|\.\/|~\/)|:\/\//, // a path or a URL (basic-auth URLs are secretlint's)
  /\s/, // prose, such as a label or an error message
];

function isPlaceholder(value: string): boolean {
  if (value.length < MIN_LENGTH) return true;
  if (new Set(value).size <= 2) return true; // "aaaaaaaa", "12121212"
  return PLACEHOLDERS.some((pattern) => pattern.test(value));
}

/**
 * A complement to secretlint for credentials without a recognisable format: a literal string of at
 * least 8 characters assigned to something named like a password, secret or API key. Documentation and
 * test files are skipped, as their credentials are examples.
 */
export const hardcodedPasswordAnalyzer: Analyzer = {
  name: 'secrets/hardcoded-password',
  isEnabled: (settings) => settings.analyzers.secrets,
  analyze(file: ParsedFile): Finding[] {
    if (isDocumentation(file.path) || isTestFile(file.path)) return [];
    const findings: Finding[] = [];
    for (const { line, content } of file.addedLines) {
      if (content.length > MAX_LINE_CHARS) continue;
      for (const match of content.matchAll(ASSIGNMENT)) {
        const name = match[1] ?? '';
        const value = match[3] ?? '';
        if (isPlaceholder(value)) continue;
        findings.push({
          path: file.path,
          line,
          severity: 'high',
          category: 'security',
          ruleId: 'secrets/hardcoded-password',
          message:
            `\`${name}\` is set to a hard-coded literal that looks like a credential. Load it from an ` +
            'environment variable or a secret store instead, and rotate it if it is real.',
        });
        break; // one finding per line is enough
      }
    }
    return findings;
  },
};
