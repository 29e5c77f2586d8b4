import { createHash } from 'node:crypto';
import { analyzeFiles, DEFAULT_SETTINGS } from '../src';
import { looksGenerated } from '../src/analyzers/secrets/credential-values';
import { addedFile, generatedPrivateKeyPem } from './fixtures';
import { fake, pemBlock, randomChars, uuid } from './secrets-fixtures';

/*
 * Look-alikes a new labelled set is likely to hold, each checked through the whole pipeline (every
 * analyzer, as a review runs them) under the names that make the heuristics look hardest.
 */
async function secretLines(path: string, lines: readonly string[]): Promise<number[]> {
  const findings = await analyzeFiles([addedFile(path, lines)], DEFAULT_SETTINGS);
  return findings.filter((f) => f.ruleId.startsWith('secrets/')).map((f) => f.line);
}

const HEX = '0123456789abcdef';
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const sri = (text: string) => `sha512-${createHash('sha512').update(text).digest('base64')}`;

describe('look-alikes stay quiet', () => {
  it('ids under weak credential names: UUIDs, commit SHAs, digests, integrity hashes', async () => {
    const lines = [
      `const deviceToken = '${uuid('device')}';`,
      `const idempotencyKey = '${uuid('idem')}';`,
      `release_key = "${sha1('release')}"`,
      `cache_key = "${sha256('cache')}"`,
      `"integrity": "${sri('left-pad')}",`,
      `const objectKey = 'uploads/2026/11/${uuid('obj')}.png';`,
      `const assetToken = '${sha256('asset').slice(0, 32)}';`,
      `<Row key="${randomChars('react-key', 24)}" />`, // React's key prop
      `key = "${randomChars('tf-key', 24)}/terraform.tfstate"`, // a bare key: an object key
    ];
    expect(await secretLines('src/ids.ts', lines)).toEqual([]);
  });

  it('a base64 image, a public key and a certificate under key-like names', async () => {
    const png = `iVBORw0KGgo${randomChars('png', 200)}`;
    const lines = [
      `const logoKey = '${png}';`,
      `const iconToken = 'data:image/png;base64,${randomChars('png2', 120)}';`,
      `ssh_public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${randomChars('ed', 43)} deploy@ci"`,
      `PUBLIC_KEY = "${randomChars('pubkey', 64)}"`,
      ...pemBlock('CERTIFICATE', 600),
      ...pemBlock('PUBLIC KEY', 300),
    ];
    expect(await secretLines('src/assets.py', lines)).toEqual([]);
  });

  it('publishable and browser keys by name', async () => {
    const lines = [
      `STRIPE_PUBLISHABLE_KEY=pk_live_${randomChars('pk', 24)}`,
      `RECAPTCHA_SITE_KEY=6Lc${randomChars('recaptcha', 37)}`,
      `ALGOLIA_SEARCH_ONLY_API_KEY=${randomChars('algolia', 32, HEX)}`,
      `ALGOLIA_SEARCH_KEY=${randomChars('algolia2', 32, HEX)}`,
      `MAPBOX_ACCESS_TOKEN=pk.eyJ1Ijoi${randomChars('mapbox-pk', 50)}.${randomChars('mapbox-sig', 22)}`,
      `STRIPE_KEY=pk_live_${randomChars('pk2', 24)}`,
    ];
    expect(await secretLines('.env.production', lines)).toEqual([]);
  });

  it('keys a front-end build ships (NEXT_PUBLIC_, VITE_, ...) and client-side analytics keys', async () => {
    const claims = (role: string) =>
      Buffer.from(JSON.stringify({ iss: 'supabase', ref: 'qwzx', role, iat: 1767225600 })).toString(
        'base64url',
      );
    const jwt = (role: string) =>
      [
        'ey',
        'JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
        '.',
        claims(role),
        '.',
        randomChars(`sig-${role}`, 43),
      ].join('');
    const env = [
      `NEXT_PUBLIC_POSTHOG_KEY=phc_${randomChars('phc', 43)}`, // 1
      `NEXT_PUBLIC_SUPABASE_ANON_KEY=${jwt('anon')}`, // 2
      `VITE_SEGMENT_WRITE_KEY=${randomChars('seg', 32)}`, // 3
      `REACT_APP_MIXPANEL_TOKEN=${randomChars('mix', 32, HEX)}`, // 4
      `VITE_GOOGLE_MAPS_KEY=${['AI', 'za'].join('')}${randomChars('maps', 35)}`, // 5
      `SUPABASE_SERVICE_ROLE_KEY=${jwt('service_role')}`, // 6: the server's key
      `NEXT_PUBLIC_STRIPE_SECRET_KEY=${randomChars('oops', 40)}`, // 7: a secret shipped to browsers
      `POSTHOG_PERSONAL_API_KEY=${randomChars('phx', 43)}`, // 8: a personal key is not the project key
    ];
    expect(await secretLines('web/.env.production', env)).toEqual([6, 7, 8]);
    const code = [
      `analytics.load({ writeKey: '${randomChars('seg2', 32)}' });`,
      `const supabase = createClient('https://qwzx.supabase.co', '${jwt('anon')}');`,
      `const amplitudeApiKey = '${randomChars('amp', 32, HEX)}';`,
      `const csrfToken = '${randomChars('csrf', 43)}';`,
      `<script src="https://maps.googleapis.com/maps/api/js?key=${['AI', 'za'].join('')}${randomChars('mjs', 35)}"></script>`,
    ];
    expect(await secretLines('src/analytics.tsx', code)).toEqual([]);
  });

  it('test passwords in tests, labels in translations, rules in validators', async () => {
    const pw = fake.password();
    expect(
      await secretLines('tests/test_login.py', [
        `    password = "${pw}"`,
        `    client.login(username="ana", password="${pw}")`,
        `    token = "${randomChars('test-token', 40)}"`,
      ]),
    ).toEqual([]);
    expect(
      await secretLines('locales/fr.json', [
        '{',
        '  "password": "Mot de passe",',
        '  "api_key": "Clé d’API",',
        '  "token_expired": "Votre session a expiré"',
        '}',
      ]),
    ).toEqual([]);
    expect(
      await secretLines('app/Http/Requests/RegisterRequest.php', [
        "            'password' => 'required|string|min:12|confirmed',",
        "            'api_token' => 'nullable|string|size:64',",
      ]),
    ).toEqual([]);
  });

  it('mock servers and end-to-end suites outside test folders, and mock values anywhere', async () => {
    const pw = fake.password();
    const handlers = [
      "  http.post('/api/login', () => HttpResponse.json({",
      `    token: '${randomChars('msw', 40)}',`,
      `    password: '${pw}',`,
      '  })),',
    ];
    expect(await secretLines('src/mocks/handlers.ts', handlers)).toEqual([]);
    expect(
      await secretLines('playwright/auth.setup.ts', [
        `const password = process.env.E2E_PASSWORD ?? '${pw}';`,
      ]),
    ).toEqual([]);
    expect(
      await secretLines('src/dev/server.ts', ["const apiToken = 'mock-token-4f9a2c7e1b8d3a6f5c0e9b2d';"]),
    ).toEqual([]);
  });

  it('example values in .env.example and docs', async () => {
    const env = [
      'INFLUX_TOKEN=your-influx-token',
      'SECRET_KEY=changeme',
      'DB_PASSWORD=',
      'API_KEY=<your api key>',
      'WANDB_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    ];
    expect(await secretLines('.env.example', env)).toEqual([]);
    const docs = [
      '```toml',
      `token = "${randomChars('docs-token', 60)}"`,
      'password = "s3cr3t-for-the-demo"',
      '```',
      'echo "hunter22" | docker login registry.example -u me --password-stdin',
    ];
    expect(await secretLines('docs/setup.md', docs)).toEqual([]);
  });

  it('hashed passwords (bcrypt, argon2, sha-crypt) in seeds and fixtures of code', async () => {
    const lines = [
      "  password_hash: '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW',",
      "  password: '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG',",
      `  password: '$6$rounds=5000$${randomChars('salt', 16)}$${randomChars('crypt', 86)}',`,
    ];
    expect(await secretLines('db/seeds/users.rb', lines)).toEqual([]);
  });

  it('lock files and checksums', async () => {
    const cargoLock = [
      '[[package]]',
      'name = "serde"',
      'version = "1.0.215"',
      'source = "registry+https://github.com/rust-lang/crates.io-index"',
      `checksum = "${sha256('serde')}"`,
    ];
    expect(await secretLines('Cargo.lock', cargoLock)).toEqual([]);
    expect(await secretLines('.cargo/config.toml', ['[net]', 'git-fetch-with-cli = true'])).toEqual([]);
  });
});

describe('the secrets beside the look-alikes are still found', () => {
  it('a private key, a generated token and a password in one configuration file', async () => {
    const pem = generatedPrivateKeyPem().trimEnd().split('\n');
    const lines = [
      '[service]', // 1
      `webhook_token = "${randomChars('wh', 48)}"`, // 2
      `password = "${fake.password()}"`, // 3
      `checksum = "${sha256('x')}"`, // 4
      'signing_key = """', // 5
      ...pem, // 6: the BEGIN line
      '"""',
    ];
    expect(await secretLines('config/service.toml', lines)).toEqual([2, 3, 6]);
  });
});

describe('looksGenerated', () => {
  it('tells generated tokens from names, paths, ids and hand-typed strings', () => {
    expect(looksGenerated(randomChars('g', 32))).toBe(true);
    expect(looksGenerated(`${randomChars('g2', 30)}==`)).toBe(true);
    expect(looksGenerated('platform/prod.tfstate')).toBe(false);
    expect(looksGenerated('orders-service-production-v2')).toBe(false);
    expect(looksGenerated(uuid('u'))).toBe(false);
    expect(looksGenerated(sha1('c'))).toBe(false);
    expect(looksGenerated('aaaabbbbccccdddd1111')).toBe(false);
    expect(looksGenerated('abcdefghijklmnop12345678')).toBe(false);
    expect(looksGenerated(`${randomChars('sp', 12)} ${randomChars('sp2', 12)}`)).toBe(false);
  });
});
