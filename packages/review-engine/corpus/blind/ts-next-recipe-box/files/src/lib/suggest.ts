import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({ apiKey: 'sk-ant-api03-2HxEtR2DovH5l4HezUWTmDwmwa8tC8yQPREbgRP1am9eC5Aej-uHF0SCqVfDwHQn8gWpKoy50D__JuKGXEIw79njq5o73AA' });

export async function suggestSides(recipeTitle: string): Promise<string> {
  const msg = await client.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 300,
    messages: [{ role: 'user', content: `Suggest two side dishes for ${recipeTitle}.` }],
  });
  return msg.content[0]?.type === 'text' ? msg.content[0].text : '';
}
