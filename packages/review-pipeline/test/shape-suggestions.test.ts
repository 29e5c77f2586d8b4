import type { PostedComment } from '@kodus/git-providers';
import { type Candidate, parsePatch } from '@kodus/review-engine';
import { shapeCandidates } from '../src/stages/shape-suggestions';
import { inlineCommentBody } from '../src';

const files = [
  parsePatch({
    path: 'src/a.ts',
    status: 'modified',
    patch: ['@@ -0,0 +1,2 @@', '+one();', '+two();'].join('\n'),
  }),
];
const candidate = (line: number, message: string): Candidate => ({
  source: 'llm',
  reviewer: 'llm',
  path: 'src/a.ts',
  startLine: line,
  endLine: line,
  severity: 'high',
  category: 'bug',
  ruleId: 'llm',
  message,
});
const input = (notes: string[], refiner?: Parameters<typeof shapeCandidates>[0]['refiner']) => ({
  candidates: [candidate(1, 'one() can throw on empty input'), candidate(2, 'two() leaks the handle')],
  files,
  postedComments: [] as PostedComment[],
  policy: { maxComments: 10 },
  headSha: 'a'.repeat(40),
  signal: new AbortController().signal,
  notes,
  ...(refiner === undefined ? {} : { refiner }),
});

describe('shapeCandidates (the pipeline stage)', () => {
  it('lets the optional model pass mark duplicates among what the deterministic steps kept', async () => {
    const notes: string[] = [];
    const shaped = await shapeCandidates(
      input(notes, { name: 'model', duplicates: () => Promise.resolve(new Set([1])) }),
    );
    expect(shaped.map((s) => s.disposition)).toEqual(['posted', 'dropped:duplicate-in-review']);
    expect(notes).toEqual([]);
  });

  it('posts the deterministic result when the model pass fails, and says so', async () => {
    const notes: string[] = [];
    const shaped = await shapeCandidates(
      input(notes, { name: 'model', duplicates: () => Promise.reject(new Error('answer was not JSON')) }),
    );
    expect(shaped.map((s) => s.disposition)).toEqual(['posted', 'posted']);
    expect(notes).toEqual([
      'The model de-duplication pass failed (answer was not JSON): the deterministic result was posted.',
    ]);
  });

  it('reads what Kodus posted back (message and rule) to drop a repeat', async () => {
    const posted: PostedComment = {
      key: 'c-older',
      kind: 'inline',
      path: 'src/a.ts',
      line: 1,
      body: inlineCommentBody({ ...candidate(1, 'One() can throw on an empty input!'), severity: 'low' }),
    };
    const shaped = await shapeCandidates({ ...input([]), postedComments: [posted] });
    expect(shaped.map((s) => s.disposition)).toEqual(['dropped:already-posted', 'posted']);
  });
});
