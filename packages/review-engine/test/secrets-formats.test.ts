import { secretFormatsAnalyzer } from '../src/analyzers/secrets/format-analyzer';
import { DEFAULT_SETTINGS } from '../src';
import { fake, lineNumbers, pemBlock, run } from './secrets-fixtures';

const scan = (path: string, lines: readonly string[]) => run(secretFormatsAnalyzer, path, lines);

describe('secret format rules: tokens with a known prefix', () => {
  it('reports SendGrid keys with "-", PyPI tokens, HubSpot tokens and keys, Azure client secrets and storage keys', async () => {
    const lines = [
      `SENDGRID = "${fake.sendgridWithDash()}"`, // 1
      `password = ${fake.pypi()}`, // 2
      `const hubspot = '${fake.hubspotPat()}';`, // 3
      `HUBSPOT_API_KEY: "${fake.hubspotLegacy()}"`, // 4
      `"clientSecret": "${fake.azureClientSecret()}",`, // 5
      `conn = "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${fake.azureAccountKey()};EndpointSuffix=core.windows.net"`, // 6
      'const unrelated = "5f0c7d3e-aaaa";', // 7
      `const traceId = "${fake.hubspotLegacy()}";`, // 8: a bare UUID is no HubSpot key
    ];
    const findings = await scan('src/config.py', lines);
    expect(findings.map((f) => [f.line, f.ruleId, f.severity])).toEqual([
      [1, 'secrets/sendgrid', 'high'],
      [2, 'secrets/pypi', 'critical'],
      [3, 'secrets/hubspot', 'high'],
      [4, 'secrets/hubspot', 'high'],
      [5, 'secrets/azure', 'critical'],
      [6, 'secrets/azure', 'critical'],
    ]);
    expect(findings[4]?.message).toContain('Azure AD (Entra ID) client secret');
    expect(findings[5]?.message).toContain('Azure Storage account key');
  });

  it('skips plainly fake tokens: masks, zeros, "your-...", documented examples', async () => {
    const lines = [
      'SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      `hubspot_key: "pat-na1-00000000-0000-0000-0000-000000000000"`,
      'AccountKey=your-storage-account-key-goes-here',
      `AccountKey=${'A'.repeat(86)}==`,
      'PYPI_TOKEN=pypi-AgEIcHlwaS5vcmc<your-token>',
    ];
    expect(await scan('src/settings.py', lines)).toEqual([]);
  });
});

describe('secret format rules: private keys', () => {
  it.each([
    ['EC PRIVATE KEY', [], 'a private key'],
    ['DSA PRIVATE KEY', [], 'a private key'],
    ['ENCRYPTED PRIVATE KEY', [], 'an encrypted private key'],
    ['PGP PRIVATE KEY BLOCK', ['Version: GnuPG v2', 'Comment: deploy key'], 'a PGP private key block'],
    ['RSA PRIVATE KEY', ['Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-128-CBC,0F9A2C'], 'a private key'],
  ])('reports a %s on its BEGIN line, critical', async (label, headers, description) => {
    const findings = await scan('deploy/key.txt', ['# key', ...pemBlock(label, 300, headers)]);
    expect(findings).toEqual([
      expect.objectContaining({ line: 2, ruleId: 'secrets/privatekey', severity: 'critical' }),
    ]);
    expect(findings[0]?.message).toContain(description);
  });

  it('reads a key written on one line with \\n escapes (JSON, env)', async () => {
    const key = pemBlock('EC PRIVATE KEY', 200).join('\\n');
    expect(lineNumbers(await scan('config/keys.json', [`{ "signingKey": "${key}" }`]))).toEqual([1]);
  });

  it('skips placeholders, truncated bodies and public keys or certificates', async () => {
    const lines = [
      '-----BEGIN EC PRIVATE KEY-----',
      'MHcCAQEEI...',
      '-----END EC PRIVATE KEY-----',
      '"-----BEGIN PRIVATE KEY-----\\n<your key here>\\n-----END PRIVATE KEY-----"',
      ...pemBlock('PUBLIC KEY', 300),
      ...pemBlock('CERTIFICATE', 600),
      '-----BEGIN PGP PRIVATE KEY BLOCK-----',
      'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      '-----END PGP PRIVATE KEY BLOCK-----',
    ];
    expect(await scan('src/keys.ts', lines)).toEqual([]);
  });

  it('reports a live private key in a test file, but not in a secret scanner’s own tests', async () => {
    const key = pemBlock('EC PRIVATE KEY', 200);
    expect(lineNumbers(await scan('test/client.test.ts', ['const key = `', ...key, '`;']))).toEqual([2]);
    const scannerTest = [
      'it("detects an EC key", () => {',
      '  const key = `',
      ...key,
      '`;',
      '  expect(scan(key)).toHaveLength(1);',
    ];
    expect(await scan('test/secret-scanner.test.ts', scannerTest)).toEqual([]);
  });
});

