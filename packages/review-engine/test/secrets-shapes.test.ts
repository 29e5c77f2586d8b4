import { hardcodedPasswordAnalyzer } from '../src/analyzers/hardcoded-password';
import { secretFormatsAnalyzer } from '../src/analyzers/secrets/format-analyzer';
import { fake, lineNumbers, randomChars, run } from './secrets-fixtures';

const formats = (path: string, lines: readonly string[]) => run(secretFormatsAnalyzer, path, lines);
const passwords = (path: string, lines: readonly string[]) => run(hardcodedPasswordAnalyzer, path, lines);
const HEX = '0123456789abcdef';

describe('secrets in scripts, SQL and encoded headers', () => {
  it('reports passwords on command lines and in SQL role definitions', async () => {
    const pw = fake.password();
    const lines = [
      `mysql -h db.internal -u reporting -p'${pw}' reporting`, // 1
      `pg_dump --password=${pw} app > dump.sql`, // 2
      `sshpass -p ${pw} ssh deploy@host`, // 3
      `redis-cli -h cache -a ${pw} PING`, // 4
      `curl -u admin:${pw} https://ci.internal/api`, // 5
      'mysql -u root -p"$MYSQL_ROOT_PASSWORD" app', // 6: a variable
      'curl -u "$USER:$TOKEN" https://ci.internal/api', // 7
      '# information can be provided via the --username and --password options', // 8: prose
      'node app.js | pino-mq -u "amqp://guest:guest@localhost/" -q logs', // 9: a URL, not user:pass
      'node app.js | pino-http-send -u http://localhost:8080/logs', // 10
    ];
    expect((await formats('scripts/restore.sh', lines)).map((f) => [f.line, f.ruleId])).toEqual([
      [1, 'secrets/cli-password'],
      [2, 'secrets/cli-password'],
      [3, 'secrets/cli-password'],
      [4, 'secrets/cli-password'],
      [5, 'secrets/cli-password'],
    ]);
    const sql = [
      `CREATE ROLE etl_loader LOGIN PASSWORD '${pw}';`, // 1
      `ALTER USER 'app'@'%' IDENTIFIED BY '${pw}';`, // 2
      "CREATE ROLE app LOGIN PASSWORD 'md5" + randomChars('md5', 32, HEX) + "';", // 3: a hash
      "CREATE USER app WITH PASSWORD 'changeme';", // 4
      "SELECT * FROM users WHERE password = 'x';", // 5
    ];
    expect(lineNumbers(await formats('migrations/001_roles.sql', sql))).toEqual([1, 2]);
  });

  it('reports basic-auth credentials encoded in code and bearer JWTs split from their header name', async () => {
    const pw = fake.password();
    const lines = [
      `const auth = 'Basic ' + btoa('reports-admin:${pw}');`, // 1
      `headers = {"Authorization": "Basic ${Buffer.from(`svc:${pw}`).toString('base64')}"}`, // 2
      "const auth = 'Basic ' + btoa(`${user}:${password}`);", // 3
      `// auth is like \`Basic ${Buffer.from('charles:12345').toString('base64')}\``, // 4: a documentation sequence
      '    Authorization:', // 5
      `      'Bearer ${fake.jwt()}',`, // 6
      `export const MAPBOX = '${['s', 'k.'].join('')}eyJ1Ijoi${randomChars('mb', 60)}.${randomChars('mb2', 22)}';`, // 7
    ];
    expect((await formats('src/api.js', lines)).map((f) => [f.line, f.ruleId])).toEqual([
      [1, 'secrets/basicauth'],
      [2, 'secrets/basicauth'],
      [6, 'secrets/jwt'],
      [7, 'secrets/mapbox'],
    ]);
  });

  it('reports tokens of providers with a documented prefix', async () => {
    const lines = [
      `GOOGLE_CLIENT_SECRET=${['GOC', 'SPX-'].join('')}${randomChars('g', 28)}`, // 1
      `token = "${['do', 'p_v1_'].join('')}${randomChars('do', 64, HEX)}"`, // 2
      `MAILGUN = "${['ke', 'y-'].join('')}${randomChars('mg', 32, HEX)}"`, // 3
      `bot = "${'7412589630'}:AA${randomChars('tg', 33)}"`, // 4
      `const age = "${['AGE-SEC', 'RET-KEY-1'].join('')}${randomChars('age', 58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L')}";`, // 5
      `MAILGUN = "${['ke', 'y-'].join('')}${'0'.repeat(32)}"`, // 6: zeros
    ];
    expect((await formats('src/settings.py', lines)).map((f) => [f.line, f.ruleId, f.severity])).toEqual([
      [1, 'secrets/google', 'critical'],
      [2, 'secrets/digitalocean', 'critical'],
      [3, 'secrets/mailgun', 'high'],
      [4, 'secrets/telegram', 'high'],
      [5, 'secrets/age', 'critical'],
    ]);
  });
});

