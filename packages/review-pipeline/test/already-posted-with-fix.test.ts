import type { PostedComment } from '@kodus/git-providers';
import {
  type Candidate,
  fingerprintOf,
  parsePatch,
  type Reviewer,
  type ReviewContext,
} from '@kodus/review-engine';
import { inlineCommentBody, postedSuggestion } from '../src';
import { shapeCandidates } from '../src/stages/shape-suggestions';
import { updatedJob, sha, useGithubPipeline } from './support/github-pipeline';

/**
 * A finding posted with a fix carries a "Suggested change:" block under its message. De-duplication
 * compares a new candidate's message with the posted comment's message alone: a multi-line fix read back
 * as part of the text made an LLM finding (rule `llm`, so matched by text only) look new on the next head.
 */

const RETRY_MESSAGE =
  'The retry loop never backs off: a failing call is retried immediately in a tight loop, hammering the service';
const RETRY_EXISTING = ['  } catch (error) {', '    continue;', '  }'].join('\n');
const RETRY_FIX = [
  'for (let attempt = 0; attempt < retries; attempt++) {',
  '  try {',
  '    return await call();',
  '  } catch (error) {',
  '    if (attempt === retries - 1) throw error;',
  '    await sleep(2 ** attempt * 100);',
  '  }',
  '}',
].join('\n');

const llmFinding = (startLine: number, endLine: number, improvedCode: string): Candidate => ({
  source: 'llm',
  reviewer: 'model',
  path: 'src/retry.ts',
  startLine,
  endLine,
  severity: 'high',
  category: 'bug',
  ruleId: 'llm',
  message: RETRY_MESSAGE,
  existingCode: RETRY_EXISTING,
  improvedCode,
});

const postedAt = (line: number, body: string, key = 'c-older'): PostedComment => ({
  key,
  kind: 'inline',
  path: 'src/retry.ts',
  line,
  body,
});

describe('postedSuggestion: a posted comment with a suggested change', () => {
  it('reads back the message alone, not the fix under it', () => {
    const body = inlineCommentBody(llmFinding(3, 5, RETRY_FIX));
    expect(body).toContain('Suggested change:');
    expect(postedSuggestion(postedAt(5, body))).toEqual({
      key: 'c-older',
      path: 'src/retry.ts',
      line: 5,
      text: RETRY_MESSAGE,
      ruleId: 'llm',
    });
  });

  it('matches the opening fence to its closing one when the fix holds backtick runs', () => {
    const fix = ['const md = "```ts\\ncode\\n```";', 'const inline = `x ${y}`;', 'const four = "````";'].join(
      '\n',
    );
    const body = inlineCommentBody(llmFinding(3, 5, fix));
    expect(body).toContain('\n`````\n');
    expect(postedSuggestion(postedAt(5, body))?.text).toBe(RETRY_MESSAGE);
  });

  it('reads back an analyzer finding with both a fix and an accept line as its message and rule', () => {
    const finding: Candidate = {
      ...llmFinding(3, 5, 'await sleep(100);\ncontinue;'),
      source: 'analyzer',
      reviewer: 'analyzers',
      ruleId: 'resilience/no-backoff',
      fingerprint: fingerprintOf({ ruleId: 'resilience/no-backoff', path: 'src/retry.ts' }, 'continue;'),
    };
    expect(postedSuggestion(postedAt(5, inlineCommentBody(finding)))).toMatchObject({
      text: RETRY_MESSAGE,
      ruleId: 'resilience/no-backoff',
    });
  });

  it('reads a body posted with Windows line endings the same way', () => {
    const body = inlineCommentBody(llmFinding(3, 5, RETRY_FIX)).replace(/\n/g, '\r\n');
    expect(postedSuggestion(postedAt(5, body))?.text).toBe(RETRY_MESSAGE);
  });

  it('still reads comments posted without a block (no fix, or by older versions) as before', () => {
    const { improvedCode: _, ...withoutFix } = llmFinding(3, 5, RETRY_FIX);
    expect(postedSuggestion(postedAt(5, inlineCommentBody(withoutFix)))?.text).toBe(RETRY_MESSAGE);
    const older = `**🟠 High · bug** — ${RETRY_MESSAGE}\n\n<sub>Kodus · \`llm\`</sub>`;
    expect(postedSuggestion(postedAt(5, older))).toMatchObject({ text: RETRY_MESSAGE, ruleId: 'llm' });
  });

  it('leaves a fenced block that is not the suggested change (not at the end) in the message', () => {
    const message = 'Use the helper:\n\n```\nretry(call)\n```\n\nthen drop the loop';
    const body = inlineCommentBody({ ...llmFinding(3, 5, ''), message });
    expect(postedSuggestion(postedAt(5, body))?.text).toBe(message);
  });
});

