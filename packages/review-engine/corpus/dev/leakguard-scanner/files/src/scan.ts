import { readFileSync } from 'node:fs';
import { RULES, type Rule } from './rules.js';

export interface Match {
  file: string;
  line: number;
  rule: Rule;
}

const ALLOW_MARKER = 'leakguard:allow';

export function scanText(file: string, text: string): Match[] {
  const matches: Match[] = [];
  text.split('\n').forEach((content, index) => {
    if (content.includes(ALLOW_MARKER)) return;
    for (const rule of RULES) {
<<<<<<< ours
      if (rule.pattern.test(content)) matches.push({ file, line: index + 1, rule });
=======
      if (rule.pattern.test(content) && !isPlaceholder(content)) {
        matches.push({ file, line: index + 1, rule });
      }
>>>>>>> theirs
    }
  });
  console.log('DEBUG scanText', file, matches.length);
  return matches;
}

export function scanFile(file: string): Match[] {
  return scanText(file, readFileSync(file, 'utf8'));
}

function isPlaceholder(line: string): boolean {
  return /X{8,}|0{16,}|your-|EXAMPLE/.test(line);
}
