import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type AppName = 'webhook-handler' | 'api-rest' | 'worker';

/** The repository root, found from this package's location. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** The built entry file of an app, as PM2, docker and ECS run it. */
export function appEntry(app: AppName, file = 'main.js'): string {
  const entry = join(REPO_ROOT, 'apps', app, 'dist', file);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build the apps first (npm run build)`);
  return entry;
}

/** Fresh credentials for one test run: valid for the config schema, never reused. */
export function testSecrets(): { API_ADMIN_TOKEN: string; ENCRYPTION_KEY: string } {
  return {
    API_ADMIN_TOKEN: randomBytes(24).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  };
}
