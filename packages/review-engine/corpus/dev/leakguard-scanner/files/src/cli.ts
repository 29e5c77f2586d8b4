#!/usr/bin/env node
import { execFileSync } from 'node:child_process';
import { Command } from 'commander';
import { scanFile } from './scan.js';
import { explain } from './ai/explain.js';

const program = new Command('leakguard').description('refuse staged secrets').version('0.6.0');

program
  .command('staged')
  .description('scan the files staged for commit')
  .option('--explain', 'ask the model why each finding is a secret')
  .action(async (options: { explain?: boolean }) => {
    const files = execFileSync('git', ['diff', '--cached', '--name-only', '--diff-filter=ACM'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    let found = 0;
    for (const file of files) {
      for (const match of scanFile(file)) {
        found += 1;
        console.log(`${match.file}:${match.line}  ${match.rule.id}  ${match.rule.description}`);
        if (options.explain) console.log(`  ${await explain(match)}`);
      }
    }
    if (found > 0) {
      console.error(`leakguard: ${found} secret(s) staged; remove them or mark the line with leakguard:allow`);
      process.exit(1);
    }
    console.log('leakguard: no secrets staged');
  });

program
  .command('rules')
  .description('list the rules')
  .action(async () => {
    const { RULES } = await import('./rules.js');
    console.table(RULES.map((rule) => ({ id: rule.id, description: rule.description, example: rule.example })));
  });

await program.parseAsync();
