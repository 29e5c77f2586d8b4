#!/usr/bin/env node
// `npm start`: the whole Kodus stack on this machine, in the foreground, under PM2 (pm2-runtime) —
// the same ecosystem file an EC2 host uses. Ctrl+C (or SIGTERM/SIGINT/SIGHUP to npm or to this script,
// or npm going away) drains every app and exits.
//
// 1. creates .env from .env.example with fresh development secrets when there is none, and adds the
//    secrets `npm start` needs to an existing one that lacks them (a .env written for compose);
// 2. builds the apps (turbo: a no-op when nothing changed);
// 3. checks every app's configuration, naming each missing or invalid variable (exit 78);
// 4. migrates the database named by DATABASE_URL (creating it when it is missing);
// 5. runs pm2-runtime with pm2/ecosystem.config.js.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setInterval } from 'node:timers';
import { completeEnvText } from './dev-env.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// KODUS_ENV_FILE: another file than the checkout's .env (the tests use a scratch one).
const envFile = process.env.KODUS_ENV_FILE || join(root, '.env');
const EX_CONFIG = 78;

function say(message) {
  process.stderr.write(`kodus: ${message}\n`);
}

function writeEnvFile() {
  if (!existsSync(envFile)) {
    const example = readFileSync(join(root, '.env.example'), 'utf8').replace(
      /^LOG_PRETTY=$/m,
      'LOG_PRETTY=true',
    );
    writeFileSync(envFile, completeEnvText(example, {}).text, { mode: 0o600 });
    say('created .env with fresh development secrets (API_ADMIN_TOKEN is in it)');
    return;
  }
  // A .env written for compose may leave the secrets empty (compose has public defaults for them).
  const { text, added } = completeEnvText(readFileSync(envFile, 'utf8'));
  if (added.length > 0) {
    writeFileSync(envFile, text);
    say(
      `added fresh development ${added.join(' and ')} to .env; the compose stack uses them too ` +
        'after `docker compose up -d`',
    );
  }
}

/** The stack's child of the moment (build, migration, pm2-runtime), and the signal that stops us. */
let child;
let stopping;

function stop(signal) {
  if (stopping !== undefined) return;
  stopping = signal;
  say(`${signal}: stopping the stack`);
  if (child !== undefined && child.exitCode === null) child.kill(signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
  else process.exit(130);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));

// npm does not always pass a signal on (SIGTERM to npm kills the shell between us, SIGINT to npm
// alone is not forwarded): when our parent goes, we are re-parented, and the stack must stop too.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop('SIGINT');
}, 500).unref();

function run(args, env = process.env) {
  return new Promise((resolve) => {
    child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}

/** Every app's configuration checked before PM2 starts them: one message naming every problem. */
async function checkConfiguration() {
  const { loadConfig, ConfigError } = await import(
    pathToFileURL(join(root, 'packages', 'config', 'dist', 'index.js')).href
  );
  const problems = [];
  for (const component of ['webhook', 'api', 'worker']) {
    try {
      loadConfig(component, { ...process.env, COMPONENT_TYPE: component });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n`);
    say(`fix these in ${envFile} (see .env.example); not starting the stack`);
    process.exit(EX_CONFIG);
  }
}

writeEnvFile();
process.loadEnvFile(envFile);

const built = await run([require.resolve('turbo/bin/turbo'), 'run', 'build', '--output-logs=errors-only']);
if (stopping !== undefined) process.exit(130);
if (built !== 0) process.exit(built);

await checkConfiguration();

// The same once-per-deploy step operators run (`npm run migrate`).
const migrated = await run([join(root, 'packages', 'persistence', 'dist', 'migrate-command.js')]);
if (stopping !== undefined) process.exit(130);
if (migrated !== 0) {
  say('the migration failed (is PostgreSQL running? see DATABASE_URL in .env); not starting the stack');
  process.exit(migrated);
}

const code = await run([require.resolve('pm2/bin/pm2-runtime'), join(root, 'pm2', 'ecosystem.config.js')], {
  ...process.env,
  // A PM2 home inside the checkout: never mixes with a PM2 daemon the developer runs elsewhere.
  PM2_HOME: process.env.PM2_HOME || join(root, '.pm2'),
});
process.exit(code);
