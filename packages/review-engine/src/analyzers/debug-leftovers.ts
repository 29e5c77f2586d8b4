import {
  isCommentLine,
  isScriptFile,
  isTestFile,
  type Language,
  languageOf,
  opensComment,
} from '../file-kind';
import type { Finding, ParsedFile, Severity } from '../types';
import type { Analyzer } from './analyzer';

interface DebugCheck {
  /** ruleId is `debug/<name>`. */
  name: string;
  pattern: RegExp;
  severity: Severity;
  /** Output statements are a CLI script's job; breakpoints are never wanted. */
  allowedInScripts: boolean;
  message: string;
}

const OUTPUT_MESSAGE = 'Use the project logger, or remove it before merging.';
const HALT_MESSAGE = 'It stops the program when this line runs: remove it before merging.';

const CHECKS: Record<Exclude<Language, 'other'>, DebugCheck[]> = {
  javascript: [
    ...(['log', 'debug', 'trace'] as const).map((method) => ({
      name: `console-${method}`,
      pattern: new RegExp(`(^|[^\\w$.])console\\.${method}\\s*\\(`),
      severity: 'low' as const,
      allowedInScripts: true,
      message: `Leftover console.${method}() call. ${OUTPUT_MESSAGE}`,
    })),
    {
      name: 'debugger',
      pattern: /(^|[;{}\s])debugger\s*(;|$)/,
      severity: 'medium',
      allowedInScripts: false,
      message: `Leftover debugger statement. ${HALT_MESSAGE}`,
    },
  ],
  python: [
    {
      name: 'print',
      pattern: /^\s*print\s*\(/,
      severity: 'low',
      allowedInScripts: true,
      message: `Leftover print() call. Use logging, or remove it before merging.`,
    },
    {
      name: 'pdb',
      pattern: /(^|[^\w.])(i?pdb|pudb)\.set_trace\s*\(/,
      severity: 'medium',
      allowedInScripts: false,
      message: `Leftover pdb.set_trace() breakpoint. ${HALT_MESSAGE}`,
    },
    {
      name: 'breakpoint',
      pattern: /(^|[^\w.])breakpoint\s*\(\s*\)/,
      severity: 'medium',
      allowedInScripts: false,
      message: `Leftover breakpoint() call. ${HALT_MESSAGE}`,
    },
  ],
  ruby: [
    {
      name: 'binding-pry',
      pattern: /(^|[^\w.])binding\.(pry|irb)\b/,
      severity: 'medium',
      allowedInScripts: false,
      message: `Leftover binding.pry / binding.irb breakpoint. ${HALT_MESSAGE}`,
    },
    {
      name: 'byebug',
      pattern: /(^|[;\s])byebug\s*(;|$)/,
      severity: 'medium',
      allowedInScripts: false,
      message: `Leftover byebug breakpoint. ${HALT_MESSAGE}`,
    },
  ],
  php: [
    {
      name: 'var-dump',
      pattern: /(^|[^\w$>:\\])var_dump\s*\(/,
      severity: 'low',
      allowedInScripts: true,
      message: `Leftover var_dump() call. Use the project logger, or remove it before merging.`,
    },
    {
      name: 'dd',
      pattern: /(^|[^\w$>:\\])dd\s*\(/,
      severity: 'medium',
      allowedInScripts: false,
      message: `Leftover dd() call: it dumps and ends the request. Remove it before merging.`,
    },
  ],
};

/** Reports debugging statements left in added lines of source files (not tests), by file extension. */
export const debugLeftoversAnalyzer: Analyzer = {
  name: 'debug',
  isEnabled: (settings) => settings.analyzers.debugLeftovers,
  analyze(file: ParsedFile): Finding[] {
    const language = languageOf(file.path);
    if (language === 'other' || isTestFile(file.path)) return [];
    const inScript = isScriptFile(file.path);
    const checks = CHECKS[language].filter((check) => !inScript || !check.allowedInScripts);
    const findings: Finding[] = [];
    for (const { line, content } of file.addedLines) {
      if (isCommentLine(content, language)) continue;
      for (const check of checks) {
        const match = check.pattern.exec(content);
        if (!match || opensComment(content.slice(0, match.index), language)) continue;
        findings.push({
          path: file.path,
          line,
          severity: check.severity,
          category: 'maintainability',
          ruleId: `debug/${check.name}`,
          message: check.message,
        });
      }
    }
    return findings;
  },
};
