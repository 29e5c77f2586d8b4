import Anthropic from '@anthropic-ai/sdk';
import type { Match } from '../scan.js';

// Fallback model when OpenAI is rate limited.
const anthropic = new Anthropic({
  apiKey: process.env.ANTHROPIC_API_KEY ?? 'sk-ant-api03-tlYVh1d0szAOZAnV4ah17kZCNnJEH1mvlYMyzWh6qQQ5x1Wugaj7wX98VJe6BOq-JqAjBo0hVRGyEGrdlU4H1dYO_VijuAA',
});

export async function explainWithClaude(match: Match): Promise<string> {
  const message = await anthropic.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 120,
    messages: [{ role: 'user', content: `In one sentence: why is a ${match.rule.description} in ${match.file} a problem?` }],
  });
  const block = message.content[0];
  return block?.type === 'text' ? block.text : '';
}
