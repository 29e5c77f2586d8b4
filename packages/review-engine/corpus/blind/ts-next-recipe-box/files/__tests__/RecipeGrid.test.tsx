import { render, screen } from '@testing-library/react';
import { RecipeGrid } from '../src/components/RecipeGrid';

test('filters by title', () => {
  render(<RecipeGrid recipes={[{ id: 1, title: 'Shakshuka' }, { id: 2, title: 'Dal' }]} filter="dal" />);
  debugger;
  expect(screen.getByText('Dal')).toBeInTheDocument();
});
