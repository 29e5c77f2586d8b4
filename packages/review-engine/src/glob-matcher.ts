import picomatch from 'picomatch';

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

/** A matcher for any of the globs; dot files and folders are matched like any other. */
export function createPathMatcher(globs: readonly string[], options: { nocase?: boolean } = {}): PathMatcher {
  if (globs.length === 0) return () => false;
  const match = picomatch(globs.map(normalizeGlob), { dot: true, nocase: options.nocase ?? false });
  return (path) => match(normalizePath(path));
}
