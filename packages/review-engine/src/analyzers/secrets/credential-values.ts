import { isFakeSecret, MAX_VALUE_CHARS, randomness } from './values';

/**
 * Names that hold a credential: they END with a credential word (`password`, `DB_PASSWORD`,
 * `clientSecret`, `api_key`, `SECRET_KEY`, `authToken`, `secret_key_base`), so `passwordField`,
 * `secretName` and `password_confirmation` are not among them.
 */
const PASSWORD_NAME = /(?:pass(?:word|wd|phrase)|pwd|(?:^|[_.-])pass|[a-z0-9]Pass)$/;
const PASSWORD_NAME_I = /(?:password|passwd|passphrase|pwd)$/i;
const SECRET_NAME =
  /(?:secret|secret[_-]?key(?:[_-]?base)?|api[_-]?key|apikey|(?:access|auth|api|bearer|refresh|bot|client|private|session|app|master|signing|hmac|jwt|encryption|account|webhook)[_-]?(?:token|secret|key)|private[_-]?key|credentials?|jwt)$/i;
/** In configuration files, where keys are names of settings, `*_TOKEN` and `*_KEY` count too. */
const CONFIG_SECRET_NAME = /^token$|[_.-](?:token|key|salt)$|^_auth$/i;

/**
 * `password`: any non-placeholder of 8+ characters; `secret`: a non-placeholder that is not a run of words;
 * `key`: a name that only sometimes holds a credential (`token`, `*_key`, `*_token`, `*_salt` in code,
 * where `cache_key` and `sort_key` live too) — its value must look generated (looksGenerated).
 */
export type CredentialName = 'password' | 'secret' | 'key' | undefined;

/** Keys that are public by design: browser and publishable keys, Pusher's app key, site keys. */
const PUBLIC_NAME =
  /(?:public|publishable|pub|search(?:[_-]?only)?|site|client[_-]?side|browser)[_-]?(?:api[_-]?)?key$|pusher[_-]?(?:app[_-]?)?key$/i;

/** A password's hash or ciphertext, not the password: hashed_password, encrypted_password, crypted_pass. */
const HASHED_NAME = /(?:hash(?:ed)?|encrypted|crypted|digest|salted)[_-]?pass/i;

/**
 * Variables a front-end build inlines into the JavaScript it ships (Next.js, Vite, Create React App, Expo,
 * Nuxt, SvelteKit, Gatsby, Vue CLI): what they hold is public — analytics and publishable keys — unless
 * the name itself says password or secret, a mistake worth a comment.
 */
const BROWSER_EXPOSED = /^(?:NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|PUBLIC|GATSBY|VUE_APP)_/;
const SAYS_SECRET = /secret|private|pass(?:word|wd)?(?:$|_)|pwd/i;
/**
 * Client-side analytics and feature-flag keys, public by design: Segment's write key, Mixpanel's project
 * token, Amplitude's and PostHog's project API keys, a LaunchDarkly client-side id.
 */
const ANALYTICS_NAME =
  /(?:^|[_.-]|[a-z])(?:segment|mixpanel|amplitude|posthog|heap|hotjar|fullstory|rudderstack|plausible|umami|pendo|clarity|launchdarkly[_-]?client|ld[_-]?client)[\w.-]{0,30}$|^write[_-]?key$|[a-z0-9_.-]write[_-]?key$|writeKey$/i;
const NOT_ANALYTICS_PUBLIC = /personal|secret|private|admin|management|server/i;

/** A name whose value is public by design, or a hash of a password rather than the password. */
function notACredentialName(name: string): boolean {
  return (
    PUBLIC_NAME.test(name) ||
    HASHED_NAME.test(name) ||
    (BROWSER_EXPOSED.test(name) && !SAYS_SECRET.test(name.slice(name.indexOf('_')))) ||
    (ANALYTICS_NAME.test(name) && !NOT_ANALYTICS_PUBLIC.test(name))
  );
}

export function credentialName(name: string, config = false): CredentialName {
  if (notACredentialName(name)) return undefined;
  if (PASSWORD_NAME.test(name) || PASSWORD_NAME_I.test(name)) return 'password';
  if (SECRET_NAME.test(name) || (config && CONFIG_SECRET_NAME.test(name))) return 'secret';
  return undefined;
}

/**
 * Names in code that hold a credential only sometimes: `token`, `influxToken`, `license_key`, `wp_salt`. A
 * bare `key` is not one (React's `key=`, a map's key, Terraform's S3 object key).
 */
