import type { PostedComment } from '@kodus/git-providers';
import { type Candidate, fingerprintOf } from '@kodus/review-engine';
import { inlineCommentBody, inlineCommentKey, postedSuggestion } from '../src';

const HEAD = 'b'.repeat(40);
const fingerprint = fingerprintOf({ ruleId: 'secrets/aws', path: 'src/a.ts' }, 'const key = "…";');
const analyzerFinding: Candidate = {
  source: 'analyzer',
  reviewer: 'analyzers',
  path: 'src/a.ts',
  startLine: 3,
  endLine: 3,
  severity: 'critical',
  category: 'security',
  ruleId: 'secrets/aws',
  message: 'An AWS access key is committed. Rotate it.',
  fingerprint,
};
const { fingerprint: _, ...withoutFingerprint } = analyzerFinding;
const posted = (body: string, key = 'c-key'): PostedComment => ({
  key,
  kind: 'inline',
  path: 'src/a.ts',
  line: 3,
  body,
});

describe('an analyzer comment’s accept line', () => {
  it('names the finding’s fingerprint and where to put it, above the rule footer', () => {
    const body = inlineCommentBody(analyzerFinding);
    expect(body).toBe(
      [
        '**🔴 Critical · security** — An AWS access key is committed. Rotate it.',
        '',
        `<sub>Accepted risk or false alarm? Add \`${fingerprint}\` to \`allow.fingerprints\` in \`.kodus.yml\` and it is not reported again.</sub>`,
        '',
        '<sub>Kodus · `secrets/aws`</sub>',
      ].join('\n'),
    );
  });

  it('is left out for a candidate without a fingerprint (the LLM’s) or with a malformed one', () => {
    expect(inlineCommentBody(withoutFingerprint)).not.toContain('Accepted risk');
    expect(inlineCommentBody({ ...analyzerFinding, fingerprint: 'kf1:`injected`' })).not.toContain(
      'Accepted risk',
    );
  });

  it('does not change the hidden key, so a comment posted before the line existed is found by a retry', () => {
    const at = { path: 'src/a.ts', line: 3 };
    expect(inlineCommentKey(HEAD, at, analyzerFinding)).toBe(inlineCommentKey(HEAD, at, withoutFingerprint));
  });

  it('is not read back as part of the message: de-duplication sees the same text and rule as before', () => {
    const withLine = postedSuggestion(posted(inlineCommentBody(analyzerFinding)));
    const withoutLine = postedSuggestion(posted(inlineCommentBody(withoutFingerprint)));
    expect(withLine).toEqual(withoutLine);
    expect(withLine).toEqual({
      key: 'c-key',
      path: 'src/a.ts',
      line: 3,
      text: 'An AWS access key is committed. Rotate it.',
      ruleId: 'secrets/aws',
    });
  });
});
