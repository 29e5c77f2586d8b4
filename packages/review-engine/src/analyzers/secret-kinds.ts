import type { ReviewSettings, Severity } from '../types';

/** What a finding says it found, how urgent it is, and whether it is a live or a test credential. */
export interface SecretKind {
  /** "an AWS access key ID": never the value. */
  description: string;
  severity: Severity;
  /** A test-mode key: rotate it, but it reaches no live data. */
  testMode?: boolean;
}

const kind = (description: string, severity: Severity, testMode?: boolean): SecretKind =>
  testMode ? { description, severity, testMode } : { description, severity };

/**
 * Severity by class (docs/analyzers.md): a private key and cloud or code-hosting credentials are
 * critical; other API tokens high; test-mode keys medium; passwords and connection strings high.
 */
const KIND_BY_MESSAGE_ID: Record<string, SecretKind> = {
  AWSAccessKeyID: kind('an AWS access key ID', 'critical'),
  AWSSecretAccessKey: kind('an AWS secret access key', 'critical'),
  PrivateKeyJSON: kind('a GCP service-account key (JSON key file)', 'critical'),
  PrivateKeyP12: kind('a GCP service-account key (P12)', 'critical'),
  PrivateKey: kind('a private key (PEM)', 'critical'),
  NPM_ACCESS_TOKEN: kind('an npm access token', 'critical'),
  Npmrc_authToken: kind('an npm auth token in .npmrc', 'critical'),
  PackageJSON_xOauthToken: kind('a GitHub OAuth token in a URL', 'critical'),
  SLACK_TOKEN: kind('a Slack token', 'high'),
  IncomingWebhook: kind('a Slack incoming-webhook URL', 'high'),
  BasicAuth: kind('a user name and password in a URL (basic auth)', 'high'),
  GITHUB_TOKEN: kind('a GitHub token', 'critical'),
  GITLAB_PERSONAL_ACCESS_TOKEN: kind('a GitLab personal access token', 'critical'),
  OPENAI_TOKEN: kind('an OpenAI API key', 'high'),
  ANTHROPIC_API_KEY: kind('an Anthropic API key', 'high'),
  SENDGRID_KEY: kind('a SendGrid API key', 'high'),
  SHOPIFY_KEY: kind('a Shopify access token', 'high'),
  STRIPE_SECRET_KEY_LIVE: kind('a Stripe live secret key', 'critical'),
  STRIPE_RESTRICTED_KEY_LIVE: kind('a Stripe live restricted key', 'critical'),
  STRIPE_SECRET_KEY_TEST: kind('a Stripe test-mode secret key', 'medium', true),
  STRIPE_RESTRICTED_KEY_TEST: kind('a Stripe test-mode restricted key', 'medium', true),
  MongoDBConnection: kind('a MongoDB connection string with a password', 'high'),
  MySQLConnection: kind('a MySQL connection string with a password', 'high'),
  PostgreSQLConnection: kind('a PostgreSQL connection string with a password', 'high'),
};

/** The kinds the project's own rules report (src/analyzers/secrets/), by their kind id. */
export const OWN_KINDS = {
  privateKey: kind('a private key', 'critical'),
  encryptedPrivateKey: kind('an encrypted private key (its passphrase is often nearby)', 'critical'),
  pgpPrivateKey: kind('a PGP private key block', 'critical'),
  sendgrid: kind('a SendGrid API key', 'high'),
  pypi: kind('a PyPI upload token', 'critical'),
  hubspot: kind('a HubSpot private-app token', 'high'),
  hubspotLegacy: kind('a HubSpot API key', 'high'),
  azureClientSecret: kind('an Azure AD (Entra ID) client secret', 'critical'),
  azureStorageKey: kind('an Azure Storage account key', 'critical'),
  azureSharedAccessKey: kind('an Azure shared access key', 'critical'),
  azureSas: kind('an Azure shared access signature (SAS) token', 'critical'),
  jwt: kind('a bearer JWT in an Authorization header', 'high'),
  bearerToken: kind('a bearer token in an Authorization header', 'high'),
  connectionString: kind('a connection string with a password', 'high'),
  k8sSecret: kind('a value in a Kubernetes Secret manifest', 'high'),
  password: kind('a hard-coded password or secret', 'high'),
  cliPassword: kind('a password passed on a command line', 'high'),
  sqlPassword: kind('a database role password in SQL', 'high'),
  basicAuth: kind('a user name and password for basic auth', 'high'),
  mapbox: kind('a Mapbox secret access token', 'high'),
} as const satisfies Record<string, SecretKind>;

const RULE_PREFIX = '@secretlint/secretlint-rule-';

/** "aws" for "@secretlint/secretlint-rule-aws". */
export function shortRuleId(secretlintRuleId: string): string {
  return secretlintRuleId.startsWith(RULE_PREFIX)
    ? secretlintRuleId.slice(RULE_PREFIX.length)
    : secretlintRuleId;
}

/** The kind of a secretlint finding; an id this table does not know is an API token (high). */
export function secretlintKind(secretlintRuleId: string, messageId: string): SecretKind {
  const known = KIND_BY_MESSAGE_ID[messageId];
  if (known) return known;
  const words = messageId.includes('_') ? messageId.toLowerCase().replace(/_/g, ' ') : undefined;
  return kind(words ? `a ${words}` : `a ${shortRuleId(secretlintRuleId)} credential`, 'high');
}

const MAX_STORE_CHARS = 80;

/** Where the remediation says to keep the secret: the repository's `secretStore`, else the generic advice. */
export function secretStoreName(settings: Pick<ReviewSettings, 'secretStore'>): string {
  const store = settings.secretStore
    ?.replace(/[\p{Cc}`]/gu, ' ')
    .trim()
    .slice(0, MAX_STORE_CHARS);
  return store ? store : 'a secret store or an environment variable';
}

/** What to do about it: revoke and rotate, then keep it in the team's secret store. */
export function remediation(found: SecretKind, settings: Pick<ReviewSettings, 'secretStore'>): string {
  const act = found.testMode
    ? 'It reaches test data only, but anyone who can read the repository can use it: rotate it,'
    : 'Treat it as leaked: revoke and rotate it,';
  return `${act} then move it to ${secretStoreName(settings)} and read it from there instead of the code.`;
}

/** The finding's message: what kind of secret, and what to do; never the value. */
export function secretMessage(found: SecretKind, settings: Pick<ReviewSettings, 'secretStore'>): string {
  return `Hard-coded secret: this line adds ${found.description}. ${remediation(found, settings)}`;
}
