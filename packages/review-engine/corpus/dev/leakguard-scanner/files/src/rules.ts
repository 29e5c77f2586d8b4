/** The secret formats leakguard knows. Each pattern is anchored on the token's documented prefix. */
export interface Rule {
  id: string;
  description: string;
  pattern: RegExp;
  /** A placeholder users see in the docs; never a real value. */
  example: string;
}

export const RULES: Rule[] = [
  {
    id: 'aws-access-key-id',
    description: 'AWS access key id',
    pattern: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/,
    example: 'AKIAXXXXXXXXXXXXXXXX',
  },
  {
    id: 'github-pat',
    description: 'GitHub personal access token',
    pattern: /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b/,
    example: 'ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
  },
  {
    id: 'slack-bot-token',
    description: 'Slack bot token',
    pattern: /\bxoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24}\b/,
    example: 'xoxb-your-slack-bot-token',
  },
  {
    id: 'stripe-live-secret',
    description: 'Stripe live secret key',
    pattern: /\bsk_live_[A-Za-z0-9]{24,99}\b/,
    example: 'sk_live_XXXXXXXXXXXXXXXXXXXXXXXX',
  },
  {
    id: 'openai-project-key',
    description: 'OpenAI project API key',
    pattern: /\bsk-proj-[A-Za-z0-9_-]{40,200}\b/,
    example: 'sk-proj-your-openai-key',
  },
  {
    id: 'private-key',
    description: 'PEM private key',
    pattern: /-----BEGIN ((RSA|EC|OPENSSH|DSA|ENCRYPTED) )?PRIVATE KEY-----/,
    example: '-----BEGIN ... PRIVATE KEY-----',
  },
];
