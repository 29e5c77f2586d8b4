import { createPathMatcher, type PathMatcher } from '../glob-matcher';

/**
 * A rule's `path` globs as a matcher: a glob starting with "!" excludes (gitignore-like); no including
 * glob means every file. Built on the RE2-safe glob matcher. Throws for a glob it cannot run.
 */
export function ruleMatcher(globs: readonly string[]): PathMatcher {
  const include = globs.filter((g) => !g.startsWith('!'));
  const exclude = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  const included = include.length === 0 ? () => true : createPathMatcher(include);
  const excluded = createPathMatcher(exclude);
  return (path) => included(path) && !excluded(path);
}
