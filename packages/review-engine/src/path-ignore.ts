import { createPathMatcher, type PathMatcher } from './glob-matcher';
import type { ReviewSettings } from './types';

// Settings are built once per review and read-only after, so a matcher per ignore list is reused.
const matchers = new WeakMap<readonly string[], PathMatcher>();

/** True when the path matches one of `settings.ignore` (case-insensitive, dot files included). */
export function isIgnored(path: string, settings: ReviewSettings): boolean {
  let matcher = matchers.get(settings.ignore);
  if (!matcher) {
    matcher = createPathMatcher(settings.ignore, { nocase: true });
    matchers.set(settings.ignore, matcher);
  }
  return matcher(path);
}
