import { isCommentLine, isTestFile, type Language, languageOf, languageOfShebang } from '../file-kind';
import type { Finding, ParsedFile, Severity } from '../types';
import type { Analyzer } from './analyzer';
import {
  CHECKS,
  DECLARATION_BEFORE,
  type DebugCheck,
  type DebugKind,
  dumpsValue,
  passesArgumentCheck,
  printsDebugText,
} from './debug/checks';
import {
  isBehindDebugSwitch,
  isLoggingDefinition,
  isGeneratedSource,
  type OutputContext,
  outputContext,
} from './debug/output-context';
import { type SourceLine, sourceHunks } from './debug/source-lines';

/** Longer lines (minified code, data) are skipped. */
const MAX_LINE_CHARS = 1_000;

const SEVERITY: Record<DebugKind, Severity> = {
  halt: 'medium',
  'test-debug': 'low',
  debug: 'low',
  output: 'low',
};

/** A file's language by extension, or by its `#!` line when it has none (`bin/cli`). */
function fileLanguage(file: ParsedFile): Language {
  const byPath = languageOf(file.path);
  if (byPath !== 'other') return byPath;
  const first = file.hunks[0]?.lines.find((l) => l.newLine === 1);
  return first ? languageOfShebang(first.content) : 'other';
}

/**
 * Rust keeps unit tests in the file they test, in a `#[cfg(test)] mod tests` conventionally at its end:
 * the lines after that attribute, hunk by hunk, are test code.
 */
function rustTestLines(hunks: readonly SourceLine[][]): Set<number> {
  const lines = new Set<number>();
  for (const hunk of hunks) {
    let inTests = false;
    for (const line of hunk) {
      if (inTests) lines.add(line.line);
      else if (/#\[cfg\(test\)\]/.test(line.code)) inTests = true;
    }
  }
  return lines;
}

/** Whether `check` applies on `line`, given where the file and line sit. */
function applies(
  check: DebugCheck,
  line: SourceLine,
  matchStart: number,
  matchEnd: number,
  inTest: boolean,
  context: OutputContext,
): boolean {
  if (check.onlyIf && !check.onlyIf(line.content, matchEnd)) return false;
  if (check.kind === 'halt' || check.kind === 'debug') return true;
  if (check.kind === 'test-debug') return inTest;
  if (!passesArgumentCheck(check, line.code, matchEnd)) return false;
  if (isBehindDebugSwitch(line.code, matchStart, matchEnd) || isLoggingDefinition(line.code, matchStart))
    return false;
  if (context.guarded.has(line.line)) return false;
  if (context.file || context.lines.has(line.line)) return printsDebugText(line.content, matchEnd);
  if (inTest) return dumpsValue(line.content, matchEnd) || printsDebugText(line.content, matchEnd);
  return true;
}

/**
 * Reports debugging statements left in the lines a change adds (see `DebugKind`): breakpoints and
 * debug-only output everywhere, tests included; test frameworks' debugging aids in tests; print statements
 * outside code whose job is output (CLIs, scripts, examples, notebooks, loggers, `printUsage()`, output
 * behind a debug switch), and in tests those that dump a value. Comments, string literals and generated
 * files are not looked at.
 */
export const debugLeftoversAnalyzer: Analyzer = {
  name: 'debug',
  isEnabled: (settings) => settings.analyzers.debugLeftovers,
  analyze(file: ParsedFile): Finding[] {
    const language = fileLanguage(file);
    if (language === 'other') return [];
    const checks = CHECKS[language];
    const inTestFile = isTestFile(file.path);
    // Most files call nothing of the sort: lexing waits until some added line could match.
    const candidate = file.addedLines.some(
      ({ content }) =>
        content.length <= MAX_LINE_CHARS && checks.some((check) => check.pattern.test(content)),
    );
    if (!candidate) return [];
    const hunks = sourceHunks(file, language);
    if (isGeneratedSource(hunks)) return [];
    const testLines = language === 'rust' && !inTestFile ? rustTestLines(hunks) : new Set<number>();
    let context: OutputContext | undefined;
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const line of hunks.flat()) {
      if (!line.added || line.inString || line.code.length > MAX_LINE_CHARS) continue;
      // A hunk can start inside a block comment the lexer did not see open: ` * console.log(x)`.
      if (isCommentLine(line.content, language)) continue;
      for (const check of checks) {
        const match = check.pattern.exec(line.code);
        if (!match) continue;
        const end = match.index + match[0].length;
        if (DECLARATION_BEFORE.test(line.code.slice(0, match.index + match[0].search(/\w/)))) continue;
        const inTest = inTestFile || testLines.has(line.line);
        context ??= outputContext(file.path, language, hunks, inTestFile);
        if (!applies(check, line, match.index, end, inTest, context)) continue;
        const key = `${line.line}:${check.name}`;
        if (reported.has(key)) continue;
        reported.add(key);
        findings.push({
          path: file.path,
          line: line.line,
          severity: check.severity ?? SEVERITY[check.kind],
          category: 'maintainability',
          ruleId: `debug/${check.name}`,
          message: check.message,
        });
      }
    }
    return findings;
  },
};