describe('secret format rules: bearer JWTs in Authorization headers', () => {
  it('reports them in any language', async () => {
    const jwt = fake.jwt();
    const lines = [
      `headers = {"Authorization": "Bearer ${jwt}"}`, // 1
      `curl -H 'Authorization: Bearer ${jwt}' https://api.internal/v1/users`, // 2
      `xhr.setHeader("Authorization", "Bearer ${jwt}");`, // 3
      `req.Header.Set("Authorization", "Bearer ${jwt}")`, // 4
      `config.headers["Authorization"] = f"Bearer ${jwt}"`, // 5
      'headers = {"Authorization": f"Bearer {token}"}', // 6: a variable
      `const sample = "${jwt}";`, // 7: not in a header
    ];
    const findings = await scan('src/client.py', lines);
    expect(findings.map((f) => [f.line, f.ruleId, f.severity])).toEqual([
      [1, 'secrets/jwt', 'high'],
      [2, 'secrets/jwt', 'high'],
      [3, 'secrets/jwt', 'high'],
      [4, 'secrets/jwt', 'high'],
      [5, 'secrets/jwt', 'high'],
    ]);
  });

  it("skips jwt.io's documented sample token and headers in tests and docs", async () => {
    const sample = [
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
      'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
      'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    ].join('.');
    expect(
      await scan('src/a.ts', [`fetch(url, { headers: { Authorization: 'Bearer ${sample}' } })`]),
    ).toEqual([]);
    const line = [`-H "Authorization: Bearer ${fake.jwt()}"`];
    expect(await scan('docs/api.md', line)).toEqual([]);
    expect(await scan('test/api.test.ts', line)).toEqual([]);
  });
});

describe('secret format rules: connection strings', () => {
  it('reports driver-qualified URLs, redis, amqp, mongodb+srv, JDBC, libpq, ODBC, SQL Server', async () => {
    const pw = fake.password();
    const lines = [
      `engine = create_engine("postgresql+psycopg2://app:${pw}@db.internal:5432/app")`, // 1
      `DB_URL = "mysql+pymysql://app:${pw}@mysql.internal/app"`, // 2
      `url: jdbc:postgresql://db.internal:5432/app?user=app&password=${pw}`, // 3
      `REDIS_URL = "redis://:${pw}@cache.internal:6379/0"`, // 4
      `cache: rediss://default:${pw}@cache.internal:6380`, // 5
      `BROKER = "amqps://svc:${pw}@mq.internal/vhost"`, // 6
      `uri = "mongodb+srv://svc:${pw}@cluster0.abcde.mongodb.net/app"`, // 7
      `dsn = "host=db.internal port=5432 dbname=app user=app password=${pw} sslmode=require"`, // 8
      `conn = pyodbc.connect("DRIVER={ODBC Driver 18 for SQL Server};SERVER=sql.internal;UID=app;PWD=${pw};")`, // 9
      `"Default": "Server=sql.internal;Database=app;User Id=app;Password=${pw};"`, // 10
    ];
    const findings = await scan('src/db.py', lines);
    expect(findings.map((f) => [f.line, f.ruleId])).toEqual(
      lines.map((_, i) => [i + 1, 'secrets/connection-string']),
    );
    for (const finding of findings) {
      expect(finding.severity).toBe('high');
      expect(finding.message).not.toContain(pw);
    }
  });

  it('skips placeholders, references, default local credentials and keyword arguments', async () => {
    const lines = [
      'DATABASE_URL=postgres://user:password@localhost:5432/app',
      'url = "postgresql+psycopg2://${DB_USER}:${DB_PASSWORD}@${DB_HOST}/app"',
      'redis://:@localhost:6379',
      'amqp://guest:guest@localhost:5672/',
      'mongodb://root:root@localhost:27017',
      'jdbc:postgresql://db/app?user=app&password=<password>',
      'conn = psycopg2.connect(host=host, user=user, password=db_password, dbname="app")',
      'dsn = f"host={host} user={user} password={password}"',
      'Server=sql.internal;Database=app;User Id=app;Password=********;',
      'url = "https://github.com/acme/repo.git"',
      "parse('postgres://someuser:somepassword@somehost:381/somedatabase')",
      "fastURI.parse('uri://us\\xA0er:pa\\uD7FFss@example.com:123/one')",
    ];
    expect(await scan('src/db.py', lines)).toEqual([]);
  });

  it('skips connection strings in tests, docs and example files', async () => {
    const line = [`DATABASE_URL=postgres://app:${fake.password()}@db.internal:5432/app`];
    expect(await scan('.env.example', line)).toEqual([]);
    expect(await scan('docs/setup.md', line)).toEqual([]);
    expect(await scan('tests/test_db.py', line)).toEqual([]);
    expect(await scan('.env', line)).toHaveLength(1);
  });
});

describe('secret format rules: Kubernetes Secret manifests', () => {
  it('reports data: (base64) and stringData: values of kind: Secret, not of a ConfigMap', async () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const lines = [
      'apiVersion: v1', // 1
      'kind: Secret', // 2
      'metadata:', // 3
      '  name: db', // 4
      'type: Opaque', // 5
      'data:', // 6
      `  username: ${b64('app')}`, // 7: a user name
      `  password: ${b64(fake.password())}`, // 8
      `  placeholder: ${b64('changeme')}`, // 9
      'stringData:', // 10
      `  api-token: "${fake.password()}"`, // 11
      '  template: "{{ .Values.token }}"', // 12
      '---', // 13
      'kind: ConfigMap', // 14
      'data:', // 15
      `  password: ${b64(fake.password())}`, // 16
    ];
    const findings = await scan('k8s/db-secret.yaml', lines);
    expect(findings.map((f) => [f.line, f.ruleId])).toEqual([
      [8, 'secrets/k8s-secret'],
      [11, 'secrets/k8s-secret'],
    ]);
  });
});

