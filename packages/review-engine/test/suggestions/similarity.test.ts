import { jaccard, similarText, tokenSet } from '../../src';

describe('token Jaccard similarity', () => {
  it('ignores case, punctuation, markup and word order', () => {
    const a = tokenSet('**Possible null dereference** of `user` handler.');
    const b = tokenSet('handler: possible NULL dereference of user');
    expect(jaccard(a, b)).toBe(1);
  });

  it('tells a rewording apart from another finding on the same line', () => {
    const posted = tokenSet('The user object may be null here; check it before reading user.name');
    expect(similarText(posted, tokenSet('user may be null here: check it before reading user.name'))).toBe(
      true,
    );
    expect(similarText(posted, tokenSet('This loop runs in quadratic time over the list of orders'))).toBe(
      false,
    );
  });

  it('gives 0 for two texts without words', () => {
    expect(jaccard(tokenSet('!!'), tokenSet('?'))).toBe(0);
  });
});
