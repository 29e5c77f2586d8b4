import { registeredProviders } from '@kodus/git-providers';
import { PermanentJobError, type ReviewJob } from '@kodus/queue';
import { GithubStandIn } from '@kodus/test-helpers';
import { generateKeyPairSync } from 'node:crypto';
import { ProviderClients, type WorkerProviderSettings } from '../src/provider-clients';

const HEAD = 'a'.repeat(40);
const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

const job = (extra: Partial<ReviewJob> = {}): ReviewJob => ({
  version: 2,
  provider: 'github',
  deliveryId: 'd-1',
  trigger: 'opened',
  repository: { provider: 'github', owner: 'acme', name: 'shop' },
  pullRequest: { number: 1, headSha: HEAD },
  receivedAt: new Date().toISOString(),
  ...extra,
});

const settings = (github: WorkerProviderSettings['github']): WorkerProviderSettings => ({
  github,
  gitlab: { url: 'https://gitlab.com' },
  bitbucket: { apiUrl: 'https://api.bitbucket.org/2.0' },
  azureDevOps: { url: 'https://dev.azure.com' },
});

describe('ProviderClients: the registry-based client factory', () => {
  let github: GithubStandIn;
  beforeEach(async () => {
    github = await new GithubStandIn({ app: { appId: '7', publicKey: keys.publicKey } }).start();
    github.addPullRequest(
      { owner: 'acme', name: 'shop' },
      { number: 1, headSha: HEAD, baseSha: 'b'.repeat(40) },
    );
  });
  afterEach(() => github.stop());

  it('gives a working neutral client, cached per credential (installation, repository lookup, token)', async () => {
    const app = { id: '7', privateKey: keys.privateKey };
    const clients = new ProviderClients(settings({ apiUrl: github.url, app, token: 'test-token' }));
    const first = clients.clientFor(job({ githubInstallationId: 3 }));
    expect(clients.clientFor(job({ githubInstallationId: 3, deliveryId: 'd-2' }))).toBe(first);
    expect(clients.clientFor(job({ githubInstallationId: 4 }))).not.toBe(first);
    const manual = clients.clientFor(job({ trigger: 'manual' }));
    expect(clients.clientFor(job({ trigger: 'manual', deliveryId: 'd-3' }))).toBe(manual);
    await expect(first.getPullRequest(job().repository, 1)).resolves.toMatchObject({ headSha: HEAD });
  });

  it('refuses, permanently, a provider without an adapter or without credentials', () => {
    const clients = new ProviderClients(settings({ apiUrl: github.url }));
    expect(() => clients.clientFor(job())).toThrow(PermanentJobError);
    const gitlab = job({ provider: 'gitlab', repository: { provider: 'gitlab', path: 'acme/shop' } });
    expect(() => clients.clientFor(gitlab)).toThrow(PermanentJobError);
  });

  it('names each registered provider it has no credentials for, once, without a credential', () => {
    const none = new ProviderClients(settings({ apiUrl: github.url }));
    expect(none.missingCredentials()).toMatch(/no provider credentials/);
    expect(none.unconfiguredProviders().map((p) => p.provider)).toEqual(
      registeredProviders().map((a) => a.name),
    );
    const withToken = new ProviderClients(settings({ apiUrl: github.url, token: 'secret-token-value' }));
    expect(withToken.missingCredentials()).toBeUndefined();
    const missing = withToken.unconfiguredProviders();
    expect(missing.map((p) => p.provider)).not.toContain('github');
    expect(JSON.stringify(missing)).not.toContain('secret-token-value');
  });
});
