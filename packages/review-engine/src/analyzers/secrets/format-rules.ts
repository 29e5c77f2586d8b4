import { OWN_KINDS, type SecretKind } from '../secret-kinds';
import { isFakeSecret, randomness, tokenBody } from './values';

/**
 * The project's own rules for secrets with a recognisable format that secretlint's published rules do
 * not cover (docs/analyzers.md, "Rule sets"). Each is a linear regex over one added line: no nested
 * quantifiers, every repetition bounded, lookarounds of one character class.
 */
export interface FormatRule {
  /** The finding's ruleId; the same as secretlint's where both cover a provider, so duplicates collapse. */
  ruleId: string;
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

const randomToken = (minRandomness: number) => (secret: string) =>
  !isFakeSecret(secret, tokenBody(secret)) && randomness(tokenBody(secret)) >= minRandomness;

/** Passwords that stand for "put yours here" in connection strings, or are a service's documented default. */
const PLACEHOLDER_PASSWORD =
  /^(?:[$%]\{?[\w.-]*\}?|\{[\w.-]*\}|:[\w.-]+|\*+|x+|\.+|<.*>|\[.*\]|%s|%\(\w+\)s|\$\d+|pass(?:word|wd)?\d{0,3}|pwd|secret|changeme|change_me|mypassword|my_password|yourpassword|your_password|dbpassword|db_password|postgres|root|admin|guest|test|user)$/i;

export function isPlaceholderPassword(password: string, user = ''): boolean {
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // a stray "%" is not an encoding: keep the raw text
  }
  if (decoded.length < 4) return true;
  if (user && decoded.toLowerCase() === user.toLowerCase()) return true; // postgres:postgres, guest:guest
  if (PLACEHOLDER_PASSWORD.test(decoded)) return true;
  return isFakeSecret(decoded);
}

const DSN_PEER_KEY =
  /(?:^|[\s;"'`{])(?:host|hostaddr|server|data source|address|addr|dbname|database|initial catalog|user|user id|uid|username|port|sslmode|driver|dsn|protocol)\s*=/i;

export const FORMAT_RULES: readonly FormatRule[] = [
  {
    // SendGrid: SG.<22>.<43>, both parts base64url, so "-" and "_" anywhere (secretlint's rule takes one "-").
    ruleId: 'secrets/sendgrid',
    kind: OWN_KINDS.sendgrid,
    pattern: /(?<![\w-])SG\.[\w-]{16,32}\.[\w-]{30,64}(?![\w-])/g,
    group: 0,
    accept: (secret) => !isFakeSecret(secret, secret.slice(3)) && randomness(secret.slice(3)) >= 0.7,
  },
  {
    // PyPI API tokens are macaroons: "pypi-" + base64 of a header naming pypi.org or test.pypi.org.
    ruleId: 'secrets/pypi',
    kind: OWN_KINDS.pypi,
    pattern: /(?<![\w-])pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{40,1000}/g,
    group: 0,
    accept: (secret) => !isFakeSecret(secret, secret.slice(24)),
  },
  {
    // HubSpot private-app tokens: pat-<region><n>-<uuid>.
    ruleId: 'secrets/hubspot',
    kind: OWN_KINDS.hubspot,
    pattern: new RegExp(`(?<![\\w-])pat-(?:na|eu|ap)[0-9]{1,2}-${UUID}(?![\\w-])`, 'g'),
    group: 0,
    accept: (secret) => !isFakeSecret(secret, secret.slice(secret.indexOf('-', 4) + 1).replace(/-/g, '')),
  },
  {
    // HubSpot's legacy API keys are bare UUIDs: only next to a HubSpot name or the hapikey parameter.
    ruleId: 'secrets/hubspot',
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
    kind: OWN_KINDS.azureClientSecret,
    pattern: /(?<![\w~.-])[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![\w~.-])/g,
    group: 0,
    accept: (secret) => !isFakeSecret(secret, secret.slice(6)) && randomness(secret.slice(6)) >= 0.75,
  },
  {
    // Azure Storage connection strings and keys: AccountKey=<88 base64>.
    ruleId: 'secrets/azure',
    kind: OWN_KINDS.azureStorageKey,
    pattern: /AccountKey\s{0,3}=\s{0,3}([A-Za-z0-9+/]{40,100}={0,2})/gi,
    group: 1,
    accept: randomToken(0.7),
  },
  {
    // Service Bus, Event Hubs, IoT Hub: SharedAccessKey=<44 base64>.
    ruleId: 'secrets/azure',
    kind: OWN_KINDS.azureSharedAccessKey,
    pattern: /SharedAccessKey\s{0,3}=\s{0,3}([A-Za-z0-9+/]{30,100}={0,2})/gi,
    group: 1,
    accept: randomToken(0.7),
  },
  {
    // "Authorization": "Bearer eyJ...", -H 'Authorization: Bearer eyJ...', setHeader("Authorization", "Bearer eyJ...").
    ruleId: 'secrets/jwt',
    kind: OWN_KINDS.jwt,
    pattern:
      /authorization["'`\]]{0,2}\s{0,5}(?::|=>|=|,)?\s{0,5}f?["'`]?\s{0,5}bearer\s{1,5}(eyJ[\w-]{8,2000}\.eyJ[\w-]{8,4000}\.[\w-]{16,1000})/gi,
    group: 1,
    generic: true,
    accept: (secret) => !isFakeSecret(secret, secret.slice(secret.lastIndexOf('.') + 1)),
  },
  {
    // scheme://user:password@host for databases, brokers and caches (postgresql+psycopg2, rediss, amqps, ...).
    ruleId: 'secrets/connection-string',
    kind: OWN_KINDS.connectionString,
    pattern:
      /(?<![\w+.-])([a-z][a-z0-9]{1,20}(?:\+[a-z0-9]{1,20}){0,2}):\/\/([^\s:@/"'`<>,;]{0,100}):([^\s@/"'`<>]{1,200})@[\w[\]-]/gi,
    group: 3,
    generic: true,
    accept: (password, _line, match) => !isPlaceholderPassword(password, match[2] ?? ''),
  },
  {
    // jdbc:postgresql://db/app?user=app&password=..., and any URL's password parameter.
    ruleId: 'secrets/connection-string',
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
    kind: OWN_KINDS.connectionString,
    pattern:
      /(?:^|[;"'`{]|[^\s,(]\s{1,5})(?:password|pwd)\s{0,3}=\s{0,3}(\{[^}\n]{1,200}\}|[^;"'`\s{}]{1,200})/gi,
    group: 1,
    generic: true,
    accept: (password, line) =>
      DSN_PEER_KEY.test(line) && !isPlaceholderPassword(password.replace(/^\{|\}$/g, '')),
  },
];
