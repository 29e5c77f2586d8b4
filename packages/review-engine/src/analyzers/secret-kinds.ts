/** Plain names for what secretlint found, by its message id; the secret itself is never shown. */
const KIND_BY_MESSAGE_ID: Record<string, string> = {
  AWSAccessKeyID: 'an AWS access key ID',
  AWSSecretAccessKey: 'an AWS secret access key',
  PrivateKeyJSON: 'a GCP service-account key (JSON key file)',
  PrivateKeyP12: 'a GCP service-account key (P12)',
  PrivateKey: 'a private key (PEM)',
  NPM_ACCESS_TOKEN: 'an npm access token',
  Npmrc_authToken: 'an npm auth token in .npmrc',
  PackageJSON_xOauthToken: 'a GitHub OAuth token in a URL',
  SLACK_TOKEN: 'a Slack token',
  IncomingWebhook: 'a Slack incoming-webhook URL',
  BasicAuth: 'a user name and password in a URL (basic auth)',
  GITHUB_TOKEN: 'a GitHub token',
  GITLAB_PERSONAL_ACCESS_TOKEN: 'a GitLab personal access token',
  OPENAI_TOKEN: 'an OpenAI API key',
  ANTHROPIC_API_KEY: 'an Anthropic API key',
  SENDGRID_KEY: 'a SendGrid API key',
  SHOPIFY_KEY: 'a Shopify access token',
  STRIPE_SECRET_KEY_LIVE: 'a Stripe live secret key',
  STRIPE_RESTRICTED_KEY_LIVE: 'a Stripe live restricted key',
  STRIPE_SECRET_KEY_TEST: 'a Stripe test secret key',
  STRIPE_RESTRICTED_KEY_TEST: 'a Stripe test restricted key',
  MongoDBConnection: 'a MongoDB connection string with a password',
  MySQLConnection: 'a MySQL connection string with a password',
  PostgreSQLConnection: 'a PostgreSQL connection string with a password',
};

const RULE_PREFIX = '@secretlint/secretlint-rule-';

/** "aws" for "@secretlint/secretlint-rule-aws". */
export function shortRuleId(secretlintRuleId: string): string {
  return secretlintRuleId.startsWith(RULE_PREFIX)
    ? secretlintRuleId.slice(RULE_PREFIX.length)
    : secretlintRuleId;
}

export function describeSecret(secretlintRuleId: string, messageId: string): string {
  const known = KIND_BY_MESSAGE_ID[messageId];
  if (known) return known;
  const words = messageId.includes('_') ? messageId.toLowerCase().replace(/_/g, ' ') : undefined;
  return words ? `a ${words}` : `a ${shortRuleId(secretlintRuleId)} credential`;
}

export function secretMessage(kind: string): string {
  return (
    `Hard-coded secret: this line adds ${kind}. Treat it as leaked: revoke and rotate it, then load ` +
    'it from a secret store or an environment variable instead of the code.'
  );
}
