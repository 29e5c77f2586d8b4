import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseJlist, Pm2Cli } from '../src';

/** The real pm2 CLI against a private PM2_HOME, with a tiny app that says ready and drains on SIGINT. */
const PM2 = require.resolve('pm2/bin/pm2');
let home: string;
let env: NodeJS.ProcessEnv;
let pm2: Pm2Cli;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'kodus-move-pm2-'));
  // Passed explicitly: a child process started without `env` sees the real environment, not Jest's copy.
  env = { PATH: process.env.PATH ?? '', HOME: home, PM2_HOME: join(home, '.pm2') };
  writeFileSync(
    join(home, 'app.js'),
    `process.on('SIGINT', () => process.exit(0)); setInterval(() => {}, 1000); process.send?.('ready');\n`,
  );
  writeFileSync(
    join(home, 'ecosystem.config.js'),
    `module.exports = { apps: [{ name: 'kodus-move-test', script: ${JSON.stringify(join(home, 'app.js'))}, interpreter: ${JSON.stringify(process.execPath)}, wait_ready: true, env_production: { KODUS_ENV: 'production' } }] };\n`,
  );
  pm2 = new Pm2Cli(join(home, 'ecosystem.config.js'), env);
});

afterAll(() => {
  spawnSync(process.execPath, [PM2, 'kill'], { env });
  rmSync(home, { recursive: true, force: true });
});

describe('Pm2Cli', () => {
  it('starts from the ecosystem file, stops keeping the entry, starts the entry again', async () => {
    expect((await pm2.describe('kodus-move-test')).statuses).toEqual([]);
    await pm2.start('kodus-move-test');
    expect((await pm2.describe('kodus-move-test')).statuses).toEqual(['online']);
    await pm2.stop('kodus-move-test');
    expect((await pm2.describe('kodus-move-test')).statuses).toEqual(['stopped']);
    await pm2.start('kodus-move-test');
    expect((await pm2.describe('kodus-move-test')).statuses).toEqual(['online']);
  });

  it("after `pm2 delete` and `pm2 save` (the runbook's consolidation) a start comes from the ecosystem file", async () => {
    for (const args of [['delete', 'kodus-move-test'], ['save']]) {
      const result = spawnSync(process.execPath, [PM2, ...args], { env, encoding: 'utf8' });
      expect({ args, status: result.status, stderr: result.stderr }).toEqual({ args, status: 0, stderr: '' });
    }
    expect((await pm2.describe('kodus-move-test')).statuses).toEqual([]);
    await pm2.start('kodus-move-test');
    expect((await pm2.describe('kodus-move-test')).statuses).toEqual(['online']);
  });

  it('a failing pm2 command reports its error, not its environment', async () => {
    await expect(pm2.stop('no-such-app')).rejects.toThrow(/pm2 stop exited 1/);
  });
});

describe('parseJlist', () => {
  it('reads names and statuses only, after any notice pm2 prints first', () => {
    const output = `[PM2] Spawning PM2 daemon with pm2_home=/tmp/x\n[PM2] PM2 Successfully daemonized\n${JSON.stringify(
      [
        { name: 'kodus-api', pm2_env: { status: 'online', API_ADMIN_TOKEN: 'secret' } },
        { name: 'kodus-api', pm2_env: { status: 'stopped' } },
        { pm_id: 3 },
      ],
    )}`;
    expect(parseJlist(output)).toEqual([
      { name: 'kodus-api', status: 'online' },
      { name: 'kodus-api', status: 'stopped' },
    ]);
  });
});
