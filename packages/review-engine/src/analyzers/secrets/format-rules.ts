import type { Severity } from '../../types';
import { credentialName, looksGenerated } from './credential-values';
import { OWN_KINDS, type SecretKind } from '../secret-kinds';
import { isDocumentedExample, isFakeSecret, longestRun, randomness, tokenBody } from './values';

/**
 * The project's own rules for secrets with a recognisable format that secretlint's published rules do
 * not cover (docs/analyzers.md, "Rule sets"). Each is a linear regex over one added line: no nested
 * quantifiers, every repetition bounded, lookarounds of one character class.
 */
export interface FormatRule {
  /** The finding's ruleId; the same as secretlint's where both cover a provider, so duplicates collapse. */
  ruleId: string;
  /** Lower-case strings of which a line must contain one before the pattern runs (most lines contain none). */
  keywords: readonly string[];
  kind: SecretKind;
  pattern: RegExp;
  /** The capture group holding the secret (0: the whole match). */
  group: number;
  /** Generic credentials (connection strings, JWTs): reported in code and configuration only. */
  generic?: boolean;
  /** Extra check on the secret and its line; false drops the match. */
  accept?: (secret: string, line: string, match: RegExpExecArray) => boolean;
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** Opaque tokens of hex digits (Datadog, Twilio) or a UUID (Heroku): ids elsewhere, tokens after "Bearer". */
const OPAQUE_HEX_TOKEN = new RegExp(`^(?:[0-9a-fA-F]{32,128}|${UUID})$`);

const randomToken = (minRandomness: number) => (secret: string) =>
  !isFakeSecret(secret, tokenBody(secret)) && randomness(tokenBody(secret)) >= minRandomness;

/** Passwords that stand for "put yours here" in connection strings, or are a service's documented default. */
const PLACEHOLDER_PASSWORD =
  /^(?:[$%]\{?[\w.-]*\}?|\{[\w.-]*\}|:[\w.-]+|\*+|x+|\.+|<.*>|\[.*\]|%s|%\(\w+\)s|\$\d+|pass(?:word|wd)?\d{0,3}|pwd|secret|changeme|change_me|tiger|mypassword|my_password|yourpassword|your_password|dbpassword|db_password|postgres|root|admin|guest|test|user)$/i;

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function isPlaceholderPassword(password: string, user = ''): boolean {
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // a stray "%" is not an encoding: keep the raw text
  }
  decoded = decoded.replace(/[.,;:)]+$/, ''); // sentence punctuation after a placeholder: "user:pass."
  if (decoded.length < 4) return true;
  if (user && decoded.toLowerCase() === user.toLowerCase()) return true; // postgres:postgres, guest:guest
  if (PLACEHOLDER_PASSWORD.test(decoded)) return true;
  if (/^[a-z]{0,12}[_-]?(?:password|passwd|pass|pwd|secret)[_-]?[a-z]{0,12}\d{0,4}$/i.test(decoded))
    return true; // somepassword, mysecret1
  if (/\\[xu][0-9A-Fa-f]{2}/.test(decoded)) return true; // escapes: a parser's test string
  return isFakeSecret(decoded);
}

/** Whether base64 text decodes to `user:password` with a password that is not a placeholder. */
function basicCredentials(encoded: string): boolean {
  if (isDocumentedExample(encoded)) return false;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return (
    colon > 0 &&
    /^[\x20-\x7e]+$/.test(decoded) &&
    !isPlaceholderPassword(decoded.slice(colon + 1), decoded.slice(0, colon))
  );
}

