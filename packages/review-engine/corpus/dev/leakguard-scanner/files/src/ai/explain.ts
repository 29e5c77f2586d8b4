import OpenAI from 'openai';
import type { Match } from '../scan.js';

const client = new OpenAI({
  apiKey: 'sk-proj-zwZWdfRLgxL_Z1bvxbT7WrKL8ozFiA2auK7Z7GtQbU4WWEOCV81K2LSnAwqRzZHb4gzQt8HQT0PMPSlWW0Sao-dgPuXJkBGrbwzrzx1vLXEvz4dncnNobfxl4K41T3BlbkFJgIlp9Qg3l0Ukw4YwrZsA',
});

export async function explain(match: Match): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 120,
    messages: [
      { role: 'system', content: 'Explain in one sentence why the finding is a leaked credential and how to rotate it.' },
      { role: 'user', content: `${match.rule.description} found in ${match.file} line ${match.line}` },
    ],
  });
  return completion.choices[0]?.message.content?.trim() ?? '';
}
