import { createPathMatcher, type PathMatcher } from './glob-matcher';
import type { AllowList, Finding } from './types';

/** True when a finding is one the repository's `allow:` accepts. */
export type AllowCheck = (finding: Finding) => boolean;

/** `secrets/*` selects every rule under `secrets/`; anything else is one rule id. */
function ruleSelected(selectors: readonly string[], ruleId: string): boolean {
  return selectors.some((selector) =>
    selector.endsWith('/*') ? ruleId.startsWith(selector.slice(0, -1)) : selector === ruleId,
  );
}

function compile(allow: AllowList): AllowCheck {
  if (allow.fingerprints.length === 0 && allow.paths.length === 0) return () => false;
  const fingerprints = new Set(allow.fingerprints.map((f) => f.toLowerCase()));
  // Every glob in one pattern first: most findings are in no allowed file, and cost one linear-time match.
  const anyPath = createPathMatcher(allow.paths.map((p) => p.path));
  const everyRule = createPathMatcher(allow.paths.filter((p) => p.rules === undefined).map((p) => p.path));
  const scoped = allow.paths.flatMap((p) =>
    p.rules === undefined ? [] : [{ path: p.path, rules: p.rules }],
  );
  // Per path (findings share files), the rule lists of the limited entries whose glob it matches.
  const rulesByPath = new Map<string, (readonly string[])[] | 'all' | 'none'>();
  const entryMatchers = new Map<number, PathMatcher>();
  const rulesFor = (path: string) => {
    let found = rulesByPath.get(path);
    if (found === undefined) {
      if (!anyPath(path)) found = 'none';
      else if (everyRule(path)) found = 'all';
      else {
        found = scoped
          .filter((entry, index) => {
            let matches = entryMatchers.get(index);
            if (matches === undefined) {
              matches = createPathMatcher([entry.path]);
              entryMatchers.set(index, matches);
            }
            return matches(path);
          })
          .map((entry) => entry.rules);
      }
      rulesByPath.set(path, found);
    }
    return found;
  };
  return (finding) => {
    if (finding.fingerprint !== undefined && fingerprints.has(finding.fingerprint)) return true;
    const rules = rulesFor(finding.path);
    return rules === 'all' || (rules !== 'none' && rules.some((list) => ruleSelected(list, finding.ruleId)));
  };
}

// Settings are built once per review and read-only after: one compiled check per allow-list.
const checks = new WeakMap<AllowList, AllowCheck>();

/**
 * The check for `allow:` in `.kodus.yml`: a finding is accepted when its fingerprint is listed, or its
 * file matches an `allow.paths` glob (for that entry's `rules`, when it names some). Globs run on the
 * project's linear-time matcher and, unlike `ignore:`, match case-sensitively: an allow-list is as
 * narrow as written.
 */
export function allowListCheck(allow: AllowList): AllowCheck {
  let check = checks.get(allow);
  if (check === undefined) {
    check = compile(allow);
    checks.set(allow, check);
  }
  return check;
}

/** The findings the allow-list does not accept, and how many it did. Findings need their fingerprints set. */
export function applyAllowList(
  findings: readonly Finding[],
  allow: AllowList,
): { kept: Finding[]; accepted: number } {
  const accepts = allowListCheck(allow);
  const kept = findings.filter((finding) => !accepts(finding));
  return { kept, accepted: findings.length - kept.length };
}
