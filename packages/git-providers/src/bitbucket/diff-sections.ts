/**
 * Bitbucket's diff endpoint answers one plain-text `git diff` for the whole spec. This splits it into one
 * patch per file (hunks from the first `@@`, headers dropped, as ChangedFile.patch holds them) keyed by
 * the file's new path (the old path for a deletion), and reads which new-side lines each patch added.
 */

export interface DiffSection {
  path: string;
  previousPath?: string;
  /** Absent for binary files (`Binary files ... differ`) and for changes without hunks (a mode change). */
  patch?: string;
}

const OCTAL = /^[0-7]{3}/;

/** A name as git writes it: plain, or C-quoted with octal bytes when it holds special characters. */
function unquote(name: string): string {
  if (!name.startsWith('"') || !name.endsWith('"')) return name;
  const bytes: number[] = [];
  const text = name.slice(1, -1);
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charAt(i);
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const octal = OCTAL.exec(text.slice(i + 1))?.[0];
    if (octal !== undefined) {
      bytes.push(parseInt(octal, 8));
      i += 3;
      continue;
    }
    const next = text.charAt(i + 1);
    const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92 };
    bytes.push(escapes[next] ?? next.charCodeAt(0));
    i += 1;
  }
  return Buffer.from(bytes).toString('utf8');
}

function headerName(rest: string, prefix: 'a/' | 'b/'): string | undefined {
  const raw = unquote(rest.split('\t')[0] ?? '');
  if (raw === '/dev/null') return undefined;
  return raw.startsWith(prefix) ? raw.slice(2) : raw;
}

interface Building {
  oldPath?: string;
  newPath?: string;
  deleted: boolean;
  hunkLines: string[];
}

function finish(section: Building | undefined, out: Map<string, DiffSection>): void {
  if (section === undefined) return;
  const path = section.deleted ? section.oldPath : (section.newPath ?? section.oldPath);
  if (path === undefined) return;
  const entry: DiffSection = { path };
  if (!section.deleted && section.oldPath !== undefined && section.oldPath !== path) {
    entry.previousPath = section.oldPath;
  }
  if (section.hunkLines.length > 0) entry.patch = section.hunkLines.join('\n');
  out.set(path, entry);
}

/** Splits a whole `git diff` text into sections by file path. */
export function splitDiff(text: string): Map<string, DiffSection> {
  const out = new Map<string, DiffSection>();
  let section: Building | undefined;
  let inHunks = false;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.startsWith('diff --git ')) {
      finish(section, out);
      section = { deleted: false, hunkLines: [] };
      inHunks = false;
      continue;
    }
    if (section === undefined) continue;
    if (inHunks) {
      // Hunk lines, and the "\ No newline at end of file" marker, belong to the patch.
      if (/^[ +\-\\@]/.test(line) || line === '') section.hunkLines.push(line);
      continue;
    }
    if (line.startsWith('@@')) {
      inHunks = true;
      section.hunkLines.push(line);
    } else if (line.startsWith('--- ')) section.oldPath = headerName(line.slice(4), 'a/') ?? section.oldPath;
    else if (line.startsWith('+++ ')) {
      const name = headerName(line.slice(4), 'b/');
      if (name === undefined) section.deleted = true;
      else section.newPath = name;
    } else if (line.startsWith('rename from ')) section.oldPath = unquote(line.slice(12));
    else if (line.startsWith('rename to ')) section.newPath = unquote(line.slice(10));
    else if (line.startsWith('deleted file mode')) section.deleted = true;
    else if (line.startsWith('Binary files ') && line.endsWith(' differ')) {
      const names = line.slice(13, -7).split(' and ');
      if (names.length === 2) {
        const oldName = headerName(names[0] ?? '', 'a/');
        const newName = headerName(names[1] ?? '', 'b/');
        section.oldPath ??= oldName;
        if (newName === undefined) section.deleted = true;
        else section.newPath ??= newName;
      }
    }
  }
  finish(section, out);
  // A trailing newline of the whole diff leaves an empty last line in the last patch.
  for (const entry of out.values()) {
    if (entry.patch !== undefined) entry.patch = entry.patch.replace(/\n+$/, '');
  }
  return out;
}

/** The new-side line numbers a patch added (`+` lines): where an inline comment may go. */
export function addedLines(patch: string | undefined): Set<number> {
  const lines = new Set<number>();
  if (patch === undefined) return lines;
  let next = 0;
  for (const line of patch.split('\n')) {
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (header !== null) next = Number(header[1]);
    else if (line.startsWith('+')) lines.add(next++);
    else if (line.startsWith(' ') || line === '') next += 1;
  }
  return lines;
}
