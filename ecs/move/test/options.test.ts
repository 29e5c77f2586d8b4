import { parseMoveArgs, UsageError } from '../src';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseMoveArgs(argv, env, '/srv/kodus');
const HTTP = ['--pm2-instance', 'i-0123456789abcdef0', '--url', 'https://hooks.example.com'];

describe('kodus-move arguments', () => {
  it('reads the PM2 instance and URL from the environment and resolves paths from the working directory', () => {
    const options = parse(['cutover', 'webhook-handler'], {
      PM2_INSTANCE_ID: 'i-0123456789abcdef0',
      KODUS_WEBHOOK_URL: 'https://hooks.example.com',
      GITHUB_WEBHOOK_SECRET: 's3cret',
    });
    expect(options).toMatchObject({
      phase: 'cutover',
      definitions: '/srv/kodus/ecs/rendered',
      pm2InstanceId: 'i-0123456789abcdef0',
      url: 'https://hooks.example.com',
      probes: 3,
      intervalMs: 10000,
      timeoutMs: 900000,
      dryRun: false,
      secrets: { githubWebhookSecret: 's3cret' },
    });
    expect(options.apps.map((a) => a.name)).toEqual(['webhook-handler']);
  });

  it("reads every provider's webhook secret; Azure DevOps only with both its user and password", () => {
    const argv = ['side-by-side', 'webhook-handler', '--pm2-instance', 'i-0123456789abcdef0'];
    const env = {
      KODUS_WEBHOOK_URL: 'https://hooks.example.com',
      GITLAB_WEBHOOK_TOKEN: 'gl',
      BITBUCKET_WEBHOOK_SECRET: 'bb',
      AZURE_DEVOPS_WEBHOOK_USER: 'hooks',
      AZURE_DEVOPS_WEBHOOK_PASSWORD: 'az',
      GITHUB_WEBHOOK_SECRET: '',
    };
    expect(parse(argv, env).secrets).toEqual({
      gitlabWebhookSecret: 'gl',
      bitbucketWebhookSecret: 'bb',
      azureDevopsWebhook: { user: 'hooks', password: 'az' },
    });
    expect(parse(argv, { ...env, AZURE_DEVOPS_WEBHOOK_PASSWORD: undefined }).secrets).not.toHaveProperty(
      'azureDevopsWebhook',
    );
  });

  it.each([
    [['cutover', 'webhook-handler', '--url', 'https://h.example.com'], /--pm2-instance/],
    [['cutover', 'api-rest', '--pm2-instance', 'i-0123456789abcdef0'], /--url \(or KODUS_API_URL\)/],
    [
      ['cutover', 'webhook-handler', '--pm2-instance', 'host-1', '--url', 'https://h.example.com'],
      /an EC2 instance id/,
    ],
    [['cutover', 'webhook-handler', ...HTTP, '--url', 'file:///etc/passwd'], /--url/],
    [['cutover', 'worker', '--probes', '0'], /--probes/],
    [['cutover'], /one app at a time/],
    [['cutover', 'worker', 'api-rest'], /one app at a time/],
    [['migrate', 'worker'], /migrate takes no app/],
    [['deploy', 'worker'], /unknown phase deploy/],
    [['cutover', 'scheduler'], /unknown app scheduler/],
    // Secrets are never command-line arguments (they would land in the shell history and `ps`).
    [['cutover', 'api-rest', ...HTTP, '--api-admin-token', 'x'], /Unknown option '--api-admin-token'/],
  ])('%j is refused', (argv, message) => {
    expect(() => parse(argv)).toThrow(UsageError);
    expect(() => parse(argv)).toThrow(message);
  });

  it('status covers every app unless told which; the worker needs neither an instance nor a URL', () => {
    expect(parse(['status']).apps.map((a) => a.name)).toEqual(['webhook-handler', 'api-rest', 'worker']);
    expect(parse(['side-by-side', 'worker', '--dry-run']).dryRun).toBe(true);
  });
});
