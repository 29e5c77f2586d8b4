import { isFakeSecret, MAX_VALUE_CHARS, randomness } from './values';

/**
 * Names that hold a credential: they END with a credential word (`password`, `DB_PASSWORD`,
 * `clientSecret`, `api_key`, `SECRET_KEY`, `authToken`, `secret_key_base`), so `passwordField`,
 * `secretName` and `password_confirmation` are not among them.
 */
const PASSWORD_NAME = /(?:pass(?:word|wd|phrase)|pwd|(?:^|[_.-])pass|[a-z0-9]Pass)$/;
const PASSWORD_NAME_I = /(?:password|passwd|passphrase|pwd)$/i;
const SECRET_NAME =
  /(?:secret|secret[_-]?key(?:[_-]?base)?|api[_-]?key|apikey|(?:access|auth|api|bearer|refresh|bot|client|private|session|app|master|signing|hmac|jwt|encryption|account|webhook)[_-]?(?:token|secret|key)|private[_-]?key|credentials?)$/i;
/** In configuration files, where keys are names of settings, `*_TOKEN` and `*_KEY` count too. */
const CONFIG_SECRET_NAME = /^token$|[_.-](?:token|key|salt)$|^_auth$/i;

export type CredentialName = 'password' | 'secret' | undefined;

/** Keys that are public by design: browser and publishable keys, Pusher's app key, site keys. */
const PUBLIC_NAME =
  /(?:public|publishable|pub|search[_-]?only|site|client[_-]?side|browser)[_-]?(?:api[_-]?)?key$|pusher[_-]?(?:app[_-]?)?key$/i;

/** A password's hash or ciphertext, not the password: hashed_password, encrypted_password, crypted_pass. */
const HASHED_NAME = /(?:hash(?:ed)?|encrypted|crypted|digest|salted)[_-]?pass/i;

export function credentialName(name: string, config = false): CredentialName {
  if (PUBLIC_NAME.test(name) || HASHED_NAME.test(name)) return undefined;
  if (PASSWORD_NAME.test(name) || PASSWORD_NAME_I.test(name)) return 'password';
  if (SECRET_NAME.test(name) || (config && CONFIG_SECRET_NAME.test(name))) return 'secret';
  return undefined;
}

const MIN_LENGTH = 8;

/** Values that are clearly not a credential: templates, references, validation rules, labels, hashes. */
const NOT_A_CREDENTIAL: RegExp[] = [
  /\$\{|\{\{|%\(|%s|#\{|<%|\$\(|%\{/, // template or interpolation
  /process\.env|os\.environ|getenv|ENV\[|env\(|config\(|settings\.|\.get\(/i, // a reference
  /^\$[A-Z_][A-Z0-9_]*$|^%[A-Z_][A-Z0-9_]*%$/i, // $VAR or %VAR%
  /^(?:ENC\(|\{cipher\}|vault:|ssm:|secretsmanager:|arn:|ref\+|@Microsoft\.KeyVault|!|[&*][\w-]+$|sm:\/\/|op:\/\/)/i, // encrypted or a secret reference
  /^<.*>$|^\[.*\]$|^\{.*\}$|^\(.*\)$/, // <your-password>, [secret], {placeholder}, YAML/JSON flow values
  /\*{3,}|\.{3,}|_{3,}|-{3,}|#{3,}|…/, // masks
  /^[A-Z][A-Z0-9_]*$/, // the NAME of an env var or a constant
  /^(?:\/|\.\/|~\/|[A-Za-z]:\\)|:\/\//, // a path or a URL (connection strings are their own rule)
  /\s/, // prose, such as a label or an error message
  // validation rules: 'required|string|min:12', 'min:8', 'nullable'
  /^(?:required|nullable|sometimes|bail|confirmed|present|filled|string)\b|\|(?:required|string|min|max|confirmed|regex|nullable|between)\b|^(?:min|max|between|size|regex):/i,
  /^\p{Lu}?\p{Ll}+[:.?!]?$/u, // a label: "Password", "Passwort", "Contraseña", "password:"
  // a password hash, not a password: bcrypt, argon2, sha-crypt, PBKDF2, {SSHA}...
  /^\$(?:2[abxy]?|argon2(?:id|i|d)|[1-6]|pbkdf2[\w-]*|scrypt|y|gy)\$|^\{(?:SHA\d*|SSHA\d*|bcrypt|MD5|SMD5|CRYPT|argon2|pbkdf2[\w-]*)\}/i,
  /^_{0,2}[A-Z][a-z]+(?:[A-Z][a-z]+)+$/, // a class name: a type annotation such as private_key: "RSAPrivateKey"
  /^[a-z]+(?:[A-Z][a-z]+)+$/, // a camelCase identifier: 'allPass': 'overEvery'
  /^(?:true|false|yes|no|on|off|null|nil|none|undefined|\d+)$/i,
  /^[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,10}\.[a-z]{2,24}(?:\/[\w.-]{0,100}){0,10}$/, // a host name or domain path: aws.amazon.com/neuron
];

const IDENTIFIER = /^[@A-Za-z_][\w.@/:-]*$/;
const CREDENTIAL_WORD = /pass(?:word)?|secret|token|key|pwd|credential/i;

/** Word-like identifiers ("db-credentials-prod", "session_store") are names, not random secrets. */
const WORDS_ONLY = /^[A-Za-z]+(?:[-_.][A-Za-z]+)*$/;

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
  if (IDENTIFIER.test(value) && CREDENTIAL_WORD.test(value)) return false;
  if (isFakeSecret(value)) return false;
  if (name === 'secret') {
    if (WORDS_ONLY.test(value)) return false;
    if (value.length >= 24 && randomness(value) < 0.5) return false;
  }
  return true;
}
