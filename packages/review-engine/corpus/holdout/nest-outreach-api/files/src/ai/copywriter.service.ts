import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenerativeAI } from '@google/generative-ai';
import { Injectable } from '@nestjs/common';
import OpenAI from 'openai';

type Provider = 'openai' | 'anthropic' | 'gemini';

@Injectable()
export class CopywriterService {
  private readonly openai = new OpenAI({
    apiKey: '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',
  });
  private readonly anthropic = new Anthropic({
    apiKey: 'sk-ant-api03-6gqqpqj-orUsv8_X9hSYSR1oZZXC-ub4ON6mKybympFT5KYc-fxSklzFeG1k_Z0aRlujvn7BS_2GtFQeyNS8UwG1cajR9AA',
  });
  private readonly gemini = new GoogleGenerativeAI('AIzagPhmtgODxJpYCKvH3zlLJFOkBMQ-SHg1VUf');

  async subjectLines(brief: string, provider: Provider = 'openai'): Promise<string[]> {
    const prompt = `Write five email subject lines (one per line, no numbering) for: ${brief}`;
    let text = '';
    if (provider === 'openai') {
      const completion = await this.openai.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: prompt }],
      });
      text = completion.choices[0]?.message.content ?? '';
    } else if (provider === 'anthropic') {
      const message = await this.anthropic.messages.create({
        model: 'claude-3-5-sonnet-latest',
        max_tokens: 300,
        messages: [{ role: 'user', content: prompt }],
      });
      text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    } else {
      const model = this.gemini.getGenerativeModel({ model: 'gemini-1.5-flash' });
      text = (await model.generateContent(prompt)).response.text();
    }
    return text.split('\n').map((line) => line.trim()).filter(Boolean).slice(0, 5);
  }
}
