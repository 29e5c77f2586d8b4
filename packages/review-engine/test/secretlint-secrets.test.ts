import { secretlintAnalyzer } from '../src/analyzers/secretlint-secrets';
import { DEFAULT_SETTINGS, parsePatch, type Finding } from '../src';
import {
  addedFile,
  fakeAwsAccessKeyId,
  fakeAwsSecretKey,
  fakeGithubToken,
  fakeNpmToken,
  fakeSlackToken,
  generatedPrivateKeyPem,
} from './fixtures';
import { fake, run } from './secrets-fixtures';

async function scan(path: string, patch: string): Promise<Finding[]> {
  return secretlintAnalyzer.analyze(parsePatch({ path, status: 'modified', patch }), DEFAULT_SETTINGS);
}

async function scanLines(path: string, lines: readonly string[]): Promise<Finding[]> {
  return run(secretlintAnalyzer, path, lines);
}

const SECRET_VALUES = () => [
  fakeAwsAccessKeyId,
  fakeAwsSecretKey,
  fakeGithubToken,
  fakeSlackToken,
  fakeNpmToken,
  'hunter2-Secret',
];

describe('secretlint analyzer', () => {
  it('reports cloud keys and tokens on the new-file line that adds them', async () => {
    const patch = [
      '@@ -10,3 +10,9 @@ export const config = {',
      '   region: "eu-west-1",',
      `+  accessKeyId: "${fakeAwsAccessKeyId}",`,
      `+  aws_secret_access_key: "${fakeAwsSecretKey}",`,
      '-  old: true,',
      '   retries: 3,',
      `+  github: "${fakeGithubToken}",`,
      `+  slack: "${fakeSlackToken}",`,
      `+  npm: "${fakeNpmToken}",`,
      '+  db: "https://admin:hunter2-Secret@db.internal.example.com/app",',
      ' };',
    ].join('\n');
    const findings = await scan('src/config.ts', patch);
    expect(findings.map((f) => [f.line, f.ruleId])).toEqual([
      [11, 'secrets/aws'],
      [12, 'secrets/aws'],
      [14, 'secrets/github'],
      [15, 'secrets/slack'],
      [16, 'secrets/npm'],
      [17, 'secrets/basicauth'],
    ]);
    expect(findings.map((f) => f.severity)).toEqual([
      'critical',
      'critical',
      'critical',
      'high',
      'critical',
      'high',
    ]);
    for (const finding of findings) {
      expect(finding).toMatchObject({ path: 'src/config.ts', category: 'security' });
      expect(finding.message).toMatch(/rotate/);
      for (const value of SECRET_VALUES()) expect(finding.message).not.toContain(value);
    }
    expect(findings[0]?.message).toContain('AWS access key ID');
    expect(findings[1]?.message).toContain('AWS secret access key');
  });

  it('reports a PEM private key spanning many added lines once, on its first line', async () => {
    const pemLines = generatedPrivateKeyPem().split('\n');
    const patch = [
      `@@ -1,2 +1,${pemLines.length + 2} @@`,
      ' const before = 1;',
      '+const key = `',
      ...pemLines.map((l) => `+${l}`),
      ' const after = 2;',
    ].join('\n');
    const findings = await scan('src/keys.ts', patch);
    expect(findings).toEqual([
      expect.objectContaining({
        line: 3,
        ruleId: 'secrets/privatekey',
        severity: 'critical',
        category: 'security',
      }),
    ]);
    expect(findings[0]?.message).toContain('private key');
  });

  it('reports a GCP service-account key file added as JSON', async () => {
    const keyFile = JSON.stringify(
      {
        type: 'service_account',
        project_id: 'demo-project',
        private_key_id: 'f'.repeat(40),
        private_key: `${generatedPrivateKeyPem()}\n`,
        client_email: 'bot@demo-project.iam.gserviceaccount.com',
      },
      null,
      2,
    ).split('\n');
    const file = addedFile('deploy/service-account.json', keyFile);
    const findings = await scan(file.path, file.patch ?? '');
    // Reported on the "private_key" line (the corpus's convention for a key: its BEGIN line), not on the `{`.
    expect(findings.map((f) => [f.line, f.ruleId])).toEqual([
      [5, 'secrets/gcp'],
      [5, 'secrets/privatekey'],
    ]);
    expect(findings[0]?.message).toContain('GCP service-account key');
  });

  it('ignores AWS documentation example keys, placeholders, removed and context lines', async () => {
    const patch = [
      '@@ -1,4 +1,4 @@',
      `-const removed = "${fakeAwsAccessKeyId}";`,
      `+const docs = "AKIA${'IOSFODNN7EXAMPLE'}";`,
      `+const placeholder = process.env.AWS_ACCESS_KEY_ID;`,
      ` const context = "${fakeGithubToken}";`,
      '+const key = "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----";',
    ].join('\n');
    expect(await scan('src/a.ts', patch)).toEqual([]);
  });

  it('honours secretlint-disable-line comments', async () => {
    const patch = ['@@ -0,0 +1 @@', `+const token = "${fakeGithubToken}"; // secretlint-disable-line`].join(
      '\n',
    );
    expect(await scan('src/a.ts', patch)).toEqual([]);
  });

  it('skips documented examples and plainly fake tokens, in .env.example files and docs above all', async () => {
    const awsPair = [
      `AWS_ACCESS_KEY_ID=AKIA${'IOSFODNN7EXAMPLE'}`,
      `AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCY${'EXAMPLEKEY'}`,
    ];
    expect(await scanLines('.env.example', awsPair)).toEqual([]);
    expect(await scanLines('src/aws.ts', awsPair)).toEqual([]);
    const fakes = [
      `STRIPE_KEY=sk_test_${'4eC39HqLyjWDarjtT1zdp7dc'}`,
      `GITHUB_TOKEN=gh${'p_'}${'0'.repeat(36)}`,
      `GITHUB_TOKEN=gh${'p_'}${'X'.repeat(36)}`,
      `NPM_TOKEN=np${'m_'}${'abcdefghijklmnopqrstuvwxyz0123456789'}`,
      'DATABASE_URL=postgres://postgres:postgres@localhost:5432/app',
      'DATABASE_URL=postgres://user:password@localhost:5432/app',
    ];
    expect(await scanLines('.env.sample', fakes)).toEqual([]);
    expect(await scanLines('docs/configuration.md', fakes)).toEqual([]);
    expect(await scanLines('config/app.conf.dist', fakes)).toEqual([]);
  });

  it('reports a live-format token in docs and tests, a connection string only in code', async () => {
    const token = [`GITHUB_TOKEN=${fakeGithubToken}`];
    expect(await scanLines('README.md', token)).toHaveLength(1);
    expect(await scanLines('test/api.test.ts', token)).toHaveLength(1);
    const db = ['DATABASE_URL=postgres://app:Zq81-kPvL2mNw@db.internal:5432/app'];
    expect(await scanLines('README.md', db)).toEqual([]);
    expect(await scanLines('test/db.test.ts', db)).toEqual([]);
    expect(await scanLines('config/production.env', db)).toEqual([
      expect.objectContaining({ ruleId: 'secrets/database-connection-string', severity: 'high' }),
    ]);
  });

  it('reports a Stripe test-mode key as medium in code, not in tests or examples', async () => {
    const line = [`stripe.api_key = "${fake.stripeTest()}"`];
    const [finding] = await scanLines('app/billing.py', line);
    expect(finding).toMatchObject({ ruleId: 'secrets/stripe', severity: 'medium' });
    expect(finding?.message).toMatch(/test data only/);
    expect(await scanLines('tests/test_billing.py', line)).toEqual([]);
    expect(await scanLines('docs/billing.md', line)).toEqual([]);
    expect(await scanLines('app/billing.py', [`stripe.api_key = "${fake.stripeLive()}"`])).toEqual([
      expect.objectContaining({ severity: 'critical' }),
    ]);
  });

  it("reports nothing in a secret scanner's own tests", async () => {
    const lines = [
      'it("detects GitHub tokens", () => {',
      `  expect(scan("${fakeGithubToken}")).toHaveLength(1);`,
      '});',
    ];
    expect(await scanLines('test/detector.test.ts', lines)).toEqual([]);
    expect(
      await scanLines('packages/leak-scanner/tests/rules_test.py', [`TOKEN = "${fakeGithubToken}"`]),
    ).toEqual([]);
  });
});
