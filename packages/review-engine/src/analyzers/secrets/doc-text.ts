import type { AddedLine } from '../../types';

const DOCSTRING_OPEN = /^\s{0,40}[rRuUbB]{0,2}("""|''')/;
const DOC_COMMENT_BODY = /^\s{0,40}\*(?!\/)/;

function count(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

/**
 * The added lines that are documentation prose rather than code: the lines of a Python docstring (a
 * triple-quoted string that opens a line, not one assigned to a name) and the body lines of a block comment
 * (` * ...` in JSDoc, Javadoc, KDoc, C#). Their credentials are examples (RFC samples, `@example` blocks);
 * a commented-out line of code (`// password = "..."`, `# ...`) is not prose and is still read.
 */
export function docTextLines(
  lines: readonly AddedLine[],
  python: boolean,
  blockComments: boolean,
): Set<number> {
  const doc = new Set<number>();
  let quote: string | undefined;
  let previous = -1;
  for (const { line, content } of lines) {
    if (line !== previous + 1) quote = undefined; // a gap: what is between is unknown
    previous = line;
    if (python) {
      if (quote) {
        doc.add(line);
        if (count(content, quote) % 2 === 1) quote = undefined;
        continue;
      }
      const open = DOCSTRING_OPEN.exec(content);
      if (open?.[1]) {
        doc.add(line);
        if (count(content, open[1]) % 2 === 1) quote = open[1];
        continue;
      }
    }
    if (blockComments && DOC_COMMENT_BODY.test(content)) doc.add(line);
  }
  return doc;
}
