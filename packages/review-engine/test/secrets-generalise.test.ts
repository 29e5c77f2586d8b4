import { analyzeFiles, DEFAULT_SETTINGS } from '../src';
import { hardcodedPasswordAnalyzer } from '../src/analyzers/hardcoded-password';
import { secretFormatsAnalyzer } from '../src/analyzers/secrets/format-analyzer';
import { generatedPrivateKeyPem, addedFile } from './fixtures';
import { fake, lineNumbers, randomChars, run } from './secrets-fixtures';

/*
 * Classes of secrets and of look-alikes beyond the corpus's strings: each test names a class and checks
 * several shapes of it, so a rule that only learned one corpus value fails here.
 */
const formats = (path: string, lines: readonly string[]) => run(secretFormatsAnalyzer, path, lines);
const passwords = (path: string, lines: readonly string[]) => run(hardcodedPasswordAnalyzer, path, lines);
/** The whole pipeline (every analyzer, one secret finding per line): [line, ruleId]. */
async function all(path: string, lines: readonly string[]): Promise<[number, string][]> {
  const findings = await analyzeFiles([addedFile(path, lines)], DEFAULT_SETTINGS);
  return findings.filter((f) => f.ruleId.startsWith('secrets/')).map((f) => [f.line, f.ruleId]);
}

const HEX = '0123456789abcdef';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const googleKey = (seed: string) => ['AI', 'za', randomChars(seed, 35, BASE64URL)].join('');
const token = (seed: string, length = 40) => randomChars(seed, length);

describe('Google API keys (AIza + 35 base64url characters)', () => {
  it('are reported wherever they are passed, named or not', async () => {
    const lines = [
      `const gemini = new GoogleGenerativeAI('${googleKey('g1')}');`, // 1: a constructor argument
      `url = f"https://maps.googleapis.com/maps/api/geocode/json?key=${googleKey('g2')}&address={q}"`, // 2
      `youtube := youtube.NewService(ctx, option.WithAPIKey("${googleKey('g3')}"))`, // 3
      `const short = 'AIza${randomChars('g4', 20)}';`, // 4: too short
      `const masked = 'AIza${'X'.repeat(35)}';`, // 5: a mask
    ];
    expect((await formats('src/ai/client.ts', lines)).map((f) => [f.line, f.ruleId])).toEqual([
      [1, 'secrets/google-api-key'],
      [2, 'secrets/google-api-key'],
      [3, 'secrets/google-api-key'],
    ]);
  });

  it('are public by design in Firebase configuration (web config, google-services.json)', async () => {
    const web = [
      'const firebaseConfig = {',
      `  apiKey: "${googleKey('fb1')}",`,
      '  authDomain: "rides-prod.firebaseapp.com",',
      '};',
      'initializeApp(firebaseConfig);',
    ];
    expect(await all('src/firebase.ts', web)).toEqual([]);
    const android = [
      '{',
      '  "project_info": { "project_id": "rides-prod" },',
      `  "client": [{ "api_key": [{ "current_key": "${googleKey('fb2')}" }] }]`,
      '}',
    ];
    expect(await all('app/google-services.json', android)).toEqual([]);
    const ios = [
      '<dict>',
      '  <key>API_KEY</key>',
      `  <string>${googleKey('fb3')}</string>`,
      '  <key>GCM_SENDER_ID</key>',
      '  <string>448122334455</string>',
      '</dict>',
    ];
    expect(await all('Wallet/GoogleService-Info.plist', ios)).toEqual([]);
  });
});

describe('tokens with a documented prefix beyond secretlint’s', () => {
  it('are reported as an argument, unnamed', async () => {
    const AZ = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    const tokens = [
      ['x', 'ai-', randomChars('xai', 80)],
      ['pp', 'lx-', randomChars('pplx', 48)],
      ['r', '8_', randomChars('r8', 37)],
      ['nt', 'n_', randomChars('ntn', 46)],
      ['sb', 'p_', randomChars('sbp', 40, HEX)],
      ['CFP', 'AT-', randomChars('cfpat', 43)],
      ['dt0', 'c01.', randomChars('dt1', 24, AZ), '.', randomChars('dt2', 64, AZ)],
      ['bku', 'a_', randomChars('bkua', 40, HEX)],
      ['lsv2', '_pt_', randomChars('ls1', 32, HEX), '_', randomChars('ls2', 10, HEX)],
      ['sk', '_live_', randomChars('clerk', 40)], // a live key in Stripe's style (Clerk)
      ['sk', '-', randomChars('deepseek', 32, HEX)], // an OpenAI-compatible API's key
    ].map((parts) => parts.join(''));
    const lines = tokens.map((t) => `client.configure('${t}');`);
    expect(lineNumbers(await formats('src/clients.ts', lines))).toEqual(tokens.map((_, i) => i + 1));
    // Masked, hand-typed and too short ones are not.
    const fakes = [
      `client.configure('${['x', 'ai-'].join('')}${'X'.repeat(80)}');`,
      "css('sk-button-primary')",
    ];
    expect(await formats('src/clients.ts', fakes)).toEqual([]);
  });
});

