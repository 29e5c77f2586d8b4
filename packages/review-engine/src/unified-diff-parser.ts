import { fileHeaderPath, gitHeaderPaths, readQuoted, stripPrefix } from './diff-paths';
import { addedLinesOf, isHunkHeader, readHunk, splitDiffLines } from './hunk-reader';
import type { DiffHunk, FileStatus, ParsedFile } from './types';

/** What the header lines of one file's section have said so far. */
interface FileSection {
  headerOld?: string;
  headerNew?: string;
  oldPath?: string;
  newPath?: string;
  sawOldDevNull: boolean;
  sawNewDevNull: boolean;
  status?: 'added' | 'removed' | 'renamed' | 'copied';
  modeChanged: boolean;
  binary: boolean;
  hunks: DiffHunk[];
}

function newSection(headerOld?: string, headerNew?: string): FileSection {
  return {
    headerOld,
    headerNew,
    sawOldDevNull: false,
    sawNewDevNull: false,
    modeChanged: false,
    binary: false,
    hunks: [],
  };
}

function afterPrefix(line: string, prefix: string): string | undefined {
  return line.startsWith(prefix) ? line.slice(prefix.length) : undefined;
}

function plainName(rest: string): string {
  return readQuoted(rest)?.value ?? rest;
}

/** Applies one extended-header line ("new file mode", "rename from", "Binary files", ...) to the section. */
function readHeaderLine(section: FileSection, line: string): void {
  let rest: string | undefined;
  if (line.startsWith('new file mode')) section.status = 'added';
  else if (line.startsWith('deleted file mode')) section.status = 'removed';
  else if (line.startsWith('old mode') || line.startsWith('new mode')) section.modeChanged = true;
  else if ((rest = afterPrefix(line, 'rename from ')) !== undefined) {
    section.oldPath = plainName(rest);
    section.status = 'renamed';
  } else if ((rest = afterPrefix(line, 'rename to ')) !== undefined) {
    section.newPath = plainName(rest);
    section.status = 'renamed';
  } else if ((rest = afterPrefix(line, 'copy from ')) !== undefined) {
    section.oldPath = plainName(rest);
    section.status = 'copied';
  } else if ((rest = afterPrefix(line, 'copy to ')) !== undefined) {
    section.newPath = plainName(rest);
    section.status = 'copied';
  } else if (line.startsWith('GIT binary patch')) section.binary = true;
  else if (line.startsWith('Binary files ') && line.endsWith(' differ')) {
    section.binary = true;
    const names = line.slice('Binary files '.length, -' differ'.length).split(' and ');
    if (names.length === 2) {
      if (names[0] === '/dev/null') section.sawOldDevNull = true;
      else section.oldPath ??= stripPrefix(plainName(names[0] ?? ''), 'a/');
      if (names[1] === '/dev/null') section.sawNewDevNull = true;
      else section.newPath ??= stripPrefix(plainName(names[1] ?? ''), 'b/');
    }
  }
}

function statusOf(section: FileSection): FileStatus {
  if (section.status) return section.status;
  if (section.sawOldDevNull) return 'added';
  if (section.sawNewDevNull) return 'removed';
  if (section.modeChanged && section.hunks.length === 0) return 'changed';
  return 'modified';
}

function toParsedFile(section: FileSection): ParsedFile {
  const status = statusOf(section);
  const oldPath = section.oldPath ?? section.headerOld;
  const newPath = section.newPath ?? section.headerNew;
  const path = (status === 'removed' ? (oldPath ?? newPath) : (newPath ?? oldPath)) ?? '';
  const parsed: ParsedFile = { path, status, hunks: section.hunks, addedLines: addedLinesOf(section.hunks) };
  if ((status === 'renamed' || status === 'copied') && oldPath !== undefined) parsed.previousPath = oldPath;
  if (section.binary) parsed.binary = true;
  return parsed;
}

/**
 * Parses a whole `git diff` (or plain unified diff) into one entry per file: "diff --git" sections with
 * their extended headers (new/deleted files, renames, copies, mode changes, binary files), ---/+++ names
 * and hunks. CRLF line endings and "\ No newline at end of file" markers are accepted.
 */
export function parseUnifiedDiff(diff: string): ParsedFile[] {
  const lines = splitDiffLines(diff);
  const files: ParsedFile[] = [];
  let section: FileSection | undefined;
  const finish = () => {
    if (section) files.push(toParsedFile(section));
    section = undefined;
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const gitHeader = afterPrefix(line, 'diff --git ');
    if (gitHeader !== undefined) {
      finish();
      const names = gitHeaderPaths(gitHeader);
      section = newSection(names?.oldPath, names?.newPath);
      i++;
      continue;
    }
    const startsPlainFile = line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ');
    if (startsPlainFile && (!section || section.hunks.length > 0)) {
      finish(); // a diff without "diff --git" lines: each ---/+++ pair starts a file
      section = newSection();
    }
    if (!section) {
      i++;
      continue;
    }
    if (isHunkHeader(line)) {
      const { hunk, next } = readHunk(lines, i);
      section.hunks.push(hunk);
      i = next;
      continue;
    }
    const oldName = afterPrefix(line, '--- ');
    const newName = afterPrefix(line, '+++ ');
    if (oldName !== undefined) {
      const name = fileHeaderPath(oldName, 'a/');
      if (name === undefined) section.sawOldDevNull = true;
      else section.oldPath ??= name;
    } else if (newName !== undefined) {
      const name = fileHeaderPath(newName, 'b/');
      if (name === undefined) section.sawNewDevNull = true;
      else section.newPath ??= name;
    } else {
      readHeaderLine(section, line);
    }
    i++;
  }
  finish();
  return files;
}
