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

async function scan(path: string, patch: string): Promise<Finding[]> {
  return secretlintAnalyzer.analyze(parsePatch({ path, status: 'modified', patch }), DEFAULT_SETTINGS);
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
    for (const finding of findings) {
      expect(finding).toMatchObject({ path: 'src/config.ts', severity: 'critical', category: 'security' });
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
    expect(findings.map((f) => [f.line, f.ruleId])).toEqual([
      [1, 'secrets/gcp'],
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
});
