import { languageOf } from '../file-kind';
import type { Finding, ParsedFile, ReviewSettings } from '../types';
import type { Analyzer } from './analyzer';
import { OWN_KINDS, remediation } from './secret-kinds';
import { isExampleContext, secretContext, type SecretContext } from './secrets/context';
import { docTextLines } from './secrets/doc-text';
import { isFakeSecret } from './secrets/values';
import { isPublicGoogleKeyFile } from './secrets/format-analyzer';
import {
  codeCredentialName,
  credentialName,
  isCredentialLiteral,
  type CredentialName,
} from './secrets/credential-values';

/** Longer lines (minified code, data) are skipped. Every pattern below is linear in the line's length. */
const MAX_LINE_CHARS = 2_000;
const MAX_FINDINGS_PER_FILE = 20;

/** A quoted literal of at most 500 characters, in double, single or back quotes (groups 1-3). */
const QUOTED = String.raw`(?:"([^"\n]{0,500})"|'([^'\n]{0,500})'|` + '`([^`\\n]{0,500})`)';

/**
 * `<name> <op> [wrapper]"<literal>"`: the operator is an assignment or a key/value separator and a quoted
 * literal follows it at once (so `password === "..."` does not match), optionally wrapped in a byte-string
 * constructor: Go `[]byte("...")`, Node `Buffer.from("...")`, Python `b"..."`, C# `@"..."`.
 */
const ASSIGNMENT = new RegExp(
  String.raw`(?<![\w$.-])["':]?([\w$.-]{1,100})["'\]]{0,2}(?:\??:\s{0,3}&?'?[\w.<>\[\] ]{1,40}(?==)|\s{1,3}(?:string|String|str|\[\]byte)(?=\s{0,3}=))?\s{0,40}(?::=|=>|<-|=|:)\s{0,40}\\?(?:\[\]byte\(|Buffer\.from\(|(?:new\s{1,3})?String\(|[bBrRuU]{1,2}(?=["'])|@(?="))?` +
    QUOTED,
  'g',
);
/**
 * Files whose values are ciphertext by design, safe to commit: a Bitnami SealedSecret manifest, a file
 * encrypted with SOPS (its `sops:` metadata block). Their base64 blobs look random and sit under names
 * such as `admin-password`.
 */
const ENCRYPTED_FILE = /^kind:\s{0,5}SealedSecret\b|^sops:\s{0,5}$|"sops":\s{0,5}\{/;
/** In a Firebase configuration, a Google API key is the app's public client key, whatever its name. */
const GOOGLE_BROWSER_KEY = /(?<![\w-])AIza[\w-]{35}(?![\w-])/;

/** Every credential name contains one of these: a line without any is not read further. */
const CREDENTIAL_HINT = /pass|pwd|secret|key|token|credential|salt|auth|login|jwt|connect|pdo|mysqli/i;

/** Terraform/HCL: `variable "db_password" {` ... `default = "..."`. */
const HCL_VARIABLE = /^\s{0,10}variable\s{1,5}"([\w-]{1,100})"/;
const HCL_DEFAULT = new RegExp(String.raw`^\s{1,20}default\s{0,5}=\s{0,5}` + QUOTED);
/** C/C++ `#define API_KEY "..."`. */
const C_DEFINE = new RegExp(String.raw`^\s{0,10}#\s{0,3}define\s{1,5}(\w{1,100})\s{1,5}` + QUOTED);
/** XML: `<password>...</password>`, `<property name="db.password" value="..."/>`, `<add key="ApiKey" value="..."/>`. */
const XML_ELEMENT = /<([\w.:-]{1,100})>([^<\n]{1,500})<\/\1>/g;
const XML_NAME_VALUE =
  /\b(?:name|key)\s{0,3}=\s{0,3}"([\w.:-]{1,100})"\s{1,5}value\s{0,3}=\s{0,3}"([^"\n]{0,500})"/g;
/** A setter or builder: `ds.setPassword("...")`, `client.SetApiKey("...")`, `builder.password("...")`. */
const SETTER = new RegExp(
  String.raw`\.((?:[sS]et|[wW]ith)?_?(?:[A-Z]\w{0,60}|[a-z]\w{0,60}))\(\s{0,3}` +
    QUOTED +
    String.raw`\s{0,3}\)`,
  'g',
);
/**
 * A user name and a password passed together: `new NetworkCredential("svc", "...")`, `SetBasicAuth`,
 * `HTTPBasicAuth`, `UsernamePasswordCredentials`, `smtp.login("user", "...")`, Python `auth=("user", "...")`.
 */
