import { mergeNotes, hasConflict } from '../src/lib/notes';

const conflicted = [
  'Preheat the oven to 200°C.',
  '<<<<<<< mine',
  'Bake for 25 minutes.',
  '=======',
  'Bake for 30 minutes.',
  '>>>>>>> theirs',
].join('\n');

test('a recipe note with conflict markers is detected', () => {
  expect(hasConflict(conflicted)).toBe(true);
  expect(() => mergeNotes(conflicted)).toThrow(/conflict/);
});
