import { githubPullRequestEvent, type StandInChangedFile, type StandInRepository } from '@kodus/test-helpers';
import type { KodusStack } from './kodus-stack';

export const BASE_SHA = 'b'.repeat(40);

/** A 40-hex commit SHA unique to `seed`. */
export function sha(seed: string): string {
  let out = '';
  for (let i = 0; out.length < 40; i++) {
    out += ((seed.charCodeAt(i % seed.length) * 31 + i * 7) % 16).toString(16);
  }
  return out;
}

/** A changed file whose new line 2 holds a `debugger` statement: one inline comment per file. */
export function fileWithFinding(filename: string): StandInChangedFile {
  return {
    filename,
    status: 'added',
    patch: ['@@ -0,0 +1,3 @@', '+export function run() {', '+  debugger;', '+}'].join('\n'),
  };
}

/** GitHub's `pull_request` webhook payload for `number` at `headSha`. */
export function pullRequestEvent(
  repo: StandInRepository,
  number: number,
  headSha: string,
  action = 'opened',
): Record<string, unknown> {
  return githubPullRequestEvent({ repo, number, headSha, baseSha: BASE_SHA, action });
}

/** Adds `count` pull requests (numbers from `first`), each with one file with one finding. */
export function addPullRequests(
  stack: KodusStack,
  repo: StandInRepository,
  first: number,
  count: number,
): number[] {
  const numbers = Array.from({ length: count }, (_, i) => first + i);
  for (const number of numbers) {
    stack.github.addPullRequest(repo, {
      number,
      headSha: sha(`${repo.name}-${number}`),
      baseSha: BASE_SHA,
      files: [fileWithFinding(`src/change-${number}.ts`)],
    });
  }
  return numbers;
}

/** Delivers an `opened` event for each pull request; the numbers answered 202. */
export async function deliverAll(
  stack: KodusStack,
  repo: StandInRepository,
  numbers: number[],
): Promise<{ accepted: number[]; refused: number[] }> {
  const accepted: number[] = [];
  const refused: number[] = [];
  await Promise.all(
    numbers.map(async (number) => {
      const answer = await stack.deliver(pullRequestEvent(repo, number, sha(`${repo.name}-${number}`)));
      (answer.status === 202 ? accepted : refused).push(number);
    }),
  );
  return { accepted, refused };
}

/**
 * The outcome on GitHub for the accepted pull requests: processed (at least one review posted), lost
 * (none), duplicated (more than one review on the same commit).
 */
export function tally(
  stack: KodusStack,
  repo: StandInRepository,
  accepted: readonly number[],
): { processed: number; lost: number; duplicated: number } {
  let processed = 0;
  let lost = 0;
  let duplicated = 0;
  for (const number of accepted) {
    const reviews = stack.github.reviews(repo, number);
    if (reviews.length === 0) lost += 1;
    else processed += 1;
    const commits = reviews.map((r) => r.commitId);
    duplicated += commits.length - new Set(commits).size;
  }
  return { processed, lost, duplicated };
}

/** True once every accepted pull request has a review posted. */
export function allReviewed(
  stack: KodusStack,
  repo: StandInRepository,
  accepted: readonly number[],
): boolean {
  return accepted.every((number) => stack.github.reviews(repo, number).length > 0);
}
