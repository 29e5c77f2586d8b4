import type { Analyzer } from './analyzer';
import { hardcodedPasswordAnalyzer } from './hardcoded-password';
import { secretlintAnalyzer } from './secretlint-secrets';

/** The analyzers that look for hard-coded credentials, in the order they run. */
export const SECRET_ANALYZERS: readonly Analyzer[] = [secretlintAnalyzer, hardcodedPasswordAnalyzer];
