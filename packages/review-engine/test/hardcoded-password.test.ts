import { hardcodedPasswordAnalyzer } from '../src/analyzers/hardcoded-password';
import { DEFAULT_SETTINGS, parsePatch, type Finding } from '../src';
import { addedFile } from './fixtures';

const lineNumbers = (findings: readonly Finding[]): number[] => findings.map((f) => f.line);

function scan(path: string, lines: string[]): Finding[] {
  return hardcodedPasswordAnalyzer.analyze(parsePatch(addedFile(path, lines)), DEFAULT_SETTINGS) as Finding[];
}

describe('hard-coded password analyzer', () => {
  it('reports literal credentials assigned to password, secret and API key names', () => {
    const lines = [
      'const password = "S3cure!Passw0rd";', // 1
      "DB_PASSWORD = 'pr0d-Db-2024'", // 2
      'const config = { clientSecret: "a9F3kq0ZmPq7" };', // 3
      '"api_key": "k3yV4lu3-9918",', // 4
      'passwd := "letMe1nNow"', // 5
      'SECRET_KEY = "dj4ngo-s3cret-k3y-9a8b"', // 6
      'user.authToken = `tok_98fa7c21`;', // 7
    ];
    const findings = scan('src/settings.ts', lines);
    expect(findings.map((f) => f.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(findings[0]).toEqual({
      path: 'src/settings.ts',
      line: 1,
      severity: 'high',
      category: 'security',
      ruleId: 'secrets/hardcoded-password',
      message: expect.stringContaining('`password`'),
    });
    for (const finding of findings)
      expect(finding.message).not.toMatch(/S3cure|pr0d|a9F3|k3yV|letMe|dj4ngo|tok_/);
  });

  it('skips placeholders, references, short values and prose', () => {
    const lines = [
      'password = "changeme"',
      'password = "${DB_PASSWORD}"',
      'const password = process.env.DB_PASSWORD;',
      'password: "<your-password>"',
      'api_key = "xxxxxxxxxxxx"',
      'secret = ""',
      'password = "short"',
      'const apiKey = "OPENAI_API_KEY";',
      'throw new Error(password = "Password is required");',
      'secret = "{{ vault_secret }}"',
      'password = "********"',
      'secret_path = "/run/secrets/db_password"',
      'api_key = "your-api-key-here"',
    ];
    expect(scan('src/settings.py', lines)).toEqual([]);
  });

  it('skips names that only contain a credential word, and comparisons', () => {
    const lines = [
      'const passwordField = "password-input-field";',
      'secretName: "db-credentials-prod"',
      'if (password === "S3cure!Passw0rd") {}',
      'if password == "S3cure!Passw0rd":',
      'const passwordHash = "5f4dcc3b5aa765d61d8327deb882cf99";',
    ];
    expect(scan('src/a.ts', lines)).toEqual([]);
  });

  it('skips test files and documentation', () => {
    const line = ['password = "S3cure!Passw0rd"'];
    expect(scan('test/login.test.ts', line)).toEqual([]);
    expect(scan('tests/test_login.py', line)).toEqual([]);
    expect(scan('docs/setup.md', line)).toEqual([]);
    expect(scan('src/login.ts', line)).toHaveLength(1);
  });

  it('reports unquoted values in YAML, .properties, .env and ini files', () => {
    expect(
      lineNumbers(scan('config/application.yml', ['db:', '  password: hunter2Secret!', '  user: app'])),
    ).toEqual([2]);
    expect(
      lineNumbers(
        scan('src/main/resources/application.properties', ['db.url=jdbc:x', 'db.password=hunter2Secret!']),
      ),
    ).toEqual([2]);
    expect(
      lineNumbers(
        scan('.env', ['PORT=3000', 'DB_PASSWORD=hunter2Secret!', 'export API_SECRET=Zx81kPq0vL2mNw']),
      ),
    ).toEqual([2, 3]);
    expect(
      lineNumbers(scan('docker-compose.yml', ['    environment:', '      - DB_PASSWORD=hunter2Secret!'])),
    ).toEqual([2]);
    expect(
      lineNumbers(
        scan('config/secrets.yml', ['production:', `  secret_key_base: ${'9f3a'.repeat(8)}c1d2e3f4a5b6c7d8`]),
      ),
    ).toEqual([2]);
  });

  it('reports Go []byte literals, PHP define() and env() defaults, Rails secret_key_base', () => {
    const lines = [
      'var jwtSecret = []byte("k9Qz7pLm2Xw8Rt")', // 1
      "define('DB_PASSWORD', 'hunter2Secret!');", // 2
      "define('AUTH_KEY', 'q#8Lr!v2@Zp1^Xk7');", // 3
      "'key' => env('APP_KEY', 'base64:Zk9Qz7pLm2Xw8RtY4vN1'),", // 4
      'config.secret_key_base = "4b7e2a9c1d8f3e6a0b5c"', // 5
      'password = os.getenv("DB_PASSWORD", "hunter2Secret!")', // 6
      "define('WP_DEBUG', 'development');", // 7
      "define('AUTH_KEY', 'put your unique phrase here');", // 8
      "'debug' => env('APP_DEBUG', 'false'),", // 9
    ];
    expect(lineNumbers(scan('app/config.php', lines))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('stays quiet on validation rules, labels, field names, references and hashes', () => {
    const lines = [
      "'password' => 'required|string|min:12',",
      "password: ['required', 'min:8'],",
      '"password": "Password",',
      "password: 'Mot de passe',",
      "'password' => 'Passwort',",
      '<input type="password" name="password" autocomplete="current-password">',
      "form.password = 'user_password';",
      'password = os.environ["DB_PASSWORD"]',
      'password = config.get("db.password")',
      'password: "${DB_PASSWORD}"',
      "DB_PASSWORD = 'DB_PASSWORD'",
      'def _sign(backend: "Backend", private_key: "_RSAPrivateKey", data: bytes):',
      '"access_token":"2YotnFZFEjr1zCsicMWpAA", "refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA",',
      "  'allPass': 'overEvery',",
      "simple: { password: 'secret-2-levels' }",
      'export const PREVENT_DEPRECATED_CREDENTIALS = "@aws-cdk/aws-rds:preventDeprecatedCredentials";',
      'password: "$2b$12$KIXQJ1m6u7vN5w0Y2bX3ZOeQpL8rT4sV6uW9xY0zA1bC2dE3fG4hI"',
      'api_key = "session-store-name"',
    ];
    expect(scan('src/forms.ts', lines)).toEqual([]);
    const yaml = [
      'auth:',
      '  password: ${DB_PASSWORD}',
      '  password: ENC(Xk3jv9aQ)',
      '  password:',
      '  secret: !vault |',
      '  password: "{{ vault_db_password }}"',
    ];
    expect(scan('config/app.yaml', yaml)).toEqual([]);
    const tolerations = [
      '      - key: aws.amazon.com/neuron',
      '        - key: "node.kubernetes.io/instance-type"',
      '  key: my-release-key',
    ];
    expect(scan('deploy/plugin.yaml', tolerations)).toEqual([]);
  });

  it('skips translation files, example files and secret scanners’ tests', () => {
    const line = ['password: hunter2Secret!'];
    expect(scan('config/locales/fr.yml', line)).toEqual([]);
    expect(scan('resources/lang/en/auth.php', ["'password' => 'hunter2Secret!',"])).toEqual([]);
    expect(scan('.env.example', ['DB_PASSWORD=hunter2Secret!'])).toEqual([]);
    expect(scan('config/database.yml.sample', line)).toEqual([]);
    expect(scan('config/database.yml', line)).toHaveLength(1);
  });

  it('names the secret store in the remediation and never prints the value', () => {
    const [finding] = hardcodedPasswordAnalyzer.analyze(
      parsePatch(addedFile('src/a.ts', ['const password = "S3cure!Passw0rd";'])),
      {
        ...DEFAULT_SETTINGS,
        secretStore: 'Vault',
      },
    ) as Finding[];
    expect(finding?.message).toMatch(/rotate it, then move it to Vault/);
    expect(finding?.message).not.toContain('S3cure');
  });
});

describe('hard-coded password analyzer: documentation prose', () => {
  it('skips docstrings and block-comment bodies, not commented-out code', () => {
    const python = [
      'def prepare_headers(params):', // 1
      '    """Prepare the Authorization header.', // 2
      '', // 3
      '    For example::', // 4
      '        oauth_token="ad180jjd733klru7",', // 5
      '    """', // 6
      '    oauth_token = "ad180jjd733klru7"', // 7
      '    # password = "hunter2Secret!"', // 8
      '    TEMPLATE = """', // 9: data, not a docstring
      '    password = "hunter2Secret!"', // 10
      '    """', // 11
    ];
    expect(lineNumbers(scan('app/auth.py', python))).toEqual([7, 8, 10]);
    const js = [
      '/**',
      ' * @example',
      ' *   client.login({ password: "hunter2Secret!" })',
      ' */',
      '// const password = "hunter2Secret!";',
    ];
    expect(lineNumbers(scan('src/client.ts', js))).toEqual([5]);
  });
});

describe('hard-coded password analyzer: hostile lines', () => {
  it('reads long runs of near-matches without a finding (every pattern is bounded and linear)', () => {
    const hostile = [
      'a.b-'.repeat(490),
      '"password"'.repeat(190),
      '<password>'.repeat(190),
      'x.setPassword('.repeat(140),
      `${'a'.repeat(1_990)}:`,
      'password: ' + 'ab'.repeat(990),
    ];
    expect(scan('src/hostile.ts', hostile)).toEqual([]);
    expect(scan('config/hostile.yml', hostile)).toEqual([]);
  });
});
