import { describe, expect, it } from 'vitest';
import { findConflictMarkers } from '../src/merge.js';

const CONFLICTED = `const limit = 10;
<<<<<<< HEAD
const retries = 3;
=======
const retries = 5;
>>>>>>> release/0.7
export { limit, retries };
`;

describe('findConflictMarkers', () => {
  it('reports the three marker lines', () => {
    expect(findConflictMarkers(CONFLICTED)).toEqual([2, 4, 6]);
  });

  it('ignores a Markdown heading underline', () => {
    expect(findConflictMarkers('Title\n=======\n')).toEqual([]);
  });
});
