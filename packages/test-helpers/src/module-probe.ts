import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MARK = 'kodus-probe loaded:';

/**
 * What an app process had loaded when it exited, of the given packages: `env` (NODE_OPTIONS preloading a
 * probe) makes the process print one line on stderr as it exits, which `loaded` reads back. For checking
 * that an app refusing its configuration did not load the rest first.
 */
export function loadedPackagesProbe(packages: readonly string[]): {
  env: { NODE_OPTIONS: string };
  loaded: (stderr: string) => string[] | undefined;
} {
  const file = join(mkdtempSync(join(tmpdir(), 'kodus-probe-')), 'probe.cjs');
  writeFileSync(
    file,
    `const wanted = ${JSON.stringify(packages)};
process.on('exit', () => {
  const paths = Object.keys(require.cache);
  const loaded = wanted.filter((p) => paths.some((f) => f.includes('/node_modules/' + p + '/')));
  process.stderr.write(${JSON.stringify(MARK)} + ' ' + JSON.stringify(loaded) + '\\n');
});
`,
  );
  return {
    env: { NODE_OPTIONS: `--require ${file}` },
    loaded: (stderr) => {
      const line = stderr.split('\n').find((l) => l.startsWith(MARK));
      return line === undefined ? undefined : (JSON.parse(line.slice(MARK.length)) as string[]);
    },
  };
}
