import { containsReviewCommand } from '../src';

describe('the @kodus review command', () => {
  it.each([
    '@kodus review',
    '@KODUS Review',
    'hey @kodus review please',
    '@kodus   review\n',
    '(@kodus review)',
    'first line\n@kodus review, thanks!',
  ])('is found in %j', (body) => expect(containsReviewCommand(body)).toBe(true));

  it.each([
    '@kodus-bot review',
    '@kodusbot review',
    '@kodus_ai review',
    'mail me@kodus review',
    '@kodus reviewer',
    '@kodus reviews',
    '@kodus re-view',
    '@kodus',
    'review @kodus',
    '> @kodus review',
    'use `@kodus review` to ask',
    '```\n@kodus review\n```',
    '',
  ])('is not found in %j', (body) => expect(containsReviewCommand(body)).toBe(false));
});
