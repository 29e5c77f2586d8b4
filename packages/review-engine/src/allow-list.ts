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
  // Entries for every rule share one matcher; an entry limited to some rules keeps its own.
  const everyRule = createPathMatcher(allow.paths.filter((p) => p.rules === undefined).map((p) => p.path));
  const someRules: { matches: PathMatcher; rules: readonly string[] }[] = allow.paths
    .filter((p) => p.rules !== undefined)
    .map((p) => ({ matches: createPathMatcher([p.path]), rules: p.rules ?? [] }));
  return (finding) =>
    (finding.fingerprint !== undefined && fingerprints.has(finding.fingerprint)) ||
    everyRule(finding.path) ||
    someRules.some((entry) => ruleSelected(entry.rules, finding.ruleId) && entry.matches(finding.path));
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
