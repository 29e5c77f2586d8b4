import { useMemo } from 'react';
import type { Recipe } from '../types';

export function RecipeGrid({ recipes, filter }: { recipes: Recipe[]; filter: string }) {
  const visible = useMemo(() => recipes.filter((r) => r.title.toLowerCase().includes(filter.toLowerCase())), [recipes, filter]);
  console.table(visible.map((r) => ({ id: r.id, title: r.title })));
  return (
    <ul className="grid grid-cols-3 gap-4">
      {visible.map((r) => (
        <li key={r.id}>{r.title}</li>
      ))}
    </ul>
  );
}