describe('a bearer token in an Authorization header, whatever its format', () => {
  it('is reported when it looks generated, and a template or a word is not', async () => {
    const lines = [
      `req.Header.Set("Authorization", "Bearer ${randomChars('opaque', 40)}")`, // 1
      `headers = {"Authorization": "Token ${randomChars('drf', 40, HEX)}"}`, // 2: an opaque hex token
      `curl -H 'Authorization: Bearer ${randomChars('curl', 48)}' https://api.example/v1`, // 3
      'req.Header.Set("Authorization", "Bearer "+token)', // 4
      'headers: { Authorization: `Bearer ${process.env.API_TOKEN}` },', // 5
      `'Authorization': 'Bearer your-api-token-goes-here'`, // 6
      "throw new Error('Bearer token missing from the request header')", // 7
    ];
    expect((await formats('src/api/client.go', lines)).map((f) => [f.line, f.ruleId])).toEqual([
      [1, 'secrets/bearer-token'],
      [2, 'secrets/bearer-token'],
      [3, 'secrets/bearer-token'],
    ]);
    expect(await formats('tests/api_client_test.go', lines)).toEqual([]);
  });
});

describe('a generated value assigned to a secret-named key, in any configuration format', () => {
  it('reads TOML, .xcconfig and aligned columns', async () => {
    const toml = [
      '[influx]', // 1
      'url = "https://influx.example:8086"', // 2
      `token = "${token('influx', 80)}=="`, // 3
      `api_key    = "${token('toml-key', 32)}"  # rotated monthly`, // 4: padding, trailing comment
      'bucket = "hosts"', // 5
    ];
    expect(lineNumbers(await passwords('config/agent.toml', toml))).toEqual([3, 4]);
    const xcconfig = [
      '// Release build settings', // 1
      'PRODUCT_BUNDLE_IDENTIFIER = app.wallet.ios', // 2
      `PLAID_SECRET = ${randomChars('plaid', 30, HEX)}`, // 3
      `STRIPE_SECRET_KEY = ${token('xc-stripe', 32)}`, // 4
      'MARKETING_VERSION = 2.8.0', // 5
    ];
    expect(lineNumbers(await passwords('Config/Release.xcconfig', xcconfig))).toEqual([3, 4]);
  });

  it('reads weak names in code (token, *Key, *_salt) only when the value looks generated', async () => {
    const lines = [
      `const influxToken = '${token('i1')}';`, // 1
      `token = "${token('i2', 48)}"`, // 2
      `self.license_key = "${token('i3', 28)}-${token('i4', 8)}"`, // 3
      `WP_SALT = '${token('i5', 40)}'`, // 4
      "const cacheKey = 'orders:v2:by-customer';", // 5: an identifier
      'key = "platform/prod.tfstate"', // 6: a storage path (Terraform backend)
      "const sortKey = 'createdAtDescending';", // 7
      "token = 'abc'", // 8: short
      `const apiToken = 'skey${randomChars('skey-word', 36)}';`, // 9: spells "key" by chance, still a token
    ];
    expect(lineNumbers(await passwords('src/settings.ts', lines))).toEqual([1, 2, 3, 4, 9]);
  });

  it('reads a JWT under a name ending in jwt, and leaves a public (anon) one alone', async () => {
    const part = (claims: object) => Buffer.from(JSON.stringify(claims)).toString('base64url');
    const jwt = (role: string) =>
      [
        'ey',
        'JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
        '.',
        part({ sub: 'svc', role }),
        '.',
        randomChars(role, 43),
      ].join('');
    const lines = [
      `const SERVICE_JWT = "${jwt('admin')}";`, // 1
      `const auth = { jwt: '${jwt('worker')}' };`, // 2
      `const anonJwt = '${jwt('anon')}';`, // 3: Supabase's anon key
    ];
    expect(lineNumbers(await passwords('src/client.ts', lines))).toEqual([1, 2]);
  });

  it('reads WordPress salts and keys in define() with column padding', async () => {
    const salt = (seed: string) =>
      randomChars(
        seed,
        64,
        'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#%()*+,-.:;=@[]^_{|}~',
      );
    const lines = [
      `define( 'AUTH_KEY',         '${salt('wp1')}' );`, // 1
      `define( 'NONCE_SALT',        '${salt('wp2')}' );`, // 2
      "define( 'AUTH_KEY',         'put your unique phrase here' );", // 3: wp-config-sample
      "define( 'DB_NAME',          'inkwell_wp' );", // 4
    ];
    expect(lineNumbers(await passwords('wp-config.php', lines))).toEqual([1, 2]);
  });
});

