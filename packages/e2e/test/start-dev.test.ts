import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError, loadConfig } from '@kodus/config';
import { REPO_ROOT } from '@kodus/test-helpers';

interface DevEnv {
  completeEnvText(text: string, env?: Record<string, string | undefined>): { text: string; added: string[] };
}

const devEnv = async () => (await import(join(REPO_ROOT, 'scripts', 'dev-env.mjs'))) as DevEnv;
/** The .env a newcomer writes for compose: the example as it is, secrets empty (compose has defaults). */
const composeEnv = () => readFileSync(join(REPO_ROOT, '.env.example'), 'utf8');

function configProblems(text: string): string[] {
  const env = parseEnv(text);
  return (['webhook', 'api', 'worker'] as const).flatMap((component) => {
    try {
      loadConfig(component, { ...env, COMPONENT_TYPE: component });
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return [...error.problems];
      throw error;
    }
  });
}

describe('npm start with a .env written for compose', () => {
  it('fills in the secrets it lacks, so every app starts from the same .env', async () => {
    const { completeEnvText } = await devEnv();
    expect(configProblems(composeEnv()).length).toBeGreaterThan(0);
    const { text, added } = completeEnvText(composeEnv(), {});
    expect(added.sort()).toEqual(['API_ADMIN_TOKEN', 'ENCRYPTION_KEY']);
    expect(configProblems(text)).toEqual([]);
    expect(parseEnv(text).ENCRYPTION_KEY).toMatch(/^[0-9a-f]{64}$/);
    // Everything else is kept line for line.
    const others = (t: string) => t.split('\n').filter((l) => !/^(ENCRYPTION_KEY|API_ADMIN_TOKEN)=/.test(l));
    expect(others(text)).toEqual(others(composeEnv()));
  });

  it('keeps values already set, in the file or in the environment, and appends missing lines', async () => {
    const { completeEnvText } = await devEnv();
    const set = completeEnvText(`ENCRYPTION_KEY=${'a'.repeat(64)}\nAPI_ADMIN_TOKEN=${'b'.repeat(40)}\n`, {});
    expect(set.added).toEqual([]);
    const fromEnv = completeEnvText('LOG_LEVEL=debug', { ENCRYPTION_KEY: 'c'.repeat(64) });
    expect(fromEnv.added).toEqual(['API_ADMIN_TOKEN']);
    expect(fromEnv.text).toMatch(/^LOG_LEVEL=debug\nAPI_ADMIN_TOKEN=[0-9a-f]{64}\n$/);
  });
});
