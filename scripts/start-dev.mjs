#!/usr/bin/env node
// `npm start`: the whole Kodus stack on this machine, in the foreground, under PM2 (pm2-runtime) —
// the same ecosystem file an EC2 host uses. Ctrl+C drains every app and exits.
//
// 1. creates .env from .env.example with fresh development secrets when there is none;
// 2. builds the apps (turbo: a no-op when nothing changed);
// 3. migrates the database named by DATABASE_URL (creating it when it is missing);
// 4. runs pm2-runtime with pm2/ecosystem.config.js.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const envFile = join(root, '.env');

function say(message) {
  process.stderr.write(`kodus: ${message}\n`);
}

if (!existsSync(envFile)) {
  const example = readFileSync(join(root, '.env.example'), 'utf8')
    .replace(/^ENCRYPTION_KEY=$/m, `ENCRYPTION_KEY=${randomBytes(32).toString('hex')}`)
    .replace(/^API_ADMIN_TOKEN=$/m, `API_ADMIN_TOKEN=${randomBytes(32).toString('hex')}`)
    .replace(/^LOG_PRETTY=$/m, 'LOG_PRETTY=true');
  writeFileSync(envFile, example, { mode: 0o600 });
  say('created .env with fresh development secrets (API_ADMIN_TOKEN is in it)');
}
process.loadEnvFile(envFile);

const build = spawnSync(
  process.execPath,
  [require.resolve('turbo/bin/turbo'), 'run', 'build', '--output-logs=errors-only'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);

// The same once-per-deploy step operators run (`npm run migrate`).
const migration = spawnSync(
  process.execPath,
  [join(root, 'packages', 'persistence', 'dist', 'migrate-command.js')],
  {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  },
);
if (migration.status !== 0) {
  say('the migration failed (is PostgreSQL running? see DATABASE_URL in .env); not starting the stack');
  process.exit(migration.status ?? 1);
}

const pm2 = spawn(
  process.execPath,
  [require.resolve('pm2/bin/pm2-runtime'), join(root, 'pm2', 'ecosystem.config.js')],
  {
    cwd: root,
    stdio: 'inherit',
    // A PM2 home inside the checkout: never mixes with a PM2 daemon the developer runs elsewhere.
    env: { ...process.env, PM2_HOME: process.env.PM2_HOME || join(root, '.pm2') },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => pm2.kill(signal));
pm2.on('exit', (code) => process.exit(code ?? 0));
