import { extensionOf, isDocumentation, isTestFile, isTestFixtureData, languageOf } from '../file-kind';
import type { Finding, ParsedFile } from '../types';
import type { Analyzer } from './analyzer';
import { type SourceLine, sourceHunks } from './debug/source-lines';

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

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** AsciiDoc's listing (----) and literal (....) blocks. */
const ADOC_FENCE = /^(-{4,}|\.{4,})(\s*)$/;

/**
 * Documentation lines inside a fenced code block (``` or ~~~; AsciiDoc's ---- and ....): a conflict shown
 * there is an example. Each
 * hunk is read from outside any fence; a fence closes with the same character, at least as many times, and
 * nothing after it (CommonMark).
 */
function fencedDocLines(hunks: readonly SourceLine[][], fencePattern: RegExp): Set<SourceLine> {
  const fenced = new Set<SourceLine>();
  for (const lines of hunks) {
    let fence: string | undefined;
    for (const l of lines) {
      const match = fencePattern.exec(l.content);
      const marks = match?.[1] ?? '';
      if (fence === undefined && marks !== '') {
        fence = marks;
        continue;
      }
      if (fence !== undefined) {
        const closes =
          marks[0] === fence[0] && marks.length >= fence.length && (match?.[2] ?? '').trim() === '';
        if (closes) fence = undefined;
        else fenced.add(l);
      }
    }
  }
  return fenced;
}

/**
 * The new file's lines that the hunks show (context and added), in order. Examples are not markers: in a
 * test file, a line inside a multi-line string literal (a template literal, triple-quoted string, heredoc,
 * raw string) is fixture text, such as a merge tool's test input; in documentation, a line inside a fenced
 * code block is a shown example.
 */
function newSideLines(file: ParsedFile): NewSideLine[] {
  const fixturesAreText = isTestFile(file.path);
  const hunks = sourceHunks(file, languageOf(file.path));
  const examples = isDocumentation(file.path)
    ? fencedDocLines(hunks, /^(adoc|asciidoc)$/.test(extensionOf(file.path)) ? ADOC_FENCE : FENCE)
    : new Set<SourceLine>();
  const template = templateMarkerLines(hunks);
  return hunks.flat().map((l) => ({
    line: l.line,
    kind:
      (fixturesAreText && l.inString) || examples.has(l) || template.has(l)
        ? undefined
        : markerKind(l.content),
    added: l.added,
  }));
}

/**
 * A merge tool's own template: separator and closing markers inside a multi-line string that opened in
 * view, with no opening marker at a line's start before them (in that string, or in code and still open)
 * (`CONFLICT = """<<<<<<< {ours}` … `=======` … `>>>>>>> {theirs}`). A real conflict always opens with
 * `<<<<<<<` at a line's start. A string already open where the hunk starts is left as it reads.
 */
function templateMarkerLines(hunks: readonly SourceLine[][]): Set<SourceLine> {
  const text = new Set<SourceLine>();
  for (const lines of hunks) {
    // Where the current run of in-string lines began (0: the hunk starts inside a string), and whether an
    // opening marker has been seen in it.
    let runStart = -1;
    let opened = false;
    // An opening marker in code, not yet closed: a real conflict whose sides hold string delimiters.
    let openInCode = false;
    lines.forEach((l, index) => {
      if (!l.inString) {
        runStart = -1;
        const kind = markerKind(l.content);
        if (kind === 'start') openInCode = true;
        else if (kind === 'end') openInCode = false;
        return;
      }
      if (runStart < 0) {
        runStart = index;
        opened = false;
      }
      const kind = markerKind(l.content);
      if (kind === 'start') opened = true;
      else if (kind !== undefined && !opened && !openInCode && runStart > 0) text.add(l);
      if (kind === 'end') openInCode = false;
    });
  }
  return text;
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
    // A merge tool's test input (`testdata/conflicted.txt`) holds markers on purpose.
    if (isTestFixtureData(file.path)) return [];
    const opensOrCloses = (content: string): boolean => {
      const kind = markerKind(content);
      return kind === 'start' || kind === 'end';
    };
    if (
      !file.hunks.some((hunk) => hunk.lines.some((l) => l.kind !== 'removed' && opensOrCloses(l.content)))
    ) {
      return [];
    }
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
