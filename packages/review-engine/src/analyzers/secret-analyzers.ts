import type { Analyzer } from './analyzer';
import { hardcodedPasswordAnalyzer } from './hardcoded-password';
import { secretFormatsAnalyzer } from './secrets/format-analyzer';
import { secretlintAnalyzer } from './secretlint-secrets';

/**
 * The analyzers that look for hard-coded credentials, in the order they run: secretlint's published
 * rules, the project's own format rules for what those miss, then the password heuristic. Where several
 * report one line, findings-order keeps one (dropRedundantSecretFindings).
 */
export const SECRET_ANALYZERS: readonly Analyzer[] = [
  secretlintAnalyzer,
  secretFormatsAnalyzer,
  hardcodedPasswordAnalyzer,
];
