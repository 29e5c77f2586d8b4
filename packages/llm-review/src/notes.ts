const MAX_LISTED = 20;

/** "Title: a, b, c and 12 more." — a summary line that stays short on a 3,000-file pull request. */
export function listNote(title: string, items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join('; ');
  const more = items.length > MAX_LISTED ? ` and ${items.length - MAX_LISTED} more` : '';
  return `${title}: ${shown}${more}.`;
}