const DSN_PEER_KEY =
  /(?:^|[\s;"'`{])(?:host|hostaddr|server|data source|address|addr|dbname|database|initial catalog|user|user id|uid|username|port|sslmode|driver|dsn|protocol)\s*=/i;

/**
 * Tokens whose documented format starts with a fixed prefix that secretlint's rules do not know. Each is
 * specific enough to need no key name beside it; the body must still look generated.
 */
const kind = (description: string, severity: Severity): SecretKind => ({ description, severity });
const PREFIXED_TOKENS: readonly [string, SecretKind, RegExp, string][] = [
  [
    'slack',
    kind('a Slack configuration token', 'high'),
    /(?<![\w-])xoxe(?:\.xox[bp])?-\d-[A-Za-z0-9]{60,300}(?![\w-])/g,
    'xoxe',
  ],
  [
    'gitlab',
    kind('a GitLab token', 'critical'),
    /(?<![\w-])(?:gl(?:dt|rt|ptt|cbt|oas|soat|ft|imt|agent)-[\w-]{20,64}|GR1348941[\w-]{20,40})(?![\w-])/g,
    'gl',
  ],
  [
    'rubygems',
    kind('a RubyGems API key', 'critical'),
    /(?<![\w-])rubygems_[a-f0-9]{48}(?![\w-])/g,
    'rubygems_',
  ],
  ['nuget', kind('a NuGet API key', 'critical'), /(?<![\w-])oy2[a-z0-9]{43}(?![\w-])/g, 'oy2'],
  [
    'braintree',
    kind('a Braintree (PayPal) access token', 'critical'),
    /access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}/g,
    'access_token$',
  ],
  [
    'stripe',
    kind('a Stripe webhook signing secret', 'high'),
    /(?<![\w-])whsec_[A-Za-z0-9]{32,64}(?![\w-])/g,
    'whsec_',
  ],
  [
    'firebase',
    kind('a Firebase Cloud Messaging server key', 'high'),
    /(?<![\w-])AAAA[A-Za-z0-9_-]{7}:[A-Za-z0-9_-]{140}(?![\w-])/g,
    'aaaa',
  ],
  ['newrelic', kind('a New Relic license key', 'high'), /(?<![\w-])[a-f0-9]{36}NRAL(?![\w-])/g, 'nral'],
  [
    'discord',
    kind('a Discord bot token', 'high'),
    /(?<![\w.-])[MNO][A-Za-z0-9_-]{23,25}\.[\w-]{6}\.[\w-]{27,38}(?![\w.-])/g,
    '.',
  ],
  [
    'google',
    kind('a Google OAuth client secret', 'critical'),
    /(?<![\w-])GOCSPX-[A-Za-z0-9_-]{28}(?![\w-])/g,
    'gocspx-',
  ],
  [
    'google',
    kind('a Google OAuth access token', 'critical'),
    /(?<![\w.-])ya29\.[A-Za-z0-9_-]{60,400}(?![\w-])/g,
    'ya29.',
  ],
  [
    'digitalocean',
    kind('a DigitalOcean token', 'critical'),
    /(?<![\w-])do[por]_v1_[a-f0-9]{64}(?![\w-])/g,
    '_v1_',
  ],
  [
    // Google API keys (Maps, Gemini, YouTube, ...): "AIza" + 35 base64url characters. Firebase web and mobile
    // configs, where the key is public by design, are left out by the format analyzer (isPublicGoogleKeyFile).
    'google-api-key',
    kind('a Google API key', 'high'),
    /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])/g,
    'aiza',
  ],
  // Documented prefixes of AI, developer-platform and infrastructure services (each provider's token docs).
  ['xai', kind('an xAI API key', 'high'), /(?<![\w-])xai-[A-Za-z0-9]{70,90}(?![\w-])/g, 'xai-'],
  [
    'perplexity',
    kind('a Perplexity API key', 'high'),
    /(?<![\w-])pplx-[A-Za-z0-9]{40,56}(?![\w-])/g,
    'pplx-',
  ],
  ['replicate', kind('a Replicate API token', 'high'), /(?<![\w-])r8_[A-Za-z0-9]{37}(?![\w-])/g, 'r8_'],
  [
    'pinecone',
    kind('a Pinecone API key', 'high'),
    /(?<![\w-])pcsk_[A-Za-z0-9]{4,10}_[A-Za-z0-9]{40,80}(?![\w-])/g,
    'pcsk_',
  ],
  [
    'langsmith',
    kind('a LangSmith API key', 'high'),
    /(?<![\w-])lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}(?![\w-])/g,
    'lsv2_',
  ],
  [
    'notion',
    kind('a Notion integration token', 'high'),
    /(?<![\w-])ntn_[A-Za-z0-9]{40,50}(?![\w-])/g,
    'ntn_',
  ],
  [
    'resend',
    kind('a Resend API key', 'high'),
    /(?<![\w-])re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}(?![\w-])/g,
    're_',
  ],
  [
    'planetscale',
    kind('a PlanetScale token or password', 'critical'),
    /(?<![\w-])pscale_(?:tkn|pw|oauth)_[\w.-]{32,64}(?![\w-])/g,
    'pscale_',
  ],
  ['supabase', kind('a Supabase access token', 'critical'), /(?<![\w-])sbp_[a-f0-9]{40}(?![\w-])/g, 'sbp_'],
  ['netlify', kind('a Netlify access token', 'high'), /(?<![\w-])nfp_[A-Za-z0-9]{36}(?![\w-])/g, 'nfp_'],
  [
    'contentful',
    kind('a Contentful personal access token', 'high'),
    /(?<![\w-])CFPAT-[\w-]{43}(?![\w-])/g,
    'cfpat-',
  ],
  [
    'dynatrace',
    kind('a Dynatrace API token', 'high'),
    /(?<![\w.-])dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}(?![\w.-])/g,
    'dt0c01.',
  ],
  [
    '1password',
    kind('a 1Password service-account token', 'critical'),
    /(?<![\w-])ops_eyJ[\w-]{100,2000}(?![\w-])/g,
    'ops_',
  ],
  ['buildkite', kind('a Buildkite API token', 'high'), /(?<![\w-])bkua_[a-f0-9]{40}(?![\w-])/g, 'bkua_'],
  [
    'circleci',
    kind('a CircleCI personal API token', 'high'),
    /(?<![\w-])CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}(?![\w-])/g,
    'ccipat_',
  ],
  [
    'shippo',
    kind('a Shippo live API token', 'high'),
    /(?<![\w-])shippo_live_[a-f0-9]{40}(?![\w-])/g,
    'shippo_live_',
  ],
  // Live secret keys in Stripe's style, which other providers copied (Clerk, Lemon Squeezy, ...): sk_live_/rk_live_.
  [
    'live-key',
    kind('a live-mode secret API key', 'critical'),
    /(?<![\w-])[sr]k_live_[A-Za-z0-9]{20,250}(?![\w-])/g,
    '_live_',
  ],
  // OpenAI-compatible APIs (DeepSeek, Moonshot, DashScope, ...): sk- and 32-64 letters and digits.
  ['openai-compatible', kind('an API key (sk-)', 'high'), /(?<![\w-])sk-[A-Za-z0-9]{32,64}(?![\w-])/g, 'sk-'],
  [
    'alibaba',
    kind('an Alibaba Cloud access key ID', 'critical'),
    /(?<![\w-])LTAI[A-Za-z0-9]{20}(?![\w-])/g,
    'ltai',
  ],
  [
    'postman',
    kind('a Postman API key', 'high'),
    /(?<![\w-])PMAK-[a-f0-9]{24}-[a-f0-9]{34}(?![\w-])/g,
    'pmak-',
  ],
  [
    'sentry',
    kind('a Sentry auth token', 'high'),
    /(?<![\w-])sntry[su]_[A-Za-z0-9+/=_-]{40,400}(?![\w-])/g,
    'sntry',
  ],
  ['newrelic', kind('a New Relic user API key', 'high'), /(?<![\w-])NRAK-[A-Z0-9]{27}(?![\w-])/g, 'nrak-'],
  [
    'age',
    kind('an age secret key', 'critical'),
    /(?<![\w-])AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![\w-])/g,
    'age-secret-key-1',
  ],
  [
    'square',
    kind('a Square access token or secret', 'high'),
    /(?<![\w-])sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}(?![\w-])/g,
    'sq0',
  ],
  ['mailgun', kind('a Mailgun API key', 'high'), /(?<![\w-])key-[a-f0-9]{32}(?![\w-])/g, 'key-'],
  ['mailchimp', kind('a Mailchimp API key', 'high'), /(?<![\w-])[a-f0-9]{32}-us[0-9]{1,2}(?![\w-])/g, '-us'],
  ['twilio', kind('a Twilio API key', 'high'), /(?<![\w-])SK[a-f0-9]{32}(?![\w-])/g, 'sk'], // API key SID
  [
    'telegram',
    kind('a Telegram bot token', 'high'),
    /(?<![\w:-])[0-9]{8,10}:AA[A-Za-z0-9_-]{33}(?![\w-])/g,
    ':aa',
  ], // bot token
  [
    'atlassian',
    kind('an Atlassian API token', 'high'),
    /(?<![\w-])ATATT3[A-Za-z0-9_=-]{150,300}(?![\w=-])/g,
    'atatt3',
  ],
  [
    'doppler',
    kind('a Doppler token', 'high'),
    /(?<![\w.-])dp\.(?:st|ct|sa|scim|audit)\.[A-Za-z0-9_-]{40,44}(?![\w-])/g,
    'dp.',
  ],
  ['flyio', kind('a Fly.io token', 'high'), /(?<![\w-])fo1_[\w-]{43}(?![\w-])/g, 'fo1_'],
  ['pulumi', kind('a Pulumi access token', 'high'), /(?<![\w-])pul-[a-f0-9]{40}(?![\w-])/g, 'pul-'],
  [
    'terraform',
    kind('a Terraform Cloud token', 'high'),
    /(?<![\w.-])[a-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}(?![\w=-])/g,
    'atlasv1',
  ],
  ['heroku', kind('a Heroku API key', 'high'), /(?<![\w-])HRKU-[A-Za-z0-9_-]{60}(?![\w-])/g, 'hrku-'],
  [
    'discord',
    kind('a Discord webhook URL', 'high'),
    /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/[0-9]{17,20}\/[\w-]{60,68}/g,
    'discord',
  ],
  [
    'teams',
    kind('a Microsoft Teams webhook URL', 'high'),
    /https:\/\/[\w-]{1,60}\.webhook\.office\.com\/webhookb2\/[\w@-]{30,120}\/IncomingWebhook\/[a-f0-9]{32}\/[\w-]{36}/g,
    'webhook.office',
  ],
];

