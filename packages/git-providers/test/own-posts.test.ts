import { OwnPosts } from '../src/publish/own-posts';

describe('OwnPosts', () => {
  test('knows only the names recorded from its own posts', () => {
    const own = new OwnPosts();
    own.record('review-1', undefined, '', 'bot-7');
    expect(own.has('review-1')).toBe(true);
    expect(own.has('stranger', 'bot-7')).toBe(true);
    expect(own.has('stranger', undefined)).toBe(false);
    expect(own.has('')).toBe(false);
  });

  test('stays bounded: past its limit the least recently recorded names are forgotten', () => {
    const own = new OwnPosts(3);
    own.record('a', 'b', 'c');
    own.record('a'); // recorded again: now the most recent
    own.record('d');
    expect([...own.all]).toEqual(['c', 'a', 'd']);
    expect(own.has('b')).toBe(false);
    for (let i = 0; i < 1_000; i++) own.record(`comment-${i}`);
    expect(own.all.size).toBe(3);
  });
});
