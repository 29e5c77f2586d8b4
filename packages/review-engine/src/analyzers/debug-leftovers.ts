import { isCommentLine, isTestFile, type Language, languageOf, languageOfShebang } from '../file-kind';
import type { Finding, ParsedFile, Severity } from '../types';
import type { Analyzer } from './analyzer';
import {
  CHECKS,
  DECLARATION_BEFORE,
  type DebugCheck,
  type DebugKind,
  passesArgumentCheck,
  printsDebugText,
} from './debug/checks';
import { type OutputContext, outputContext } from './debug/output-context';
import { type SourceLine, sourceHunks } from './debug/source-lines';

/** Longer lines (minified code, data) are skipped. */
const MAX_LINE_CHARS = 1_000;

const SEVERITY: Record<DebugKind, Severity> = { halt: 'medium', debug: 'low', output: 'low' };

/** A file's language by extension, or by its `#!` line when it has none (`bin/cli`). */
function fileLanguage(file: ParsedFile): Language {
  const byPath = languageOf(file.path);
  if (byPath !== 'other') return byPath;
  const first = file.hunks[0]?.lines.find((l) => l.newLine === 1);
  return first ? languageOfShebang(first.content) : 'other';
}

/** Whether `check` applies on `line`, given where the file and line sit. */
function applies(
  check: DebugCheck,
  line: SourceLine,
  matchEnd: number,
  inTest: boolean,
  context: OutputContext,
): boolean {
  if (check.kind === 'halt') return true;
  if (inTest) return false;
  if (check.kind === 'debug') return true;
  if (check.onlyIf && !check.onlyIf(line.content, matchEnd)) return false;
  if (!passesArgumentCheck(check, line.code, matchEnd)) return false;
  if (context.file || context.lines.has(line.line)) return printsDebugText(line.content, matchEnd);
  return true;
}

/**
 * Reports debugging statements left in the lines a change adds: breakpoints everywhere (tests included),
 * debug-only output outside tests, and print statements outside tests and outside code whose job is
 * output (CLIs, scripts, loggers). Comments and string literals are not code.
 */
export const debugLeftoversAnalyzer: Analyzer = {
  name: 'debug',
  isEnabled: (settings) => settings.analyzers.debugLeftovers,
  analyze(file: ParsedFile): Finding[] {
    const language = fileLanguage(file);
    if (language === 'other') return [];
    const checks = CHECKS[language];
    const inTest = isTestFile(file.path);
    const hunks = sourceHunks(file, language);
    let context: OutputContext | undefined;
    const findings: Finding[] = [];
    for (const line of hunks.flat()) {
      if (!line.added || line.inString || line.code.length > MAX_LINE_CHARS) continue;
      // A hunk can start inside a block comment the lexer did not see open: ` * console.log(x)`.
      if (isCommentLine(line.content, language)) continue;
      for (const check of checks) {
        const match = check.pattern.exec(line.code);
        if (!match) continue;
        const end = match.index + match[0].length;
        if (DECLARATION_BEFORE.test(line.code.slice(0, match.index + match[0].search(/\w/)))) continue;
        context ??= outputContext(file.path, language, hunks);
        if (!applies(check, line, end, inTest, context)) continue;
        findings.push({
          path: file.path,
          line: line.line,
          severity: SEVERITY[check.kind],
          category: 'maintainability',
          ruleId: `debug/${check.name}`,
          message: check.message,
        });
      }
    }
    return findings;
  },
};
