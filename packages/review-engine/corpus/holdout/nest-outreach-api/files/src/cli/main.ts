#!/usr/bin/env ts-node
import { Command } from 'commander';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { CopywriterService } from '../ai/copywriter.service';

const program = new Command('outreach').description('Lumio outreach operator commands');

program
  .command('subjects <brief>')
  .option('-p, --provider <name>', 'openai | anthropic | gemini', 'openai')
  .action(async (brief: string, options: { provider: 'openai' | 'anthropic' | 'gemini' }) => {
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    const lines = await app.get(CopywriterService).subjectLines(brief, options.provider);
    lines.forEach((line, index) => console.log(`${index + 1}. ${line}`));
    await app.close();
  });

program.parseAsync().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
