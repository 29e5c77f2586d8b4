import picomatch from 'picomatch';
import { RE2JS } from 're2js';

export type PathMatcher = (path: string) => boolean;

/**
 * Gitignore-like reading of a glob: one without a slash ("*.png", "yarn.lock") matches the file name at
 * any depth; one ending in "/" ("dist/") matches everything under a folder of that name; a leading "/"
 * or "./" anchors the glob at the repository root, as does a slash inside it ("docs/**").
 */
export function normalizeGlob(glob: string): string {
  let normalized = glob.trim();
  const folder = normalized.length > 1 && normalized.endsWith('/');
  if (folder) normalized = normalized.slice(0, -1);
  if (normalized.startsWith('./')) normalized = normalized.slice(2);
  else if (normalized.startsWith('/')) normalized = normalized.slice(1);
  else if (!normalized.includes('/')) normalized = `**/${normalized}`;
  return folder ? `${normalized}/**` : normalized;
}

/** Repository paths as providers send them, without a leading "./" or "/". */
export function normalizePath(path: string): string {
  return path.replace(/^(\.\/|\/)+/, '');
}

/**
 * Lookarounds picomatch writes into every pattern, all about `.` and `..` segments and empty names,
 * which provider paths never hold: dropped so the pattern runs on RE2.
 */
const SEGMENT_GUARDS = ['(?!(?:^|\\/)\\.{1,2}(?:\\/|$))', '(?!\\.{1,2}(?:\\/|$))', '(?=.)'];

/**
 * picomatch's translation of a glob, run on RE2 (re2js) instead of V8's backtracking RegExp: a glob
 * from `.kodus.yml` such as `*a*a*a*a*a*a*a*a*b` would otherwise take hours on one long file name.
 * Throws for what RE2 cannot run (a negated extglob `!(...)`).
 */
function linearPattern(glob: string, nocase: boolean): string {
  let source = picomatch.makeRe(glob, { dot: true, nocase }).source;
  for (const guard of SEGMENT_GUARDS) source = source.replaceAll(guard, '');
  if (/\(\?[=!<]/.test(source)) {
    throw new Error('negated patterns like "!(...)" cannot run in linear time');
  }
  return `(?:${source})`;
}

/** A matcher for any of the globs; dot files and folders are matched like any other. */
export function createPathMatcher(globs: readonly string[], options: { nocase?: boolean } = {}): PathMatcher {
  if (globs.length === 0) return () => false;
  const nocase = options.nocase ?? false;
  const pattern = globs.map((glob) => linearPattern(normalizeGlob(glob), nocase)).join('|');
  const compiled = RE2JS.compile(pattern, nocase ? RE2JS.CASE_INSENSITIVE : 0);
  return (path) => compiled.test(normalizePath(path));
}