describe('credentials in formats where the name and the value are apart', () => {
  it('reads property lists, YAML block scalars and Gradle build fields', async () => {
    const plist = [
      '<dict>', // 1
      '  <key>PlaidSecret</key>', // 2
      `  <string>${randomChars('plist', 30, HEX)}</string>`, // 3
      `  <key>ApiToken</key><string>${randomChars('plist2', 40)}</string>`, // 4
      '  <key>CFBundleName</key>', // 5
      '  <string>Wallet</string>', // 6
      '  <key>ClientSecret</key>', // 7
      '  <string>$(CLIENT_SECRET)</string>', // 8: a build setting
      '</dict>', // 9
    ];
    expect(lineNumbers(await passwords('Wallet/Info.plist', plist))).toEqual([3, 4]);
    const yaml = [
      'gitlab:', // 1
      '  private_token: |', // 2
      `    ${randomChars('block', 40)}`, // 3
      '  description: >-', // 4
      '    a long text that spans lines', // 5
      '  password: >', // 6
      '    {{ .Values.password }}', // 7
    ];
    expect(lineNumbers(await passwords('config/gitlab.yml', yaml))).toEqual([3]);
    const gradle = [
      `        buildConfigField "String", "MAPS_SECRET", "\\"${randomChars('gradle', 32)}\\""`, // 1
      `        buildConfigField("String", "API_TOKEN", "\\"${randomChars('gradle2', 40)}\\"")`, // 2
      '        buildConfigField "String", "API_HOST", "\\"api.example.app\\""', // 3
      '        buildConfigField "String", "API_KEY", "\\"${apiKey}\\""', // 4: a property
    ];
    expect(lineNumbers(await passwords('app/build.gradle', gradle))).toEqual([1, 2]);
  });

  it('reads .netrc, .pgpass, an Ansible inventory and a Docker config.json', async () => {
    const pw = fake.password();
    expect(
      lineNumbers(
        await passwords('.netrc', [
          `machine api.example login bot password ${pw}`,
          'machine b login x password',
          `  password ${pw}`,
        ]),
      ),
    ).toEqual([1, 3]);
    expect(
      lineNumbers(
        await passwords('deploy/.pgpass', [`db.internal:5432:app:app_rw:${pw}`, 'db.internal:5432:*:ro:*']),
      ),
    ).toEqual([1]);
    const inventory = [
      '[web]', // 1
      `web1 ansible_host=10.0.0.5 ansible_user=deploy ansible_password=${pw}`, // 2
      `web2 ansible_host=10.0.0.6 ansible_become_pass=${pw}`, // 3
      'web3 ansible_host=10.0.0.7 ansible_password="{{ vault_web_password }}"', // 4
    ];
    expect(lineNumbers(await passwords('inventory/production.ini', inventory))).toEqual([2, 3]);
    expect(lineNumbers(await passwords('ansible/hosts', inventory))).toEqual([2, 3]);
    const auth = Buffer.from(`ci-bot:${pw}`).toString('base64');
    const dockerConfig = ['{', '  "auths": {', `    "registry.example": { "auth": "${auth}" }`, '  }', '}'];
    expect((await formats('.docker/config.json', dockerConfig)).map((f) => [f.line, f.ruleId])).toEqual([
      [3, 'secrets/basicauth'],
    ]);
    const placeholder = Buffer.from('user:password').toString('base64');
    expect(
      await formats('.docker/config.json', [`{ "auths": { "r": { "auth": "${placeholder}" } } }`]),
    ).toEqual([]);
  });

  it('reads a Rails master key file and a kubeconfig', async () => {
    expect(lineNumbers(await passwords('config/master.key', [randomChars('rails', 32, HEX)]))).toEqual([1]);
    expect(
      lineNumbers(await passwords('config/credentials/production.key', [randomChars('rails2', 32, HEX)])),
    ).toEqual([1]);
    expect(await passwords('config/master.key', ['0'.repeat(32)])).toEqual([]);
    const kubeconfig = ['users:', '- name: ci', '  user:', `    token: ${randomChars('kube', 60)}`];
    expect(lineNumbers(await passwords('deploy/kubeconfig', kubeconfig))).toEqual([4]);
    expect(lineNumbers(await passwords('ci/prod.kubeconfig', kubeconfig))).toEqual([4]);
  });

  it('reads database logins passed positionally (JDBC, PDO, mysqli)', async () => {
    const pw = fake.password();
    const lines = [
      `Connection c = DriverManager.getConnection("jdbc:mysql://db.internal/app", "app", "${pw}");`, // 1
      `$pdo = new PDO($dsn, 'shop', '${pw}');`, // 2
      `$db = mysqli_connect('db.internal', 'shop', '${pw}', 'shop');`, // 3
      `$db = new mysqli("db.internal", "shop", "${pw}", "shop");`, // 4
      'Connection c = DriverManager.getConnection(url, user, password);', // 5: variables
      "$pdo = new PDO($dsn, 'root', '');", // 6: empty
      "$db = mysqli_connect('localhost', 'root', 'password');", // 7: a placeholder
    ];
    expect(lineNumbers(await passwords('src/Db.php', lines))).toEqual([1, 2, 3, 4]);
  });

  it('reads environment entries written as a name and a value (Kubernetes, ECS), not valueFrom references', async () => {
    const pw = fake.password();
    const k8s = [
      '        env:', // 1
      '          - name: DB_PASSWORD', // 2
      `            value: "${pw}"`, // 3
      '          - name: LOG_LEVEL', // 4
      '            value: info', // 5
      '          - name: API_TOKEN', // 6
      `            value: ${randomChars('k8s-token', 32)}`, // 7
      '          - name: SMTP_PASSWORD', // 8
      '            valueFrom:', // 9
      '              secretKeyRef: { name: smtp, key: password }', // 10
      '          - name: REDIS_PASSWORD', // 11
      '            value: "{{ .Values.redis.password }}"', // 12
    ];
    expect(lineNumbers(await passwords('k8s/deployment.yaml', k8s))).toEqual([3, 7]);
    const ecs = [
      '      "environment": [', // 1
      `        { "name": "DB_PASSWORD", "value": "${pw}" },`, // 2
      '        {', // 3
      '          "name": "STRIPE_SECRET",', // 4
      `          "value": "${randomChars('ecs', 32)}"`, // 5
      '        },', // 6
      '        { "name": "PORT", "value": "8080" }', // 7
    ];
    expect(lineNumbers(await passwords('ecs/task-definition.json', ecs))).toEqual([2, 5]);
  });

  it('reads a CloudFormation/SAM template.yaml (deployed), not a config.template.yaml (an example)', async () => {
    const lines = ['      Environment:', '        Variables:', `          DB_PASSWORD: ${fake.password()}`];
    expect(lineNumbers(await passwords('template.yaml', lines))).toEqual([3]);
    expect(
      lineNumbers(
        await passwords('cdk.out/OrdersStack.template.json', [`"DB_PASSWORD": "${fake.password()}"`]),
      ),
    ).toEqual([1]);
    expect(await passwords('config/settings.template.yaml', lines)).toEqual([]);
  });

  it('reads Clojure and EDN maps', async () => {
    const lines = [
      `{:db {:user "orders" :password "${fake.password()}"}`, // 1
      ` :stripe/secret-key "${randomChars('edn', 32)}"`, // 2
      ' :api-key (System/getenv "API_KEY")', // 3: a reference
      ' :log-level "info"}', // 4
    ];
    expect(lineNumbers(await passwords('resources/config.edn', lines))).toEqual([1, 2]);
    expect(
      lineNumbers(await passwords('src/app/core.clj', [`(def api-key "${randomChars('clj', 32)}")`])),
    ).toEqual([1]);
  });

  it('reads Windows batch files', async () => {
    const lines = [`set DB_PASSWORD=${fake.password()}`, 'set DB_PASSWORD=%1', 'setx API_HOST api.example'];
    expect(lineNumbers(await passwords('scripts/deploy.bat', lines))).toEqual([1]);
  });
});

