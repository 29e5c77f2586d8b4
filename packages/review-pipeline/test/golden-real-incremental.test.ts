import { type Candidate, parseUnifiedDiff, type Reviewer, type ReviewContext } from '@kodus/review-engine';
import type { StandInChangedFile } from '@kodus/test-helpers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha, updatedJob, useGithubPipeline } from './support/github-pipeline';

/**
 * Incremental review across two pushes, on the real diffs of qs 6.14.2 → 6.15.0 → 6.15.1 (lib/):
 * packages/llm-review/test/fixtures/real/SOURCES.md. The pull request's base is 6.14.2; push 1 is 6.15.0
 * (lib/parse.js and lib/utils.js changed), push 2 is 6.15.1 (lib/parse.js only: the parameterLimit fix).
 * The GitHub stand-in serves the files and the compare; a scripted reviewer stands in for the model.
 * Line numbers were read off the fixtures' hunks by hand.
 */
const REAL = join(__dirname, '..', '..', 'llm-review', 'test', 'fixtures', 'real');

/** A `git diff` as GitHub lists its files: path, status and the per-file patch from the first "@@". */
function githubFiles(name: string): StandInChangedFile[] {
  const diff = readFileSync(join(REAL, name), 'utf8');
  const sections = diff.split(/^(?=diff --git )/m).filter((s) => s.startsWith('diff --git '));
  const parsed = parseUnifiedDiff(diff);
  return sections.map((section, i) => {
    const file = parsed[i];
    if (file === undefined || file.status !== 'modified') throw new Error(`unexpected file in ${name}`);
    const patch = section.slice(section.indexOf('\n@@') + 1).replace(/\n$/, '');
    return { filename: file.path, status: 'modified', patch };
  });
}

const TOKEN = 'golden-real-token';
const REPO = { owner: 'ljharb', name: 'qs' };

/** The model's stand-in: what it was given, and per review the candidates it answers with. */
class ScriptedModel implements Reviewer {
  readonly name = 'model';
  seen: ReviewContext[] = [];
  constructor(private readonly answers: Candidate[][]) {}
  review(context: ReviewContext) {
    this.seen.push(context);
    return Promise.resolve({ candidates: this.answers[this.seen.length - 1] ?? [], notes: [] });
  }
}

const finding = (path: string, startLine: number, endLine: number, message: string): Candidate => ({
  source: 'llm',
  reviewer: 'model',
  path,
  startLine,
  endLine,
  severity: 'high',
  category: 'bug',
  ruleId: 'llm',
  message,
});

const STRICT_MERGE_DEFAULT =
  'strictMerge defaults to true: every caller that merged an object with a primitive now gets an array, a breaking change in a minor release';
const STRICT_MERGE_ARRAY =
  'merge returns [target, source] under strictMerge, so the caller loses the target object it passed in';
const LIMIT_TWICE =
  "typeof limit !== 'undefined' is now tested twice: compute the bounded limit once and use it in both places";

describe('golden (real diffs): incremental review of qs across two pushes', () => {
  const env = useGithubPipeline({ database: 'pipeline_golden_real', token: TOKEN });

  const jobFor = (number: number, headSha: string) => updatedJob(REPO, number, headSha);
  const comments = (number: number) =>
    env.github.reviewComments(REPO, number).map((c) => [c.path, c.line, c.body.split('\n')[0]]);
  const given = (context: ReviewContext | undefined) =>
    context?.files.map((f) => [f.path, f.addedLines.map((a) => a.line)]);

  it('push 2 sends only lib/parse.js lines 70 and 73 to the model and posts nothing twice', async () => {
    const head2 = sha();
    const model = new ScriptedModel([
      // Review of push 1: parse.js line 28 (the new default), utils.js 88-89 (the new merge branch).
      [
        finding('lib/parse.js', 28, 28, STRICT_MERGE_DEFAULT),
        finding('lib/utils.js', 88, 89, STRICT_MERGE_ARRAY),
      ],
      // Review of push 2: a new finding on line 73, and the model repeating itself on line 28.
      [finding('lib/parse.js', 73, 73, LIMIT_TWICE), finding('lib/parse.js', 28, 28, STRICT_MERGE_DEFAULT)],
    ]);
    const pipeline = env.pipelineWith([model]);

    const { number, headSha: head1 } = env.openPullRequest(REPO, {
      files: githubFiles('qs-6.14.2-to-6.15.0.diff'),
    });
    const first = await pipeline.run(jobFor(number, head1), { last: false });
    expect(first).toMatchObject({ status: 'completed', findings: 2 });
    // qs-6.14.2-to-6.15.0.diff: parse.js adds 28 (+strictMerge: true), 143 (the duplicates test), 343
    // (the option's normalization); utils.js adds 88-89.
    expect(given(model.seen[0])).toEqual([
      ['lib/parse.js', [28, 143, 343]],
      ['lib/utils.js', [88, 89]],
    ]);
    expect(comments(number).map(([path, line]) => [path, line])).toEqual([
      ['lib/parse.js', 28],
      ['lib/utils.js', 89],
    ]);

    // Push 2: the pull request is now 6.14.2 → 6.15.1; the compare head1...head2 is 6.15.0 → 6.15.1.
    env.github.pushHead(REPO, number, head2, githubFiles('qs-6.14.2-to-6.15.1.diff'));
    env.github.setComparison(REPO, head1, head2, {
      status: 'ahead',
      files: githubFiles('qs-6.15.0-to-6.15.1.diff'),
    });
    const second = await pipeline.run(jobFor(number, head2), { last: false });
    expect(second).toMatchObject({ status: 'completed', findings: 1 });

    // Only the file push 2 changed, with only its hunk (@@ -67,10 +67,10 @@: lines 70 and 73 replaced);
    // lib/utils.js and parse.js's lines 28, 143 and 343, reviewed at head1, are not sent again.
    const context = model.seen[1];
    expect(given(context)).toEqual([['lib/parse.js', [70, 73]]]);
    expect(context?.files[0]?.addedLines.map((a) => a.content.trim())).toEqual([
      "options.throwOnLimitExceeded && typeof limit !== 'undefined' ? limit + 1 : limit",
      "if (options.throwOnLimitExceeded && typeof limit !== 'undefined' && parts.length > limit) {",
    ]);

    const dispositions = (await env.reviews.candidates(second.reviewId)).map((c) => [
      c.path,
      c.line,
      c.disposition,
    ]);
    expect(dispositions).toEqual(
      expect.arrayContaining([
        ['lib/parse.js', 73, 'posted'],
        ['lib/parse.js', 28, 'dropped:already-posted'],
      ]),
    );
    expect(dispositions).toHaveLength(2);
    expect(comments(number).map(([path, line]) => [path, line])).toEqual([
      ['lib/parse.js', 28],
      ['lib/utils.js', 89],
      ['lib/parse.js', 73],
    ]);
    const summary = (await env.reviews.get(second.reviewId))?.summary ?? '';
    expect(summary).toContain(`incremental since \`${head1.slice(0, 12)}\``);
    expect(summary).toContain('1 finding already commented on this pull request not repeated');
    // One summary per reviewed head.
    expect(env.github.reviews(REPO, number)).toHaveLength(2);
  });
});
