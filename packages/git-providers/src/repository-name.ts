/**
 * Repository names as Kodus accepts them from any edge, per provider: what the provider allows, and never
 * `.` or `..`, which a URL resolves into another API path, nor control characters or lone surrogates. The
 * review job contract (@kodus/queue) holds the same rules.
 */
import { RepositoryNameError } from './errors';

/** A GitHub owner or repository name (also a Bitbucket repository slug). */
export const REPOSITORY_NAME_PART = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,100}$/;

export function isValidRepositoryNamePart(value: string): boolean {
  return REPOSITORY_NAME_PART.test(value);
}

/** One segment of a GitLab namespace or project path; a full path has 2 to 21 (subgroups) of them. */
export const GITLAB_PATH_SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,255}$/;
/** A Bitbucket workspace id. */
export const BITBUCKET_WORKSPACE = /^[A-Za-z0-9_-]{1,100}$/;
/** An Azure DevOps organization (or collection) name. */
export const AZURE_ORGANIZATION = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
/**
 * An Azure DevOps project or repository name: spaces allowed, but none of `\ / : * ? " < > | ; # $ { } , + = [ ] % &`,
 * no control characters, not starting with `.` or `_`, not ending with `.`, no surrounding spaces.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
export const AZURE_NAME = /^(?![._ ])(?!.*[. ]$)[^\\/:*?"<>|;#${},+=[\]%&\u0000-\u001f\u007f]{1,64}$/u;

export function isValidGitlabPath(path: string): boolean {
  const segments = path.split('/');
  return (
    path.length <= 1024 &&
    segments.length >= 2 &&
    segments.length <= 21 &&
    segments.every((s) => GITLAB_PATH_SEGMENT.test(s))
  );
}

export function isValidAzureName(name: string): boolean {
  return name.isWellFormed() && AZURE_NAME.test(name);
}

/** Throws RepositoryNameError unless `ok`; the name is quoted bounded. */
export function checkName(ok: boolean, what: string, value: string): void {
  if (!ok) throw new RepositoryNameError(`invalid ${what} ${JSON.stringify(value.slice(0, 120))}`);
}
