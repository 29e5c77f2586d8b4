import { isTestFile, languageOf } from '../file-kind';
import type { Finding, ParsedFile } from '../types';
import type { Analyzer } from './analyzer';
import { sourceHunks } from './debug/source-lines';

type MarkerKind = 'start' | 'base' | 'separator' | 'end';

/** Git writes "<<<<<<< ours", "||||||| base" (diff3), "=======" and ">>>>>>> theirs", each at a line's start. */
function markerKind(content: string): MarkerKind | undefined {
  if (/^<{7}(\s|$)/.test(content)) return 'start';
  if (/^\|{7}(\s|$)/.test(content)) return 'base';
  if (/^={7}\s*$/.test(content)) return 'separator';
  if (/^>{7}(\s|$)/.test(content)) return 'end';
  return undefined;
}

interface NewSideLine {
  line: number;
  kind: MarkerKind | undefined;
  added: boolean;
}

/**
 * The new file's lines that the hunks show (context and added), in order. In a test file, a line inside a
 * multi-line string literal (a template literal, triple-quoted string, heredoc, raw string) is fixture
 * text, such as a merge tool's test input, and is not taken as a marker.
 */
function newSideLines(file: ParsedFile): NewSideLine[] {
  const fixturesAreText = isTestFile(file.path);
  return sourceHunks(file, languageOf(file.path))
    .flat()
    .map((l) => ({
      line: l.line,
      kind: fixturesAreText && l.inString ? undefined : markerKind(l.content),
      added: l.added,
    }));
}

/**
 * "<<<<<<<" and ">>>>>>>" lines are markers wherever they are. "=======" and "|||||||" are only taken as
 * markers inside a block: after an opening marker (before its end) or before a closing one (after any
 * opening), so a Markdown setext heading underline is not reported.
 */
function conflictMarkerLines(lines: readonly NewSideLine[]): number[] {
  const inBlock = new Array<boolean>(lines.length).fill(false);
  let open = false;
  lines.forEach((l, i) => {
    if (l.kind === 'start') open = true;
    else if (l.kind === 'end') open = false;
    else if (open) inBlock[i] = true;
  });
  let closing = false;
  for (let i = lines.length - 1; i >= 0; i--) {
    const kind = lines[i]?.kind;
    if (kind === 'end') closing = true;
    else if (kind === 'start') closing = false;
    else if (closing) inBlock[i] = true;
  }
  return lines
    .filter(
      (l, i) => l.added && (l.kind === 'start' || l.kind === 'end' || (l.kind !== undefined && inBlock[i])),
    )
    .map((l) => l.line);
}

export const conflictMarkersAnalyzer: Analyzer = {
  name: 'conflict-markers',
  isEnabled: (settings) => settings.analyzers.conflictMarkers,
  analyze(file: ParsedFile): Finding[] {
    const lines = newSideLines(file);
    if (!lines.some((l) => l.kind === 'start' || l.kind === 'end')) return [];
    return conflictMarkerLines(lines).map((line) => ({
      path: file.path,
      line,
      severity: 'critical',
      category: 'bug',
      ruleId: 'conflict-markers',
      message: 'Merge conflict marker left in the file: resolve the conflict and remove the marker lines.',
    }));
  },
};
