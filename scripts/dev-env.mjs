// What `npm start` needs in .env beyond what compose has defaults for, and how it fills it in.
import { randomBytes } from 'node:crypto';
import { parseEnv } from 'node:util';

/** Required by api and worker; compose falls back to public development values, npm start does not. */
export const GENERATED_SECRETS = ['ENCRYPTION_KEY', 'API_ADMIN_TOKEN'];

const freshSecret = () => randomBytes(32).toString('hex');

/**
 * The .env text with every GENERATED_SECRETS variable that is empty or missing (and not set in `env`,
 * the environment npm start runs in) given a fresh value: an empty `NAME=` line is filled in place, a
 * missing one appended. Returns the names it added.
 */
export function completeEnvText(text, env = process.env, fresh = freshSecret) {
  const present = parseEnv(text);
  const added = [];
  let out = text;
  for (const name of GENERATED_SECRETS) {
    if ((present[name] ?? '').trim() !== '' || (env[name] ?? '').trim() !== '') continue;
    const line = new RegExp(`^${name}=[ \\t]*$`, 'm');
    out = line.test(out)
      ? out.replace(line, `${name}=${fresh()}`)
      : `${out}${out === '' || out.endsWith('\n') ? '' : '\n'}${name}=${fresh()}\n`;
    added.push(name);
  }
  return { text: out, added };
}
