/** Reading the file names that git writes in diff headers, quoted or not. */

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
  '"': 34,
  '\\': 92,
};

/**
 * Reads a C-style quoted name at the start of `text` (git quotes names with special or non-ASCII
 * characters, writing bytes as octal escapes). Returns the name and what follows the closing quote.
 */
export function readQuoted(text: string): { value: string; rest: string } | undefined {
  if (!text.startsWith('"')) return undefined;
  const bytes: number[] = [];
  let i = 1;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '"') {
      return { value: Buffer.from(bytes).toString('utf8'), rest: text.slice(i + 1) };
    }
    if (ch === '\\') {
      const next = text.charAt(i + 1);
      const octal = /^[0-7]{3}/.exec(text.slice(i + 1));
      if (octal) {
        bytes.push(parseInt(octal[0], 8));
        i += 4;
        continue;
      }
      const escaped = SIMPLE_ESCAPES[next];
      bytes.push(...(escaped === undefined ? Buffer.from(next, 'utf8') : [escaped]));
      i += 2;
      continue;
    }
    bytes.push(...Buffer.from(ch, 'utf8'));
    i++;
  }
  return undefined; // no closing quote
}

/** Removes git's "a/" or "b/" prefix. */
export function stripPrefix(path: string, prefix: 'a/' | 'b/'): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/**
 * The name on a "--- " or "+++ " line, without prefix and without the tab-separated timestamp that
 * non-git diffs add. `undefined` for /dev/null.
 */
export function fileHeaderPath(rest: string, prefix: 'a/' | 'b/'): string | undefined {
  const quoted = readQuoted(rest);
  const raw = quoted ? quoted.value : (rest.split('\t')[0] ?? '').trimEnd();
  if (raw === '/dev/null') return undefined;
  return stripPrefix(raw, prefix);
}

/**
 * The two names of a "diff --git a/X b/Y" line. Unquoted names may contain spaces, so the split is
 * ambiguous; when old and new names are equal (every change but a rename) the split where both
 * halves agree is the right one. Renames are better read from "rename from/to" lines.
 */
export function gitHeaderPaths(rest: string): { oldPath: string; newPath: string } | undefined {
  const quotedOld = readQuoted(rest);
  if (quotedOld) {
    const tail = quotedOld.rest.trimStart();
    const newPath = readQuoted(tail)?.value ?? tail;
    return { oldPath: stripPrefix(quotedOld.value, 'a/'), newPath: stripPrefix(newPath, 'b/') };
  }
  const quotedNewAt = rest.indexOf(' "');
  if (quotedNewAt > 0 && rest.endsWith('"')) {
    const newPath = readQuoted(rest.slice(quotedNewAt + 1))?.value ?? '';
    return { oldPath: stripPrefix(rest.slice(0, quotedNewAt), 'a/'), newPath: stripPrefix(newPath, 'b/') };
  }
  const candidates: Array<{ oldPath: string; newPath: string }> = [];
  for (let at = rest.indexOf(' b/'); at >= 0; at = rest.indexOf(' b/', at + 1)) {
    candidates.push({ oldPath: stripPrefix(rest.slice(0, at), 'a/'), newPath: rest.slice(at + 3) });
  }
  return candidates.find((c) => c.oldPath === c.newPath) ?? candidates[0];
}