describe('shapeCandidates: an LLM finding posted with a multi-line fix, found again on a new head', () => {
  const files = [
    parsePatch({
      path: 'src/retry.ts',
      status: 'modified',
      patch: [
        '@@ -1,3 +1,6 @@',
        ' export {};',
        ' ',
        '+try {',
        '+  call();',
        '+} catch (error) {',
        '+  continue;',
      ].join('\n'),
    }),
  ];

  it('is dropped as already posted', async () => {
    const posted = postedAt(6, inlineCommentBody(llmFinding(5, 6, RETRY_FIX)));
    const shaped = await shapeCandidates({
      candidates: [llmFinding(5, 6, RETRY_FIX)],
      files,
      postedComments: [posted],
      policy: { maxComments: 10 },
      headSha: 'a'.repeat(40),
      signal: new AbortController().signal,
      notes: [],
    });
    expect(shaped.map((s) => [s.disposition, s.duplicateOf])).toEqual([
      ['dropped:already-posted', 'c-older'],
    ]);
  });
});

/** The model's stand-in: per review, the candidates it answers with. */
class ScriptedModel implements Reviewer {
  readonly name = 'model';
  seen: ReviewContext[] = [];
  constructor(private readonly answers: Candidate[][]) {}
  review(context: ReviewContext) {
    this.seen.push(context);
    return Promise.resolve({ candidates: this.answers[this.seen.length - 1] ?? [], notes: [] });
  }
}

describe('incremental review: an LLM finding posted with a multi-line fix is not posted again', () => {
  const env = useGithubPipeline({
    database: 'pipeline_already_posted_fix',
    token: 'already-posted-fix-token',
  });
  const REPO = { owner: 'acme', name: 'retry' };

  it('drops the repeat on the next head as already posted', async () => {
    const patch1 = [
      '@@ -1,2 +1,6 @@',
      ' export {};',
      ' ',
      '+try {',
      '+  call();',
      '+} catch (error) {',
      '+  continue;',
    ];
    // Push 2 edits line 4 (inside the finding's range 3-6); the model repeats its finding there.
    const patch2 = [
      '@@ -1,2 +1,6 @@',
      ' export {};',
      ' ',
      '+try {',
      '+  call(input);',
      '+} catch (error) {',
      '+  continue;',
    ];
    const model = new ScriptedModel([[llmFinding(3, 6, RETRY_FIX)], [llmFinding(3, 6, RETRY_FIX)]]);
    const pipeline = env.pipelineWith([model]);

    const { number, headSha: head1 } = env.openPullRequest(REPO, {
      files: [{ filename: 'src/retry.ts', status: 'modified', patch: patch1.join('\n') }],
    });
    const first = await pipeline.run(updatedJob(REPO, number, head1), { last: false });
    expect(first).toMatchObject({ status: 'completed', findings: 1 });
    expect(env.github.reviewComments(REPO, number).map((c) => [c.path, c.line])).toEqual([
      ['src/retry.ts', 6],
    ]);
    expect(env.github.reviewComments(REPO, number)[0]?.body).toContain('Suggested change:');

    const head2 = sha();
    env.github.pushHead(REPO, number, head2, [
      { filename: 'src/retry.ts', status: 'modified', patch: patch2.join('\n') },
    ]);
    env.github.setComparison(REPO, head1, head2, {
      status: 'ahead',
      files: [
        {
          filename: 'src/retry.ts',
          status: 'modified',
          patch: ['@@ -4,1 +4,1 @@', '-  call();', '+  call(input);'].join('\n'),
        },
      ],
    });
    const second = await pipeline.run(updatedJob(REPO, number, head2), { last: false });
    expect(second).toMatchObject({ status: 'completed', findings: 0 });
    expect(model.seen).toHaveLength(2);
    const dispositions = (await env.reviews.candidates(second.reviewId)).map((c) => c.disposition);
    expect(dispositions).toEqual(['dropped:already-posted']);
    expect(env.github.reviewComments(REPO, number)).toHaveLength(1);
  });
});