describe('password heuristic: more assignment shapes', () => {
  it('reads shell exports, Dockerfile ENV and env prefixes of a command', async () => {
    const lines = [
      `export DD_API_KEY=${randomChars('dd', 32, HEX)}`, // 1
      'PGPASSWORD=Wd4Kq9Zx2Mv7 psql -h db -U app', // 2
      'export DB_PASSWORD="$(vault read -field=password secret/db)"', // 3
      'export API_KEY=${API_KEY:-}', // 4
    ];
    expect(lineNumbers(await passwords('deploy/bootstrap.sh', lines))).toEqual([1, 2]);
    expect(
      lineNumbers(await passwords('Dockerfile', ['FROM node:24', 'ENV API_SECRET=Zx81kPq0vL2mNw'])),
    ).toEqual([2]);
  });

  it('reads typed declarations, XML, C #define and Terraform variable defaults', async () => {
    const code = [
      'const API_KEY: &str = "k9Qz7pLm2Xw8Rt";', // 1 Rust
      'private readonly apiKey: string = "k9Qz7pLm2Xw8Rt";', // 2 TS
      'const apiSecret string = "k9Qz7pLm2Xw8Rt"', // 3 Go
      '#define API_KEY "k9Qz7pLm2Xw8Rt"', // 4 C
      '<password>hunter2Secret!</password>', // 5 Maven settings
      '<property name="db.password" value="hunter2Secret!"/>', // 6 Spring
      '<add key="ApiKey" value="k9Qz7pLm2Xw8Rt" />', // 7 .NET
      '<password>${env.DEPLOY_PASSWORD}</password>', // 8
      'let passwordLabel: string = "Password";', // 9
    ];
    expect(lineNumbers(await passwords('src/config.rs', code))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const tf = [
      'variable "db_password" {', // 1
      '  type      = string', // 2
      '  default   = "hunter2Secret!"', // 3
      '  sensitive = true', // 4
      '}', // 5
      'variable "region" {', // 6
      '  default = "eu-west-1-prod-x"', // 7
      '}', // 8
    ];
    expect(lineNumbers(await passwords('infra/variables.tf', tf))).toEqual([3]);
  });

  it('leaves keys that are public by design', async () => {
    const lines = [
      `PUSHER_APP_KEY=${randomChars('pusher', 20, HEX)}`,
      `STRIPE_PUBLISHABLE_KEY=${randomChars('pk', 30)}`,
      `RECAPTCHA_SITE_KEY=${randomChars('rc', 30)}`,
      `PUSHER_APP_SECRET=${randomChars('pusher-secret', 20, HEX)}`,
    ];
    expect(lineNumbers(await passwords('.env', lines))).toEqual([4]);
  });

  it('reads setters, name/value calls, R and PowerShell assignments and escaped quotes in notebooks', async () => {
    const lines = [
      'dataSource.setPassword("hunter2Secret!");', // 1 Java
      'client.SetApiKey("k9Qz7pLm2Xw8Rt");', // 2 C#
      'props.put("mail.smtp.password", "hunter2Secret!");', // 3
      'db_password <- "hunter2Secret!"', // 4 R
      '$pw = ConvertTo-SecureString "hunter2Secret!" -AsPlainText -Force', // 5 PowerShell
      '    "api_key = \\"k9Qz7pLm2Xw8RtY4vN1\\"\\n",', // 6 a notebook's JSON source line
      'localStorage.setItem("theme", "dark-mode-enabled");', // 7
      "i18n.t('password', 'Password');", // 8
      'form.setPasswordVisible("true");', // 9
    ];
    expect(lineNumbers(await passwords('src/app.py', lines))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('secret context', () => {
  it('reads .npmrc and .pypirc as configuration', async () => {
    expect(
      lineNumbers(await passwords('.pypirc', ['[pypi]', 'username = deploy', 'password = hunter2Secret!'])),
    ).toEqual([3]);
  });

  it("skips Azurite's published development account key", async () => {
    const key = [
      'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq',
      '/K1SZFPTOtr/KBHBeksoGMGw==',
    ].join('');
    expect(
      await formats('src/storage.ts', [
        `const conn = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};";`,
      ]),
    ).toEqual([]);
  });

  it('treats a test as a scanner’s own only when it is about finding secrets', async () => {
    const key = [
      '-----BEGIN EC PRIVATE KEY-----',
      `MHcCAQEE${randomChars('ec-ctx', 180)}`,
      '-----END EC PRIVATE KEY-----',
    ];
    const tlsTest = ['it("detects expired certificates", () => {', '  const key = `', ...key, '`;'];
    expect(lineNumbers(await formats('test/tls.test.ts', tlsTest))).toEqual([3]);
    const scannerTest = ['it("detects leaked private keys", () => {', '  const key = `', ...key, '`;'];
    expect(await formats('test/rules.test.ts', scannerTest)).toEqual([]);
  });
});

describe('credentials passed to APIs', () => {
  it('reports user/password pairs, builders, API-key headers, Go MySQL DSNs and sqlplus', async () => {
    const code = [
      'var credential = new NetworkCredential("svc-reports", "Xk9#mP2vLq7w");', // 1 C#
      'req.SetBasicAuth("admin", "Xk9#mP2vLq7w")', // 2 Go
      'r = requests.get(url, auth=("admin", "Xk9#mP2vLq7w"))', // 3 Python
      'smtp.login("alerts@acme.example", "Xk9#mP2vLq7w")', // 4
      'let client = Client::builder().password("Xk9#mP2vLq7w").build();', // 5 Rust builder
      'requests.get(url, auth=("admin", os.environ["PW"]))', // 6
      'smtp.login(user, password)', // 7
    ];
    expect(lineNumbers(await passwords('src/client.cs', code))).toEqual([1, 2, 3, 4, 5]);
    const formatsLines = [
      `curl -H "X-Api-Key: ${randomChars('hdr', 32)}" https://api.acme.example/v1`, // 1
      'db, err := sql.Open("mysql", "app:Xk9mP2vLq7w@tcp(db.internal:3306)/app")', // 2
      'sqlplus -s reporting/Xk9mP2vLq7w@PRODDB @report.sql', // 3
      'curl -H "X-Cache-Key: users-list-page-0001" https://api.acme.example/v1', // 4
      'db, err := sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/app", user, pw, host))', // 5
      'sqlplus scott/tiger@orcl', // 6: Oracle's demo account
    ];
    expect(lineNumbers(await formats('scripts/report.go', formatsLines))).toEqual([1, 2, 3]);
  });

  it("leaves a Firebase web config's apiKey, which is public by design", async () => {
    const key = ['AI', 'za', randomChars('fb', 35)].join('');
    const config = [
      'const firebaseConfig = {',
      `  apiKey: "${key}",`,
      '  authDomain: "acme.firebaseapp.com",',
      '};',
    ];
    expect(await passwords('src/firebase.ts', config)).toEqual([]);
    expect(lineNumbers(await passwords('src/maps.ts', [`const apiKey = "${key}";`]))).toEqual([1]);
  });

  it('reports a PuTTY private key', async () => {
    const body = Array.from({ length: 4 }, (_, i) => randomChars(`ppk${i}`, 64));
    const ppk = [
      'PuTTY-User-Key-File-3: ssh-ed25519',
      'Encryption: none',
      'Comment: deploy',
      'Public-Lines: 2',
      randomChars('pub', 64),
      randomChars('pub2', 40),
      'Private-Lines: 4',
      ...body,
      'Private-MAC: 0f',
    ];
    expect(lineNumbers(await formats('deploy/id.ppk', ppk))).toEqual([1]);
  });

  it('reads .npmrc basic auth', async () => {
    expect(
      lineNumbers(
        await passwords('.npmrc', [
          `//registry.acme.example/:_auth=${Buffer.from('ci:Xk9mP2vLq7w').toString('base64')}`,
        ]),
      ),
    ).toEqual([1]);
  });
});

describe('more documented token prefixes', () => {
  const HEXA = '0123456789abcdef';
  const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';
  it.each([
    ['slack', ['xo', 'xe.xoxp-1-'].join('') + randomChars('xoxe', 140)],
    ['gitlab', ['gl', 'dt-'].join('') + randomChars('gldt', 20)],
    ['rubygems', ['ruby', 'gems_'].join('') + randomChars('rg', 48, HEXA)],
    ['nuget', ['o', 'y2'].join('') + randomChars('ng', 43, LOWER)],
    [
      'braintree',
      ['access_token$production$'].join('') +
        randomChars('bt1', 16, LOWER) +
        '$' +
        randomChars('bt2', 32, HEXA),
    ],
    ['stripe', ['wh', 'sec_'].join('') + randomChars('wh', 32)],
    ['newrelic', randomChars('nr', 36, HEXA) + 'NRAL'],
    ['discord', `M${randomChars('dc1', 23)}.${randomChars('dc2', 6)}.${randomChars('dc3', 27)}`],
  ])('reports a %s token', async (provider, token) => {
    expect((await formats('src/config.ts', [`const token = "${token}";`])).map((f) => f.ruleId)).toEqual([
      `secrets/${provider}`,
    ]);
  });

  it('reports an Azure SAS signature, not a URL without one', async () => {
    const sas = `https://acme.blob.core.windows.net/c/f.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2027-01-01&sig=${randomChars('sig', 43)}%3D`;
    expect((await formats('src/blob.ts', [`const url = "${sas}";`])).map((f) => f.ruleId)).toEqual([
      'secrets/azure',
    ]);
    expect(await formats('src/blob.ts', ['const url = "https://acme.example/?sig=abc";'])).toEqual([]);
  });

  it('leaves hashed and encrypted password columns to the hash check', async () => {
    const lines = [
      `hashed_password = "${randomChars('h', 32, HEXA)}"`,
      `encrypted_password: "${randomChars('e', 40)}"`,
    ];
    expect(await passwords('db/seeds.rb', lines)).toEqual([]);
  });
});

describe('defaults and encodings', () => {
  it('reports a credential given as the default of an interpolation', async () => {
    const lines = [
      'spring.datasource.password=${DB_PASSWORD:Xk9mP2vLq7w}', // 1
      '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-Xk9mP2vLq7w}', // 2
      '@Value("${api.secret-key:Zx81kPq0vL2mNw7}") private String key;', // 3
      'spring.datasource.password=${DB_PASSWORD}', // 4
      '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-postgres}', // 5
      'timeout=${HTTP_TIMEOUT:30s}', // 6
    ];
    expect(lineNumbers(await passwords('src/main/resources/application.properties', lines))).toEqual([
      1, 2, 3,
    ]);
  });

  it('reports a PEM private key encoded in base64 as a whole', async () => {
    const pem = [
      '-----BEGIN RSA PRIVATE KEY-----',
      ...Array.from({ length: 6 }, (_, i) => `MI${randomChars(`b64pem${i}`, 62)}`),
      '-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const cert = [
      '-----BEGIN CERTIFICATE-----',
      ...Array.from({ length: 6 }, (_, i) => `MI${randomChars(`b64crt${i}`, 62)}`),
      '-----END CERTIFICATE-----',
    ].join('\n');
    const lines = [
      `tlsKey: ${Buffer.from(pem).toString('base64')}`,
      `tlsCert: ${Buffer.from(cert).toString('base64')}`,
    ];
    expect((await formats('deploy/values.yaml', lines)).map((f) => [f.line, f.ruleId])).toEqual([
      [1, 'secrets/privatekey'],
    ]);
  });
});

describe('placeholders in disguise', () => {
  it('decodes hex and base64 values before judging them, and ignores punctuation after a placeholder', async () => {
    const hexPlaceholder = Buffer.from('acme-development-key-not-secret').toString('hex');
    const lines = [
      `      ENCRYPTION_KEY: \${ENCRYPTION_KEY:-${hexPlaceholder}}`,
      `SIGNING_SECRET=${Buffer.from('this-is-an-example-signing-secret').toString('base64')}`,
    ];
    expect(await passwords('docker-compose.yml', lines)).toEqual([]);
    expect(
      await formats('src/a.ts', ['// Passwords on a command line: --password=..., curl -u user:pass.']),
    ).toEqual([]);
    const django = `SECRET_KEY = 'django-insecure-${randomChars('dj', 50, 'abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)')}'`;
    expect(lineNumbers(await passwords('mysite/settings.py', [django]))).toEqual([1]);
  });
});

describe('more configuration shapes', () => {
  it("reads Makefile assignments and Dockerfile's legacy ENV form; ci.yml is no translation file", async () => {
    expect(
      lineNumbers(
        await passwords('Makefile', [
          'DB_PASSWORD := Xk9mP2vLq7w',
          'API_TOKEN ?= Zx81kPq0vL2mNw7',
          'CC := gcc',
        ]),
      ),
    ).toEqual([1, 2]);
    expect(
      lineNumbers(await passwords('Dockerfile', ['ENV DB_PASSWORD Xk9mP2vLq7w', 'ENV PATH /usr/local/bin'])),
    ).toEqual([1]);
    expect(
      lineNumbers(
        await passwords('.github/workflows/ci.yml', ['        with:', '          password: Xk9mP2vLq7w']),
      ),
    ).toEqual([2]);
    expect(await passwords('config/locales/de.yml', ['  password: Kennwort123'])).toEqual([]);
    expect(
      await passwords('src/main/resources/messages_fr.properties', ['login.password=MotDePasse1']),
    ).toEqual([]);
  });
});
