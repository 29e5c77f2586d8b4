/**
 * `@kodus review` as a command in a comment: case-insensitive, `@kodus` a whole handle (not `@kodus-bot`,
 * not an e-mail address like `me@kodus`), `review` a whole word. Quoted lines (`> ...`) and code (fenced
 * blocks and inline backticks) do not count, so quoting or documenting the command does not trigger it.
 */
const COMMAND = /(?<![\w@.\-/])@kodus\s+review(?![\w-])/i;

function withoutQuotesAndCode(body: string): string {
  return body
    .replace(/```[\s\S]*?(?:```|$)/g, ' ')
    .replace(/~~~[\s\S]*?(?:~~~|$)/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .split(/\r?\n/)
    .filter((line) => !/^\s*>/.test(line))
    .join('\n');
}

export function containsReviewCommand(body: string): boolean {
  return COMMAND.test(withoutQuotesAndCode(body));
}
