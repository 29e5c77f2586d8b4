/**
 * One part of a repository's full name (an owner or a repository name) as Kodus accepts it from any edge:
 * what GitHub allows, and never `.` or `..`, which a URL resolves into another API path. Control
 * characters, lone surrogates, spaces, `/` and `%` are refused. The review job contract (@kodus/queue)
 * holds the same rule.
 */
export const REPOSITORY_NAME_PART = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,100}$/;

export function isValidRepositoryNamePart(value: string): boolean {
  return REPOSITORY_NAME_PART.test(value);
}