const KEY_NAME = /(?:^|[_.-])(?:token|salt)$|[_.-]key$|[a-z0-9](?:Token|Key|Salt)$/;
const KEY_NAME_UPPER = /(?:^|[_.-])(?:TOKEN|KEY|SALT)$/;
/** Names of keys that are identifiers, not credentials: a cache key, a primary key, an idempotency key. */
const NOT_A_KEY_NAME =
  /(?:cache|sort|primary|foreign|partition|row|idempotency|dedup(?:e|lication)?|lookup|map|storage|object|s3|i18n|translation|message|react|unique|index|hash|group|routing|shard|event|metric|column|field|query|redis|lock|page|cursor|next|continuation|csrf|xsrf|public|publishable|pub|site|host|ssh[_-]?host)[_-]?(?:key|token)$/i;

/** credentialName, or `key` for a name that holds a credential only when its value looks generated. */
export function codeCredentialName(name: string): CredentialName {
  if (notACredentialName(name)) return undefined;
  const strong = credentialName(name);
  if (strong) return strong;
  return (KEY_NAME.test(name) || KEY_NAME_UPPER.test(name)) && !NOT_A_KEY_NAME.test(name) ? 'key' : undefined;
}

const MIN_LENGTH = 8;

/** Values that are clearly not a credential: templates, references, validation rules, labels, hashes. */
const NOT_A_CREDENTIAL: RegExp[] = [
  /\$\{|\{\{|%\(|%s|#\{|<%|\$\(|%\{/, // template or interpolation
  /process\.env|os\.environ|getenv|ENV\[|env\(|config\(|settings\.|\.get\(/i, // a reference
  /^\$[A-Z_][A-Z0-9_]*$|^%[A-Z_][\w.]*%$/i, // $VAR, %VAR%, a Symfony parameter %kernel.secret%
  // encrypted or a secret reference: Jasypt ENC(), SOPS ENC[...], Spring Cloud Config {cipher}, Vault, AWS SSM
  // and Secrets Manager, helm-secrets/vals ref+, Azure Key Vault, YAML tags and anchors, 1Password,
  // Grafana $__file{} / $__env{} / $__vault{}, Symfony %env()%, PowerShell $env:, GCP Secret Manager paths
  /^(?:ENC\(|ENC\[|\{cipher\}|vault:|ssm:|secretsmanager:|arn:|ref\+|@Microsoft\.KeyVault|!|[&*][\w-]+$|sm:\/\/|op:\/\/|gcp:|\$__(?:file|env|vault)\{|%env\(|\$env:|projects\/[\w-]{1,100}\/secrets\/)/i,
  /^<.*>$|^\[.*\]$|^\{.*\}$|^\(.*\)$/, // <your-password>, [secret], {placeholder}, YAML/JSON flow values
  /\*{3,}|\.{3,}|_{3,}|-{3,}|#{3,}|…/, // masks
  /^[A-Z][A-Z0-9_]*$/, // the NAME of an env var or a constant
  /^(?:\/|\.\/|\.\.\/|~\/|[A-Za-z]:\\|file:|@\/)|:\/\//, // a path or a URL (connection strings are their own rule)
  // a relative path to a key or secret file: secrets/db-password.txt, config/master.key, certs/tls.pem
  /^[\w.-]{0,100}(?:\/[\w.-]{1,100}){0,20}\.(?:pem|key|crt|cer|der|p12|pfx|jks|keystore|json|txt|ya?ml|env|asc|gpg|conf|properties)$/i,
  /^sha(?:1|256|384|512)[-:]/i, // a subresource-integrity or content hash: sha512-..., sha256:...
  // publishable by design: Stripe's pk_live_/pk_test_, Mapbox's public pk. tokens, PostHog's project key phc_
  /^(?:pk_(?:live|test)_|pk\.eyJ|phc_)/,
  /\s/, // prose, such as a label or an error message
  // validation rules: 'required|string|min:12', 'min:8', 'nullable'
  /^(?:required|nullable|sometimes|bail|confirmed|present|filled|string)\b|\|(?:required|string|min|max|confirmed|regex|nullable|between)\b|^(?:min|max|between|size|regex):/i,
  /^\p{Lu}?\p{Ll}+[:.?!]?$/u, // a label: "Password", "Passwort", "Contraseña", "password:"
  // a password hash, not a password: bcrypt, argon2, sha-crypt, PBKDF2, {SSHA}...
  /^\$(?:2[abxy]?|argon2(?:id|i|d)|[1-6]|apr1|md5|sha1|pbkdf2[\w-]*|scrypt|y|gy|7)\$|^\{(?:SHA\d*|SSHA\d*|bcrypt|MD5|SMD5|CRYPT|argon2|pbkdf2[\w-]*)\}/i,
  /^_{0,2}[A-Z][a-z]+(?:[A-Z][a-z]+)+$/, // a class name: a type annotation such as private_key: "RSAPrivateKey"
  /^[a-z]+(?:[A-Z][a-z]+)+$/, // a camelCase identifier: 'allPass': 'overEvery'
  /^(?:true|false|yes|no|on|off|null|nil|none|undefined|\d+)$/i,
  /^[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,10}\.[a-z]{2,24}(?:\/[\w.-]{0,100}){0,10}$/, // a host name or domain path: aws.amazon.com/neuron
];

const IDENTIFIER = /^[@A-Za-z_][\w.@/:-]*$/;
const CREDENTIAL_WORD = /pass(?:word)?|secret|token|key|pwd|credential/i;

/** Word-like identifiers ("db-credentials-prod", "session_store") are names, not random secrets. */
const WORDS_ONLY = /^[A-Za-z]+(?:[-_.][A-Za-z]+)*$/;

const UUID_VALUE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A git commit or content digest: 40 (SHA-1) or 64 (SHA-256) hex digits, and MD5's 32 in lower case. */
const DIGEST_VALUE = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/;
/** A base64 data URL or image payload (PNG, JPEG, GIF, WebP headers in base64). */
const DATA_VALUE = /^(?:data:|iVBORw0KGgo|\/9j\/|R0lGOD|UklGR)/;

/** The longest run of letters and digits: where a generated value's randomness is. */
function longestAlphanumeric(value: string): string {
  let best = '';
  for (const run of value.matchAll(/[A-Za-z0-9]+/g)) if (run[0].length > best.length) best = run[0];
  return best;
}

/**
 * A value that looks machine-generated: at least 20 printable characters without blanks, holding a run of
 * 16+ letters and digits that mixes both and is close to the entropy of a random string of its alphabet —
 * so a path or a name made of words (`platform/prod.tfstate`, `orders-v2.cache`) is not one. UUIDs, commit
 * SHAs and digests (ids, not credentials, under a weak name) and base64 images are not counted.
 */
export function looksGenerated(value: string): boolean {
  if (value.length < 20 || value.length > MAX_VALUE_CHARS) return false;
  if (UUID_VALUE.test(value) || DIGEST_VALUE.test(value) || DATA_VALUE.test(value)) return false;
  if (!/^[\x21-\x7e]+$/.test(value) || isFakeSecret(value)) return false;
  const run = longestAlphanumeric(value);
  if (run.length < 16 || !/[A-Za-z]/.test(run) || !/[0-9]/.test(run)) return false;
  return randomness(run) >= 0.75;
}

/**
 * A JWT whose claims say it is meant for browsers: Supabase's `anon` key (role "anon"). Its sibling, the
 * `service_role` key, is a secret.
 */
export function isPublicJwt(value: string): boolean {
  if (!value.startsWith('eyJ')) return false;
  const payload = value.split('.', 3)[1];
  if (!payload || payload.length > 2_000) return false;
  const claims = Buffer.from(payload, 'base64url').toString('utf8');
  return /"role"\s{0,3}:\s{0,3}"anon"/.test(claims);
}

/**
 * Whether a literal assigned to a credential name is plausibly a real credential. A password may be
 * any non-placeholder of 8+ characters; a secret, key or token must also look generated (letters mixed
 * with digits or symbols, not a run of words).
 */
export function isCredentialLiteral(rawValue: string, name: CredentialName): boolean {
  const value = rawValue.slice(0, MAX_VALUE_CHARS);
  if (value.length < MIN_LENGTH || name === undefined) return false;
  if (NOT_A_CREDENTIAL.some((pattern) => pattern.test(value))) return false;
  // a field, variable or setting name rather than its value: user_password, new-password, secret-2-levels
  // (a generated token may spell "key" or "pwd" by chance: it is not a name)
  if (IDENTIFIER.test(value) && CREDENTIAL_WORD.test(value) && !looksGenerated(value)) return false;
  if (isFakeSecret(value)) return false;
  if (isPublicJwt(value)) return false;
  if (name === 'key') return looksGenerated(value);
  if (name === 'secret') {
    if (WORDS_ONLY.test(value)) return false;
    if (value.length >= 24 && randomness(value) < 0.5) return false;
  }
  return true;
}
