import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_VARIABLES } from '../src';

/** The variables the operator contract names (shared/CONTRACT.md, "Environment"). */
const CONTRACT_VARIABLES = [
  'COMPONENT_TYPE',
  'REDIS_URL',
  'DATABASE_URL',
  'GITHUB_WEBHOOK_SECRET',
  'GITLAB_WEBHOOK_TOKEN',
  'BITBUCKET_WEBHOOK_SECRET',
  'AZURE_DEVOPS_WEBHOOK_USER',
  'AZURE_DEVOPS_WEBHOOK_PASSWORD',
  'GITHUB_TOKEN',
  'GITHUB_API_URL',
  'GITHUB_APP_ID',
  'GITHUB_APP_PRIVATE_KEY',
  'GITLAB_TOKEN',
  'GITLAB_URL',
  'BITBUCKET_TOKEN',
  'BITBUCKET_USERNAME',
  'BITBUCKET_APP_PASSWORD',
  'BITBUCKET_API_URL',
  'AZURE_DEVOPS_TOKEN',
  'AZURE_DEVOPS_URL',
  'LLM_PROVIDER',
  'LLM_MODEL',
  'LLM_API_KEY',
  'LLM_BASE_URL',
  'WORKER_CONCURRENCY',
  'API_ADMIN_TOKEN',
  'ENCRYPTION_KEY',
  'HOST',
  'LOG_LEVEL',
  'WEBHOOK_PORT',
  'API_PORT',
];

describe('.env.example', () => {
  const documented = new Set(
    readFileSync(join(__dirname, '..', '..', '..', '.env.example'), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z0-9_]+=/.test(line))
      .map((line) => line.slice(0, line.indexOf('='))),
  );

  it('lists every variable the config schema reads', () => {
    expect(ALL_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('the schema reads every variable of the operator contract', () => {
    expect(CONTRACT_VARIABLES.filter((name) => !ALL_VARIABLES.includes(name))).toEqual([]);
  });
});