describe('secret format rules: messages and bounds', () => {
  it('names the repository’s secret store when set, never the value', async () => {
    const token = fake.pypi();
    const [withStore] = await run(secretFormatsAnalyzer, 'src/a.py', [`TOKEN = "${token}"`], {
      ...DEFAULT_SETTINGS,
      secretStore: 'AWS Secrets Manager',
    });
    expect(withStore?.message).toMatch(/revoke and rotate it, then move it to AWS Secrets Manager/);
    expect(withStore?.message).not.toContain(token);
    const [without] = await scan('src/a.py', [`TOKEN = "${token}"`]);
    expect(without?.message).toContain('a secret store or an environment variable');
  });

  it('caps findings per file and skips overlong lines', async () => {
    const many = Array.from({ length: 50 }, () => `X = "${fake.pypi()}"`);
    expect(await scan('src/many.py', many)).toHaveLength(20);
    const long = `x = "${'a'.repeat(5_000)}" ${fake.pypi()}`;
    expect(await scan('src/long.py', [long])).toEqual([]);
  });

  it('stays correct on hostile lines (long runs of separators and near-matches)', async () => {
    const hostile = [
      `${'postgres://a:'.repeat(300)}`,
      `${'Authorization: Bearer eyJ'.repeat(150)}`,
      `${'password='.repeat(400)}`,
      `${'-----BEGIN EC PRIVATE KEY-----'.repeat(100)}`,
    ];
    expect(await scan('src/hostile.ts', hostile)).toEqual([]);
  });
});
