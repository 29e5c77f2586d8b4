import { describe, expect, it } from 'vitest';
import { scanText } from '../src/scan.js';

// Fake values only: shaped like the real formats, obviously not live credentials.
const SAMPLES: Record<string, string> = {
  'aws-access-key-id': 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
  'github-pat': 'token: ghp_000000000000000000000000000000000000',
  'slack-bot-token': 'SLACK_BOT_TOKEN=xoxb-0000000000-0000000000-000000000000000000000000',
  'stripe-live-secret': "const key = 'sk_live_000000000000000000000000';",
  'openai-project-key': 'OPENAI_API_KEY=sk-proj-0000000000000000000000000000000000000000000000000000',
  'private-key': '-----BEGIN RSA PRIVATE KEY-----',
};

describe('rules', () => {
  for (const [id, line] of Object.entries(SAMPLES)) {
    it(`detects ${id}`, () => {
      expect(scanText('sample.txt', line).map((m) => m.rule.id)).toContain(id);
    });
  }

  it('skips a line marked leakguard:allow', () => {
    expect(scanText('a.ts', "const t = 'ghp_000000000000000000000000000000000000'; // leakguard:allow")).toEqual([]);
  });

  it('ignores placeholders', () => {
    expect(scanText('a.env', 'GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX')).toEqual([]);
    expect(scanText('a.env', 'SLACK_BOT_TOKEN=xoxb-your-slack-bot-token')).toEqual([]);
  });
});