const CREDENTIAL_PAIR = new RegExp(
  String.raw`(?:NetworkCredential|UsernamePasswordCredentials|PasswordAuthentication|PasswordCredential|BasicAuth|DigestAuth|SetBasicAuth|basic_auth|\.login|\bauth\s{0,3}=\s{0,3})\(\s{0,3}["'][^"'\n]{1,100}["']\s{0,3},\s{0,3}(?:Some\()?` +
    QUOTED,
  'g',
);
/**
 * A database login passed positionally: JDBC `DriverManager.getConnection(url, "user", "...")`, PHP
 * `new PDO($dsn, 'user', '...')`, and `mysqli_connect('host', 'user', '...')` / `new mysqli(...)`.
 */
const DB_LOGIN_CALL = new RegExp(
  String.raw`(?:(?:DriverManager\.getConnection|new\s{1,3}PDO)\(\s{0,3}[^,()
]{1,300}|(?:mysqli_connect|new\s{1,3}mysqli|mysql_connect)\(\s{0,3}["'][^"'
]{1,200}["'])\s{0,3},\s{0,3}["'][^"'
]{1,100}["']\s{0,3},\s{0,3}` + QUOTED,
  'g',
);
/** A name and a literal passed together: `props.put("mail.smtp.password", "...")`, `config.set("api_key", "...")`. */
const NAME_VALUE_CALL = new RegExp(
  String.raw`\(\s{0,3}["']([\w.-]{1,100})["']\s{0,3},\s{0,3}` + QUOTED + String.raw`\s{0,3}\)`,
  'g',
);
/** PowerShell: `ConvertTo-SecureString "..." -AsPlainText`. */
const SECURE_STRING = new RegExp(
  String.raw`ConvertTo-SecureString\s{1,5}(?:-String\s{1,5})?` + QUOTED + String.raw`\s{1,5}-AsPlainText`,
  'gi',
);
/** PHP `define('DB_PASSWORD', '...')`. */
const DEFINE = new RegExp(String.raw`\bdefine\(\s{0,5}["']([\w]{1,100})["']\s{0,5},\s{0,40}` + QUOTED, 'gi');
/** A default in an environment lookup: PHP/Laravel `env('APP_KEY', '...')`, `os.getenv("X", "...")`, `ENV.fetch`. */
const ENV_DEFAULT = new RegExp(
  String.raw`(?<![\w$])(?:env|getenv|environ\.get|ENV\.fetch|Deno\.env\.get)\(\s{0,5}["']([\w.]{1,100})["']\s{0,5},\s{0,5}` +
    QUOTED,
  'g',
);
/** A default in an interpolation: Spring `${db.password:...}`, shell and compose `${DB_PASSWORD:-...}`. */
const INTERPOLATION_DEFAULT = /\$\{([\w.-]{1,100}):-?([^}\s"'`$]{1,200})\}/g;
/**
 * `NAME=value` given to a command: `docker run -e DB_PASSWORD=...`, `--env`, `--build-arg NPM_TOKEN=...`,
 * Helm `--set auth.password=...`, `kubectl create secret --from-literal=password=...`, Terraform
 * `-var 'db_password=...'`, `gcloud run deploy --set-env-vars API_KEY=...`.
 */
const COMMAND_ASSIGNMENT =
  /(?:\s-e|--env|--build-arg|--set(?:-string)?|--from-literal|\s-var|--var|--set-env-vars|--update-env-vars)[= ]\s{0,3}["']?([\w.-]{1,100})=([^\s"'`;|&,]{1,300})/g;
/** Android Gradle: `buildConfigField "String", "API_KEY", "\"...\""`, `resValue "string", "maps_key", "..."`. */
const GRADLE_FIELD =
  /\b(?:buildConfigField|resValue)\s{0,3}\(?\s{0,3}["'](?:String|string)["']\s{0,3},\s{0,3}["']([\w.]{1,100})["']\s{0,3},\s{0,3}["'](?:\\")?([^"'\\\n]{1,300})(?:\\")?["']/g;
/** A property list's `<key>APIKey</key><string>...</string>` (the `<string>` may be on the next line). */
const PLIST_KEY =
  /^\s{0,40}<key>([\w.-]{1,100})<\/key>\s{0,10}(?:<string>([^<\n]{0,500})<\/string>)?\s{0,10}$/;
const PLIST_STRING = /^\s{0,40}<string>([^<\n]{0,500})<\/string>\s{0,10}$/;
/** A YAML block scalar: `private_token: |` / `password: >-`, its value on the next lines. */
const YAML_BLOCK = /^\s{0,40}(?:-\s{1,5})?["']?([\w.$-]{1,100})["']?:\s{1,5}[|>][+-]?\d?\s{0,10}$/;
const YAML_BLOCK_LINE = /^\s{1,60}(\S{1,500})\s{0,10}$/;
/** Every `name=value` of a line in ini-like files: an Ansible inventory's `web1 ansible_host=... ansible_password=...`. */
const INLINE_PAIR = /(?:^|\s)([\w.-]{1,100})=([^\s"'`;|&,]{1,300})/g;
/** `.netrc`: `machine HOST login USER password PASSWORD` (or `password` on a line of its own). */
const NETRC_PASSWORD = /(?:^|\s)password\s{1,10}(\S{1,300})/;
/** `.pgpass`: `host:port:database:user:password`. */
const PGPASS_LINE = /^[^:\s#]{1,200}:[^:\s]{1,10}:[^:\s]{1,200}:[^:\s]{1,200}:(\S{1,300})$/;
/** Rails' master key and per-environment credential keys: the one line is the key (32 hex digits). */
const RAILS_KEY_FILE = /(?:^|\/)config\/(?:master\.key|credentials\/[\w-]{1,60}\.key)$/;
const RAILS_KEY = /^\s{0,5}[0-9a-f]{32}\s{0,5}$/;
/**
 * An environment entry written as a name and a value: Kubernetes `- name: DB_PASSWORD` / `value: "..."`,
 * ECS and Cloud Run `{"name": "DB_PASSWORD", "value": "..."}` (on one line or several).
 */
const ENTRY_NAME_LINE =
  /^\s{0,60}(?:-\s{1,5}|\{\s{0,5})?["']?name["']?\s{0,3}:\s{0,3}["']?([\w.-]{1,100})["']?\s{0,3},?\s{0,5}$/;
const ENTRY_VALUE_LINE =
  /^\s{0,60}["']?value["']?\s{0,3}:\s{0,3}(?:"([^"\n]{0,500})"|'([^'\n]{0,500})'|([^\s"'#,}][^\n]{0,499}?))\s{0,3}[,}]?\s{0,5}$/;
const ENTRY_ONE_LINE = new RegExp(
  String.raw`["']?name["']?\s{0,3}:\s{0,3}["']([\w.-]{1,100})["']\s{0,3},\s{0,3}["']?value["']?\s{0,3}:\s{0,3}` +
    QUOTED,
  'g',
);
/** How many lines after `name:` its `value:` may come (a `valueFrom`, a comment between). */
const ENTRY_VALUE_WITHIN = 3;
/** Clojure and EDN: `{:api-key "..."}`, `:db/password "..."` (a keyword, then its value), `(def api-key "...")`. */
const EDN_ENTRY = new RegExp(String.raw`(?<![\w:-])(?::|\(def\s{1,5})([\w./-]{1,100})\s{1,20}` + QUOTED, 'g');
const EDN_FILE = /\.(?:clj|cljs|cljc|edn)$/i;
/** Files whose lines are credentials by format, whatever their names say. */
const NETRC_FILE = /(?:^|\/)[._]?netrc$/;
const PGPASS_FILE = /(?:^|\/)\.?pgpass(?:\.conf)?$/;
const INVENTORY_FILE = /(?:^|\/)(?:inventory|inventories|hosts)(?:\/|\.ini$|$)/;
/** `process.env.X || "..."`, `process.env.X ?? "..."`. */
const ENV_FALLBACK = new RegExp(
  String.raw`process\.env\.(\w{1,100})\s{0,3}(?:\|\||\?\?)\s{0,3}` + QUOTED,
  'g',
);
/** PHP constants named *_KEY / *_SALT (WordPress AUTH_KEY, Laravel APP_KEY) are secrets too. */
const CONSTANT_SECRET = /(?:PASSWORD|PASSWD|PASS|PWD|SECRET|KEY|TOKEN|SALT)$/;

/** `key: value` (YAML), `key=value` (.properties, .env, ini), `- KEY=value` (compose lists), `export KEY=value`. */
const CONFIG_ENTRY =
  /^\s{0,40}(?:-\s{1,5})?(?:(?:export|ENV|ARG|set|setx)\s{1,5})?(?:\/\/[^\s=]{0,200}:)?["']?([\w.$-]{1,100})["']?[ \t]{0,40}([:=])([ \t]{0,40})(.{0,500})$/;

function configValue(raw: string, format: SecretContext['config']): string {
  let value = raw.trim();
  const quoted = /^(["'])(.*)\1$/.exec(value);
  if (quoted) return quoted[2] ?? '';
  // TOML, ini: a quoted value followed by a comment (token = "..." # comment)
  const quotedThenComment = /^"([^"]{0,500})"\s{1,20}[#;]|^'([^']{0,500})'\s{1,20}[#;]/.exec(value);
  if (quotedThenComment) return quotedThenComment[1] ?? quotedThenComment[2] ?? '';
  if (format === 'env') {
    // Shell semantics: a quoted word, or an unquoted one up to the first blank (PGPASSWORD=x psql ...).
    const word = /^"([^"]{0,500})"|^'([^']{0,500})'|^[^\s"']{0,500}/.exec(value);
    return word?.[1] ?? word?.[2] ?? word?.[0] ?? '';
  }
  if (format !== 'properties') value = value.replace(/\s+[#;].*$/, ''); // a trailing comment
  return value.trim();
}

interface Hit {
  name: string;
}

/** The quoted literal's text; a trailing backslash is the escape of a closing quote (`\"...\"` in JSON strings). */
function literal(match: RegExpMatchArray, first: number): string {
  return (match[first] ?? match[first + 1] ?? match[first + 2] ?? '').replace(/\\$/, '');
}

function codeHit(content: string): Hit | undefined {
  for (const match of content.matchAll(ASSIGNMENT)) {
    const name = match[1] ?? '';
    if (isCredentialLiteral(literal(match, 2), codeCredentialName(name))) return { name };
  }
  for (const match of content.matchAll(DEFINE)) {
    const name = match[1] ?? '';
    const kind: CredentialName = CONSTANT_SECRET.test(name) ? 'secret' : undefined;
    if (isCredentialLiteral(literal(match, 2), credentialName(name) ?? kind)) return { name };
  }
  for (const match of content.matchAll(SETTER)) {
    const name = match[1] ?? '';
    if (isCredentialLiteral(literal(match, 2), credentialName(name))) return { name };
  }
  for (const match of content.matchAll(CREDENTIAL_PAIR)) {
    if (isCredentialLiteral(literal(match, 1), 'password')) return { name: 'password' };
  }
  for (const match of content.includes('value') ? content.matchAll(ENTRY_ONE_LINE) : []) {
    const name = match[1] ?? '';
    if (isCredentialLiteral(literal(match, 2), credentialName(name, true))) return { name };
  }
  for (const match of content.matchAll(DB_LOGIN_CALL)) {
    if (isCredentialLiteral(literal(match, 1), 'password')) return { name: 'password' };
  }
  for (const match of content.matchAll(NAME_VALUE_CALL)) {
    const name = match[1] ?? '';
    if (isCredentialLiteral(literal(match, 2), credentialName(name, true))) return { name };
  }
  for (const match of content.matchAll(SECURE_STRING)) {
    if (isCredentialLiteral(literal(match, 1), 'password')) return { name: 'ConvertTo-SecureString' };
  }
  const cDefine = C_DEFINE.exec(content);
  if (cDefine && isCredentialLiteral(literal(cDefine, 2), credentialName(cDefine[1] ?? '')))
    return { name: cDefine[1] ?? '' };
  for (const pattern of [XML_ELEMENT, XML_NAME_VALUE]) {
    for (const match of content.matchAll(pattern)) {
      const name = match[1] ?? '';
      if (isCredentialLiteral(match[2] ?? '', credentialName(name, true))) return { name };
    }
  }
  for (const match of content.matchAll(INTERPOLATION_DEFAULT)) {
    const name = match[1] ?? '';
    if (isCredentialLiteral(match[2] ?? '', credentialName(name, true))) return { name };
  }
  for (const match of content.includes(' -') ? content.matchAll(COMMAND_ASSIGNMENT) : []) {
    const name = match[1] ?? '';
    const value = (match[2] ?? '').replace(/\\$/, '');
    if (isCredentialLiteral(value, credentialName(name, true))) return { name };
  }
  const gradle = content.includes('buildConfigField') || content.includes('resValue');
  for (const match of gradle ? content.matchAll(GRADLE_FIELD) : []) {
    const name = match[1] ?? '';
    if (isCredentialLiteral(match[2] ?? '', credentialName(name, true))) return { name };
  }
  for (const pattern of [ENV_DEFAULT, ENV_FALLBACK]) {
    for (const match of content.matchAll(pattern)) {
      const name = match[1] ?? '';
      const kind: CredentialName = CONSTANT_SECRET.test(name) ? 'secret' : undefined;
      if (isCredentialLiteral(literal(match, 2), credentialName(name, true) ?? kind)) return { name };
    }
  }
  return undefined;
}

/** Every `name=value` pair of the line, for ini-like files (an inventory line holds several). */
function ednHit(content: string): Hit | undefined {
  for (const match of content.matchAll(EDN_ENTRY)) {
    const name = match[1] ?? '';
    if (isCredentialLiteral(literal(match, 2), credentialName(name.slice(name.lastIndexOf('/') + 1), true)))
      return { name };
  }
  return undefined;
}

function inlinePairsHit(content: string): Hit | undefined {
  for (const match of content.matchAll(INLINE_PAIR)) {
    const name = match[1] ?? '';
    if (isCredentialLiteral(match[2] ?? '', credentialName(name, true))) return { name };
  }
  return undefined;
}

/** A line of a file whose format says where the password is: `.netrc`, `.pgpass`. */
function credentialFileHit(content: string, netrc: boolean): Hit | undefined {
  const value = (netrc ? NETRC_PASSWORD : PGPASS_LINE).exec(content)?.[1];
  return value !== undefined && isCredentialLiteral(value, 'password') ? { name: 'password' } : undefined;
}

function hclDefaultHit(content: string, variable: string | undefined): Hit | undefined {
  if (!variable) return undefined;
  const match = HCL_DEFAULT.exec(content);
  return match && isCredentialLiteral(literal(match, 1), credentialName(variable))
    ? { name: variable }
    : undefined;
}

/** Make's `NAME := value` (also ?=, +=, !=) and Dockerfile's legacy `ENV NAME value`, as `NAME=value`. */
function normalizeAssignment(content: string): string {
  return content
    .replace(/^(\s{0,10}[\w.-]{1,100})\s{0,5}[:?+!]=/, '$1=')
    .replace(/^(\s{0,10}(?:ENV|ARG)\s{1,5}[\w.-]{1,100})\s{1,5}(?=[^=\s])/, '$1=');
}

function configHit(content: string, format: SecretContext['config']): Hit | undefined {
  const entry = CONFIG_ENTRY.exec(format === 'env' ? normalizeAssignment(content) : content);
  if (!entry) return undefined;
  const [, name = '', separator, space = '', raw = ''] = entry;
  // YAML's mapping needs "key: value" (a space after the colon); "KEY=value" is a compose list item.
  if (format === 'yaml' && separator === ':' && space === '') return undefined;
  if (format === 'env' && separator === ':') return undefined;
  return isCredentialLiteral(configValue(raw, format), credentialName(name, true)) ? { name } : undefined;
}

function finding(file: ParsedFile, line: number, name: string, settings: ReviewSettings): Finding {
  return {
    path: file.path,
    line,
    severity: OWN_KINDS.password.severity,
    category: 'security',
    ruleId: 'secrets/hardcoded-password',
    message:
      `\`${name.slice(0, 60)}\` is set to a hard-coded literal that looks like a credential. ` +
      remediation(OWN_KINDS.password, settings),
  };
}

/**
 * A complement to the format rules for credentials without a recognisable format: a literal of at least
 * 8 characters assigned to something named like a password, secret or API key — in code (quoted, or in
 * `[]byte("...")`, `define()`, `env()` defaults), and unquoted in YAML, .properties, .env and ini files.
 * Tests, documentation, example files and translations are skipped: their passwords are fixtures,
 * examples and labels (docs/analyzers.md, "Context").
 */
export const hardcodedPasswordAnalyzer: Analyzer = {
  name: 'secrets/hardcoded-password',
  isEnabled: (settings) => settings.analyzers.secrets,
  analyze(file: ParsedFile, settings: ReviewSettings): Finding[] {
    const context = secretContext(file);
    if (context.scannerTest || isExampleContext(context)) return [];
    const findings: Finding[] = [];
    const hcl = /\.(?:tf|tfvars|hcl)$/i.test(file.path);
    const language = languageOf(file.path);
    const prose = docTextLines(
      file.addedLines,
      language === 'python',
      !context.config && language !== 'python',
    );
    // A Firebase web config's apiKey is public by design (it identifies the project to Google's servers).
    const firebase = isPublicGoogleKeyFile(file);
    if (
      file.addedLines.some(({ content }) => content.length < MAX_LINE_CHARS && ENCRYPTED_FILE.test(content))
    )
      return [];
    let variable: string | undefined;
    const railsKey = RAILS_KEY_FILE.test(file.path);
    const edn = EDN_FILE.test(file.path);
    const netrc = NETRC_FILE.test(file.path);
    const credentialFile = netrc || PGPASS_FILE.test(file.path);
    const inventory = context.config === 'ini' || INVENTORY_FILE.test(file.path);
    /** A name whose value is on the next line (a plist `<key>`, a YAML block scalar), and where it was. */
    let pending: { name: string; line: number; plist: boolean } | undefined;
    /** The last `name: <credential name>` of an environment entry, whose `value:` follows. */
    let entry: { name: string; line: number } | undefined;
    for (const { line, content } of file.addedLines) {
      if (findings.length >= MAX_FINDINGS_PER_FILE) break;
      if (firebase && GOOGLE_BROWSER_KEY.test(content)) continue;
      if (content.length > MAX_LINE_CHARS || prose.has(line)) continue;
      const carried = pending?.line === line - 1 ? pending : undefined;
      pending = undefined;
      if (carried) {
        const value = (carried.plist ? PLIST_STRING : YAML_BLOCK_LINE).exec(content)?.[1];
        const name = credentialName(carried.name, true);
        if (value !== undefined && isCredentialLiteral(value, name)) {
          findings.push(finding(file, line, carried.name, settings));
          continue;
        }
      }
      if (entry && line - entry.line <= ENTRY_VALUE_WITHIN && content.includes('value')) {
        const value = ENTRY_VALUE_LINE.exec(content);
        if (value) {
          const name = entry.name;
          entry = undefined;
          if (isCredentialLiteral(value[1] ?? value[2] ?? value[3] ?? '', credentialName(name, true))) {
            findings.push(finding(file, line, name, settings));
            continue;
          }
        }
      }
      const entryName = content.includes('name') ? ENTRY_NAME_LINE.exec(content) : null;
      if (entryName?.[1] && credentialName(entryName[1], true)) {
        entry = { name: entryName[1], line };
        continue;
      }
      const plistKey = content.includes('<key>') ? PLIST_KEY.exec(content) : null;
      if (plistKey?.[1]) {
        if (plistKey[2] === undefined) pending = { name: plistKey[1], line, plist: true };
        else if (isCredentialLiteral(plistKey[2], credentialName(plistKey[1], true)))
          findings.push(finding(file, line, plistKey[1], settings));
        continue;
      }
      const block =
        context.config === 'yaml' && (content.includes(': |') || content.includes(': >'))
          ? YAML_BLOCK.exec(content)
          : null;
      if (block?.[1]) {
        pending = { name: block[1], line, plist: false };
        continue;
      }
      if (railsKey) {
        if (RAILS_KEY.test(content) && !isFakeSecret(content.trim()))
          findings.push(finding(file, line, 'Rails master key', settings));
        continue;
      }
      if (credentialFile) {
        const hit = credentialFileHit(content, netrc);
        if (hit) findings.push(finding(file, line, hit.name, settings));
        continue;
      }
      if (hcl) {
        const declared = HCL_VARIABLE.exec(content);
        if (declared) variable = declared[1];
        else if (content.startsWith('}')) variable = undefined;
      }
      const hinted = CREDENTIAL_HINT.test(content);
      const hit =
        (hinted &&
          ((context.config && configHit(content, context.config)) ||
            codeHit(content) ||
            (inventory ? inlinePairsHit(content) : undefined) ||
            (edn ? ednHit(content) : undefined))) ||
        hclDefaultHit(content, variable);
      if (!hit) continue;
      findings.push(finding(file, line, hit.name, settings));
      if (findings.length >= MAX_FINDINGS_PER_FILE) break;
    }
    return findings;
  },
};