export const FORMAT_RULES: readonly FormatRule[] = [
  ...PREFIXED_TOKENS.map(([provider, found, pattern, keyword]): FormatRule => ({
    ruleId: `secrets/${provider}`,
    keywords: [keyword],
    kind: found,
    pattern,
    group: 0,
    accept: (secret) => !isFakeSecret(secret, longestRun(secret)),
  })),
  {
    // A PEM private key, base64-encoded as a whole (Kubernetes data, Helm values, CI variables): "LS0tLS1CRUdJTi..."
    ruleId: 'secrets/privatekey',
    keywords: ['ls0tls1crudjti'],
    kind: OWN_KINDS.privateKey,
    pattern: /(?<![A-Za-z0-9+/])LS0tLS1CRUdJTi[A-Za-z0-9+/]{200,20000}={0,2}/g,
    group: 0,
    accept: (encoded) => {
      const decoded = Buffer.from(encoded.slice(0, 4_000), 'base64').toString('latin1');
      const body = decoded.replace(/-----[A-Z ]{1,60}-----|\s/g, '');
      return (
        /^-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY/.test(decoded) &&
        !isFakeSecret(body) &&
        randomness(longestRun(body)) >= 0.75
      );
    },
  },
  {
    // SendGrid: SG.<22>.<43>, both parts base64url, so "-" and "_" anywhere (secretlint's rule takes one "-").
    ruleId: 'secrets/sendgrid',
    keywords: ['sg.'],
    kind: OWN_KINDS.sendgrid,
    pattern: /(?<![\w-])SG\.[\w-]{16,32}\.[\w-]{30,64}(?![\w-])/g,
    group: 0,
    accept: (secret) => !isFakeSecret(secret, secret.slice(3)) && randomness(secret.slice(3)) >= 0.7,
  },
  {
    // PyPI API tokens are macaroons: "pypi-" + base64 of a header naming pypi.org or test.pypi.org.
    ruleId: 'secrets/pypi',
    keywords: ['pypi-'],
    kind: OWN_KINDS.pypi,
    pattern: /(?<![\w-])pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{40,1000}/g,
    group: 0,
    accept: (secret) => !isFakeSecret(secret, secret.slice(24)),
  },
  {
    // HubSpot private-app tokens: pat-<region><n>-<uuid>.
    ruleId: 'secrets/hubspot',
    keywords: ['pat-'],
    kind: OWN_KINDS.hubspot,
    pattern: new RegExp(`(?<![\\w-])pat-(?:na|eu|ap)[0-9]{1,2}-${UUID}(?![\\w-])`, 'g'),
    group: 0,
    accept: (secret) => !isFakeSecret(secret, secret.slice(secret.indexOf('-', 4) + 1).replace(/-/g, '')),
  },
  {
    // HubSpot's legacy API keys are bare UUIDs: only next to a HubSpot name or the hapikey parameter.
    ruleId: 'secrets/hubspot',
    keywords: ['hapikey', 'hubspot'],
    kind: OWN_KINDS.hubspotLegacy,
    pattern: new RegExp(
      `(?:hapikey|hubspot[\\w.-]{0,30})["'\\]]?\\s{0,5}(?::=|=>|[:=,])\\s{0,5}["']?(${UUID})(?![\\w-])`,
      'gi',
    ),
    group: 1,
    accept: (secret) => !isFakeSecret(secret, secret.replace(/-/g, '')),
  },
  {
    // Azure AD (Entra ID) client secrets: 3 characters, a digit, "Q~", then 31-34 more.
    ruleId: 'secrets/azure',
    keywords: ['q~'],
    kind: OWN_KINDS.azureClientSecret,
    pattern: /(?<![\w~.-])[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![\w~.-])/g,
    group: 0,
    accept: (secret) => !isFakeSecret(secret, secret.slice(6)) && randomness(secret.slice(6)) >= 0.75,
  },
  {
    // Azure Storage connection strings and keys: AccountKey=<88 base64>.
    ruleId: 'secrets/azure',
    keywords: ['accountkey'],
    kind: OWN_KINDS.azureStorageKey,
    pattern: /AccountKey\s{0,3}=\s{0,3}([A-Za-z0-9+/]{40,100}={0,2})/gi,
    group: 1,
    accept: randomToken(0.7),
  },
  {
    // Service Bus, Event Hubs, IoT Hub: SharedAccessKey=<44 base64>.
    ruleId: 'secrets/azure',
    keywords: ['sharedaccesskey'],
    kind: OWN_KINDS.azureSharedAccessKey,
    pattern: /SharedAccessKey\s{0,3}=\s{0,3}([A-Za-z0-9+/]{30,100}={0,2})/gi,
    group: 1,
    accept: randomToken(0.7),
  },
  {
    // "Authorization": "Bearer eyJ...", -H 'Authorization: Bearer eyJ...', setHeader("Authorization", "Bearer eyJ...").
    ruleId: 'secrets/jwt',
    keywords: ['bearer'],
    kind: OWN_KINDS.jwt,
    pattern:
      /authorization["'`\]]{0,2}\s{0,5}(?::|=>|=|,)?\s{0,5}f?["'`]?\s{0,5}bearer\s{1,5}(eyJ[\w-]{8,2000}\.eyJ[\w-]{8,4000}\.[\w-]{16,1000})/gi,
    group: 1,
    generic: true,
    accept: (secret) => !isFakeSecret(secret, secret.slice(secret.lastIndexOf('.') + 1)),
  },
  {
    // A string literal that starts with "Bearer <JWT>": the header's name may be on the line before.
    ruleId: 'secrets/jwt',
    keywords: ['bearer'],
    kind: OWN_KINDS.jwt,
    pattern: /["'`]\s{0,3}bearer\s{1,5}(eyJ[\w-]{8,2000}\.eyJ[\w-]{8,4000}\.[\w-]{16,1000})/gi,
    group: 1,
    generic: true,
    accept: (secret) => !isFakeSecret(secret, secret.slice(secret.lastIndexOf('.') + 1)),
  },
  {
    // A bearer or token credential in an Authorization header, whatever its format: "Bearer <token>",
    // "Token <token>" (the JWT rules above take eyJ... tokens). The token must look generated.
    ruleId: 'secrets/bearer-token',
    keywords: ['bearer', 'token '],
    kind: OWN_KINDS.bearerToken,
    pattern:
      /(?:["'`]|authorization["'`]?\s{0,3}[:=,]\s{0,3}["'`]?)\s{0,3}(?:bearer|token)\s{1,3}([A-Za-z0-9._~+/-]{20,500}={0,2})(?=["'`\s]|$)/gi,
    group: 1,
    generic: true,
    accept: (secret) =>
      !secret.startsWith('eyJ') &&
      (looksGenerated(secret) || (OPAQUE_HEX_TOKEN.test(secret) && randomToken(0.75)(secret))),
  },
  {
    // Mapbox secret tokens (sk.); public ones (pk.) are meant for browsers.
    ruleId: 'secrets/mapbox',
    keywords: ['sk.eyj'],
    kind: OWN_KINDS.mapbox,
    pattern: /(?<![\w.-])sk\.eyJ[A-Za-z0-9_-]{20,400}\.[A-Za-z0-9_-]{20,40}(?![\w-])/g,
    group: 0,
    accept: (secret) => !isFakeSecret(secret, secret.slice(secret.lastIndexOf('.') + 1)),
  },
  {
    // Basic-auth credentials encoded in code: btoa('user:pass'), b64encode(b"user:pass"), Buffer.from('user:pass').
    ruleId: 'secrets/basicauth',
    keywords: ['btoa', 'b64encode', 'buffer.from', 'base64_encode', 'encodetostring', 'encode64'],
    kind: OWN_KINDS.basicAuth,
    pattern:
      /(?:btoa|b64encode|Buffer\.from|base64_encode|encodeToString|encode64|EncodeToString)\(\s{0,3}b?["'`]([^"'`:\s]{1,100}):([^"'`\s]{4,200})["'`]/g,
    group: 2,
    generic: true,
    accept: (password, _line, match) => !isPlaceholderPassword(password, match[1] ?? ''),
  },
  {
    // A registry login stored in a Docker config.json (or a containers auth.json): "auth": "<base64 of user:pass>".
    ruleId: 'secrets/basicauth',
    keywords: ['"auth"'],
    kind: OWN_KINDS.basicAuth,
    pattern: /"auth"\s{0,3}:\s{0,3}"([A-Za-z0-9+/]{8,400}={0,2})"/g,
    group: 1,
    generic: true,
    accept: (encoded) => basicCredentials(encoded),
  },
  {
    // A hard-coded "Basic <base64 of user:pass>" header value.
    ruleId: 'secrets/basicauth',
    keywords: ['basic'],
    kind: OWN_KINDS.basicAuth,
    pattern: /["'`:\s]Basic\s{1,3}([A-Za-z0-9+/]{8,400}={0,2})(?![A-Za-z0-9+/=])/g,
    group: 1,
    generic: true,
    accept: (encoded) => basicCredentials(encoded),
  },
  {
    // Passwords on a command line: mysql -p'...', --password=..., sshpass -p, redis-cli -a, curl -u user:pass.
    ruleId: 'secrets/cli-password',
    keywords: ['--password', 'mysql', 'mariadb', 'sshpass', 'redis-cli', '-u ', '--user'],
    kind: OWN_KINDS.cliPassword,
    pattern:
      /(?:(?:^|\s)--password[= ]\s{0,3}|\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n|;&]{0,200}?\s-p|\bsshpass\s{1,3}-p\s{0,3}|\bredis-cli\b[^\n|;&]{0,200}?\s-a\s{1,3}|\s(?:-u|--user)\s{1,3}["']?[^\s:"'$/]{1,100}:(?!\/))["']?([^\s"'$`]{4,200})/g,
    group: 1,
    generic: true,
    accept: (password) => !/^[a-z]+$/.test(password) && !isPlaceholderPassword(password), // not prose ("--password options")
  },
  {
    // A password piped into a login: echo "..." | docker login ... --password-stdin (podman, helm registry,
    // ...), echo "..." | sudo -S, echo "..." | passwd --stdin.
    ruleId: 'secrets/cli-password',
    keywords: ['password-stdin', 'sudo', '--stdin'],
    kind: OWN_KINDS.cliPassword,
    pattern:
      /\b(?:echo|printf)\s{1,3}(?:-n\s{1,3})?(?:["']%s\\?n?["']\s{1,3})?["']?([^\s"'$`|;&]{4,200})["']?\s{0,3}\|[^\n|;&]{0,200}?(?:--password-stdin|\bsudo\s{1,3}-S\b|\bpasswd\b[^\n|;&]{0,100}--stdin)/g,
    group: 1,
    generic: true,
    accept: (password) => !isPlaceholderPassword(password),
  },
  {
    // Registry and database clients' short password flags: docker/podman login -p, sqlcmd -P, mongosh -p.
    ruleId: 'secrets/cli-password',
    keywords: ['login', 'sqlcmd', 'mongo'],
    kind: OWN_KINDS.cliPassword,
    pattern:
      /(?:\b(?:docker|podman|buildah|skopeo|nerdctl|oras|crane)\s{1,3}(?:registry\s{1,3})?login\b[^\n|;&]{0,200}?\s-p[= ]\s{0,3}|\bsqlcmd\b[^\n|;&]{0,200}?\s-P\s{1,3}|\bmongo(?:sh|dump|restore|import|export)?\b[^\n|;&]{0,200}?\s-p\s{1,3})["']?([^\s"'$`%]{4,200})/g,
    group: 1,
    generic: true,
    accept: (password) => !isPlaceholderPassword(password),
  },
  {
    // Other tools' password flags: wget --http-password, keytool -storepass/-keypass, openssl -passin/-passout
    // pass:..., ldapsearch -w, htpasswd -b FILE USER PASSWORD.
    ruleId: 'secrets/cli-password',
    keywords: ['-pass', 'storepass', 'keypass', 'ldap', 'htpasswd'],
    kind: OWN_KINDS.cliPassword,
    pattern:
      /(?:(?:^|\s)--(?:http|ftp|proxy|db|admin|registry|store|key|bind|master|root|user)-?password[= ]\s{0,3}|\s-(?:storepass|keypass|srcstorepass|deststorepass|srckeypass|destkeypass)\s{1,3}|\s-pass(?:in|out)\s{1,3}["']?pass:|\bldap(?:search|add|modify|delete|passwd|whoami)\b[^\n|;&]{0,200}?\s-w\s{1,3}|\bhtpasswd\s{1,3}-[a-zA-Z]{0,4}b[a-zA-Z]{0,4}\s{1,3}(?:-[a-zA-Z]{1,5}\s{1,3})?[^\s-][^\s]{0,199}\s{1,3}[^\s]{1,100}\s{1,3})["']?([^\s"'$`]{4,200})/g,
    group: 1,
    generic: true,
    accept: (password) =>
      !password.startsWith('-') && !/^[a-z]+$/.test(password) && !isPlaceholderPassword(password),
  },
  {
    // SQL: CREATE ROLE ... PASSWORD '...', CREATE/ALTER USER ... IDENTIFIED BY '...'.
    ruleId: 'secrets/sql-password',
    keywords: ['password', 'identified'],
    kind: OWN_KINDS.sqlPassword,
    pattern: /\b(?:PASSWORD|IDENTIFIED\s{1,5}BY)\s{1,5}'([^'\n]{4,200})'/gi,
    group: 1,
    generic: true,
    accept: (password, line) =>
      /\b(?:ROLE|USER|LOGIN)\b/i.test(line) &&
      !/^(?:md5[0-9a-f]{32}|SCRAM-SHA-256\$|\*[0-9A-F]{40}$)/i.test(password) &&
      !isPlaceholderPassword(password),
  },
  {
    // scheme://user:password@host for databases, brokers and caches (postgresql+psycopg2, rediss, amqps, ...).
    ruleId: 'secrets/connection-string',
    keywords: ['://'],
    kind: OWN_KINDS.connectionString,
    pattern:
      /(?<![\w+.-])([a-z][a-z0-9]{1,20}(?:\+[a-z0-9]{1,20}){0,2}):\/\/([^\s:@/"'`<>,;]{0,100}):([^\s@/"'`<>]{1,200})@[\w[\]-]/gi,
    group: 3,
    generic: true,
    accept: (password, _line, match) => !isPlaceholderPassword(password, match[2] ?? ''),
  },
  {
    // Go's MySQL driver DSN: user:password@tcp(host:3306)/db.
    ruleId: 'secrets/connection-string',
    keywords: ['@tcp(', '@unix('],
    kind: OWN_KINDS.connectionString,
    pattern: /["'`]([^"'`\s:@/]{1,100}):([^"'`\s@]{1,200})@(?:tcp|unix)\(/g,
    group: 2,
    generic: true,
    accept: (password, _line, match) => !isPlaceholderPassword(password, match[1] ?? ''),
  },
  {
    // An API key or token in an HTTP header written as one string: curl -H "X-Api-Key: ...", 'X-Auth-Token: ...'.
    ruleId: 'secrets/hardcoded-password',
    keywords: ['key:', 'token:', 'secret:'],
    kind: OWN_KINDS.password,
    pattern:
      /["'](?:X-)?((?:[A-Za-z]{1,20}-){0,3}(?:Api-?Key|Auth-?Token|Access-?Token|Token|Secret|Key)):\s{0,3}([A-Za-z0-9._~+/=-]{16,300})["']/gi,
    group: 2,
    generic: true,
    accept: (secret, _line, match) =>
      credentialName(match[1] ?? '') !== undefined &&
      /[0-9]/.test(secret) &&
      /[A-Za-z]/.test(secret) &&
      randomToken(0.7)(secret),
  },
  {
    // Oracle's user/password@service (sqlplus, connect strings).
    ruleId: 'secrets/connection-string',
    keywords: ['sqlplus'],
    kind: OWN_KINDS.connectionString,
    pattern: /\bsqlplus\s{1,5}(?:-s\s{1,5})?["']?[\w$#]{1,60}\/([^\s@"'$`/]{4,200})@/gi,
    group: 1,
    generic: true,
    accept: (password) => !isPlaceholderPassword(password),
  },
  {
    // An Azure shared access signature: ...?sv=2022-11-02&ss=b&...&sig=<base64>.
    ruleId: 'secrets/azure',
    keywords: ['sig='],
    kind: OWN_KINDS.azureSas,
    pattern: /[?&;]sig=([A-Za-z0-9%+/=]{40,200})/g,
    group: 1,
    generic: false,
    accept: (signature, line) =>
      /[?&;]sv=\d{4}-/.test(line) && !isFakeSecret(signature, longestRun(decodeSafe(signature))),
  },
  {
    // jdbc:postgresql://db/app?user=app&password=..., and any URL's password parameter.
    ruleId: 'secrets/connection-string',
    keywords: ['password=', 'passwd=', 'pwd='],
    kind: OWN_KINDS.connectionString,
    pattern: /[?&;](?:password|passwd|pwd)=([^&;\s"'`#]{1,200})/gi,
    group: 1,
    generic: true,
    accept: (password, line) => /:\/\/|jdbc:/i.test(line) && !isPlaceholderPassword(password),
  },
  {
    // Key=value connection strings: libpq (host=... password=...), ODBC (PWD=...;), SQL Server
    // (Server=...;User Id=...;Password=...;). A keyword argument list (f(host=h, password=p)) is not one.
    ruleId: 'secrets/connection-string',
    keywords: ['password', 'pwd'],
    kind: OWN_KINDS.connectionString,
    pattern:
      /(?:^|[;"'`{]|[^\s,(]\s{1,5})(?:password|pwd)\s{0,3}=\s{0,3}(\{[^}\n]{1,200}\}|[^;"'`\s{}]{1,200})/gi,
    group: 1,
    generic: true,
    accept: (password, line) =>
      DSN_PEER_KEY.test(line) && !isPlaceholderPassword(password.replace(/^\{|\}$/g, '')),
  },
];
