import { hardcodedPasswordAnalyzer } from '../src/analyzers/hardcoded-password';
import { DEFAULT_SETTINGS, parsePatch, type Finding } from '../src';
import { addedFile } from './fixtures';

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
});