describe('passwords given to command-line tools', () => {
  it('reports a literal piped to --password-stdin and short password flags of registry and database clients', async () => {
    const pw = fake.password();
    const lines = [
      `        run: echo "${pw}" | docker login registry.example -u ci --password-stdin`, // 1
      `printf '%s' '${pw}' | podman login quay.io -u bot --password-stdin`, // 2
      `docker login -u ci -p ${pw} registry.example`, // 3
      `sqlcmd -S db.internal -U sa -P '${pw}' -Q "SELECT 1"`, // 4
      `mongosh "mongodb://db.internal/app" -u admin -p ${pw}`, // 5
      'echo "$REGISTRY_PASSWORD" | docker login registry.example -u ci --password-stdin', // 6: a variable
      'echo ${{ secrets.REGISTRY_TOKEN }} | docker login ghcr.io -u bot --password-stdin', // 7: a CI secret
      'docker login -u ci -p "$CI_REGISTRY_PASSWORD" $CI_REGISTRY', // 8
      'aws ecr get-login-password | docker login --username AWS --password-stdin 1234.dkr.ecr.example', // 9
    ];
    expect((await formats('.github/workflows/release.yml', lines)).map((f) => [f.line, f.ruleId])).toEqual([
      [1, 'secrets/cli-password'],
      [2, 'secrets/cli-password'],
      [3, 'secrets/cli-password'],
      [4, 'secrets/cli-password'],
      [5, 'secrets/cli-password'],
    ]);
  });

  it('reports other tools’ password flags, and a password piped to sudo -S or passwd --stdin', async () => {
    const pw = fake.password();
    const lines = [
      `wget --http-user=ci --http-password=${pw} https://files.example/build.tgz`, // 1
      `keytool -importkeystore -srckeystore app.p12 -storepass ${pw}`, // 2
      `openssl pkcs12 -export -in cert.pem -out cert.p12 -passout pass:${pw}`, // 3
      `ldapsearch -x -D "cn=admin,dc=example" -w ${pw} -b "dc=example"`, // 4
      `htpasswd -b -c /etc/nginx/.htpasswd admin ${pw}`, // 5
      `echo "${pw}" | sudo -S systemctl restart app`, // 6
      'keytool -importkeystore -storepass "$STORE_PASS"', // 7: a variable
      'psql --no-password --host=db.internal app', // 8: a flag, not a value
      'htpasswd -B /etc/nginx/.htpasswd admin', // 9: prompts for the password
    ];
    expect(lineNumbers(await formats('scripts/provision.sh', lines))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reports NAME=value given to a command: docker -e, --build-arg, helm --set, kubectl --from-literal', async () => {
    const pw = fake.password();
    const lines = [
      `docker run -d -e POSTGRES_PASSWORD=${pw} -p 5432:5432 postgres:16`, // 1
      `docker build --build-arg NPM_TOKEN=${randomChars('npm-arg', 36)} .`, // 2
      `helm upgrade --install db bitnami/postgresql --set auth.password=${pw}`, // 3
      `kubectl create secret generic api --from-literal=api-key=${randomChars('kubectl', 32)}`, // 4
      `terraform apply -var "db_password=${pw}"`, // 5
      'docker run -e POSTGRES_PASSWORD=$POSTGRES_PASSWORD postgres:16', // 6: a variable
      'helm upgrade --install db bitnami/postgresql --set auth.existingSecret=db-credentials', // 7
      'docker run -e POSTGRES_HOST_AUTH_METHOD=trust postgres:16', // 8
    ];
    expect(lineNumbers(await passwords('scripts/dev-db.sh', lines))).toEqual([1, 2, 3, 4, 5]);
    expect(lineNumbers(await passwords('.github/workflows/ci.yml', [`        run: ${lines[0]}`]))).toEqual([
      1,
    ]);
  });

  it('leaves them alone in docs and tests', async () => {
    const line = `echo "${fake.password()}" | docker login registry.example -u ci --password-stdin`;
    expect(await formats('docs/registry.md', [line])).toEqual([]);
    expect(await formats('tests/test_release.sh', [line])).toEqual([]);
  });
});

describe('references to a secret stored elsewhere are not the secret', () => {
  it('skips the reference syntaxes of common tools under credential names', async () => {
    const lines = [
      'client_secret: $__file{/etc/secrets/oauth/client-secret}', // Grafana
      'password: $__env{GF_DATABASE_PASSWORD}', // Grafana
      'api_key: $__vault{kv/grafana:api_key}', // Grafana
      'password: "{{ .Values.postgres.password }}"', // Helm / Go template
      "password: '{{ vault_db_password }}'", // Ansible / Jinja
      'password: vault:secret/data/orders#password', // Bank-Vaults
      'api_token: ref+vault://secret/data/ci#token', // vals / helm-secrets
      'db_password: ENC[AES256_GCM,data:Tr3xQ9vZ,iv:8fK2mQ,tag:Wm4p,type:str]', // SOPS
      'DB_PASSWORD: "{{resolve:secretsmanager:prod/orders-db:SecretString:password}}"', // CloudFormation
      'DB_PASSWORD: "@Microsoft.KeyVault(SecretUri=https://kv-orders.vault.azure.net/secrets/db/)"', // Azure
      'spring.datasource.password: ${DB_PASSWORD}', // Spring
      'secret: "%env(APP_SECRET)%"', // Symfony
      'secret: "%kernel.secret%"', // Symfony parameter
      'password: projects/orders-prod/secrets/db-password/versions/latest', // GCP Secret Manager
      'password_file: /run/secrets/db_password', // a file path
      'client_secret: secrets/oauth-client-secret.txt', // a relative file path
      'private_key: config/keys/signing.pem', // a key file
      'password: file:/etc/orders/db-password', // a file URL
      'admin_password: $2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW', // bcrypt
      'admin_password: "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"', // argon2
      'htpasswd_password: $apr1$r31xQ9pz$HqJZimcKQFAMYayBlzkrA/', // Apache MD5
    ];
    expect(await passwords('deploy/values.yaml', lines)).toEqual([]);
  });

  it('skips ciphertext that is safe to commit: SealedSecrets and SOPS-encrypted files', async () => {
    const sealed = [
      'apiVersion: bitnami.com/v1alpha1',
      'kind: SealedSecret',
      'spec:',
      '  encryptedData:',
      `    admin-password: Ag${token('sealed', 300)}==`,
      `    api-token: Ag${token('sealed2', 300)}==`,
    ];
    expect(await all('manifests/sealed-admin.yaml', sealed)).toEqual([]);
    const sops = [
      `db_password: ENC[AES256_GCM,data:${token('sops1', 24)},iv:${token('sops2', 43)}=,type:str]`,
      `api_key: ${token('sops3', 40)}`,
      'sops:',
      '    version: 3.9.0',
    ];
    expect(await all('secrets/prod.yaml', sops)).toEqual([]);
  });

  it('still reports a plain value beside such references in another file', async () => {
    const lines = ['client_secret: $__file{/etc/secrets/client-secret}', `password: ${fake.password()}`];
    expect(lineNumbers(await passwords('grafana/values.yaml', lines))).toEqual([2]);
  });
});

describe('a GCP service-account key file', () => {
  it('is reported once, on its "private_key" line (the key), not on the opening brace', async () => {
    const keyFile = JSON.stringify(
      {
        type: 'service_account',
        project_id: 'notify-prod',
        private_key_id: randomChars('gcp-kid', 40, HEX),
        private_key: `${generatedPrivateKeyPem()}\n`,
        client_email: 'notifier@notify-prod.iam.gserviceaccount.com',
      },
      null,
      2,
    ).split('\n');
    const findings = await analyzeFiles(
      [addedFile('credentials/service-account.json', keyFile)],
      DEFAULT_SETTINGS,
    );
    expect(findings.map((f) => [f.line, f.ruleId])).toEqual([[5, 'secrets/gcp']]);
    expect(findings[0]?.message).toContain('GCP service-account key');
  });
});

describe('the new patterns on hostile lines', () => {
  it('find nothing in long runs of near-matches (each pattern is bounded and linear)', async () => {
    const hostile = [
      'echo a'.repeat(300) + ' | docker login',
      ' | '.repeat(600) + '--password-stdin',
      'docker login -p'.repeat(200),
      '--http-password='.repeat(200),
      'htpasswd -b '.repeat(250),
      ' -e A='.repeat(400),
      'Authorization: Bearer '.repeat(150),
      'AIza'.repeat(700),
      '<key>password</key>'.repeat(100),
      'buildConfigField "String", "'.repeat(100),
      ' a=b'.repeat(700),
    ];
    expect(await formats('scripts/hostile.sh', hostile)).toEqual([]);
    expect(await passwords('scripts/hostile.sh', hostile)).toEqual([]);
    expect(await passwords('inventory/hosts', hostile)).toEqual([]);
    expect(await passwords('Info.plist', hostile)).toEqual([]);
  });
});
