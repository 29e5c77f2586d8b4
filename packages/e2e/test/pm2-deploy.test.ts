import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  freePort,
  REPO_ROOT,
  type TestDatabase,
  testSecrets,
  uniquePrefix,
} from '@kodus/test-helpers';
import { pm2 as runPm2 } from './support/pm2';
import { probeUntilStopped, runDeploy } from './support/pm2-deploy';

interface Pm2Process {
  name: string;
  pid: number;
  pm2_env: { status: string; exec_mode: string; pm_exec_path: string };
}

const OPENAPI = join('apps', 'api-rest', 'src', 'openapi.ts');
const FIRST_TITLE = 'Kodus API';
const NEXT_TITLE = 'Kodus API (release 2)';

/** `apps/x`, `packages/y`: the workspaces of one group in release 1. */
const workspaces = (work: string, group: string) =>
  readdirSync(join(work, 'release-1', group)).map((name) => join(group, name));

/** git with a fixed identity, for the test's own release commits. */
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=kodus-test', '-c', 'user.email=test@kodus.invalid', ...args], {
    cwd,
    encoding: 'utf8',
  });

describe('PM2 deploy: pm2/deploy.sh', () => {
  let work: string;
  let database: TestDatabase;
  let env: Record<string, string>;
  let webhookUrl: string;
  let apiUrl: string;
  let token: string;
  const deployRoot = () => join(work, 'srv');
  const common = () => ['--root', deployRoot(), '--env-file', join(work, 'kodus.env')];
  const list = (): Pm2Process[] => JSON.parse(runPm2(env, 'jlist')) as Pm2Process[];
  /** What the API serves: its OpenAPI title (release 2 changes it), and the revision both HTTP apps say they run. */
  const served = async () => {
    const title = ((await (await fetch(`${apiUrl}/docs-json`)).json()) as { info: { title: string } }).info
      .title;
    const revisions = await Promise.all(
      [webhookUrl, apiUrl].map(
        async (url) => ((await (await fetch(`${url}/health/live`)).json()) as { revision: string }).revision,
      ),
    );
    return { title, revisions };
  };
  /** A release id is `<UTC stamp>-<revision>`; deploy.sh hands the revision to the apps. */
  const servedAs = (id: string, title: string) => ({
    title,
    revisions: [0, 1].map(() => id.slice(id.indexOf('-') + 1)),
  });
  const currentRelease = () => readlinkSync(join(deployRoot(), 'current')).replace('releases/', '');

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'kodus-deploy-'));
    database = await createTestDatabase('pm2deploy');
    const [webhookPort, apiPort] = [await freePort(), await freePort()];
    webhookUrl = `http://127.0.0.1:${webhookPort}`;
    apiUrl = `http://127.0.0.1:${apiPort}`;
    const secrets = testSecrets();
    token = secrets.API_ADMIN_TOKEN;
    // The host's environment file, as an operator writes /etc/kodus.env.
    const hostEnv = {
      ...secrets,
      HOST: '127.0.0.1',
      ...(process.env.REDIS_URL === undefined ? {} : { REDIS_URL: process.env.REDIS_URL }),
      WEBHOOK_PORT: String(webhookPort),
      API_PORT: String(apiPort),
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: uniquePrefix('pm2deploy'),
      WORKER_HEARTBEAT_FILE: join(work, 'worker.heartbeat'),
      SHUTDOWN_TIMEOUT_MS: '5000',
      // One instance per HTTP app: even then a reload must refuse no request (a restart would).
      KODUS_WEBHOOK_INSTANCES: '1',
      KODUS_API_INSTANCES: '1',
    };
    writeFileSync(
      join(work, 'kodus.env'),
      Object.entries(hostEnv)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
    env = {
      PATH: process.env.PATH ?? '',
      HOME: work,
      PM2_HOME: join(work, 'pm2'),
      TURBO_TELEMETRY_DISABLED: '1',
    };

    // Release 1: the repository at HEAD, with the dependencies already installed here (hard links).
    git(work, 'clone', '-q', REPO_ROOT, 'release-1');
    for (const dir of ['.', ...['apps', 'packages'].flatMap((group) => workspaces(work, group))]) {
      const installed = join(REPO_ROOT, dir, 'node_modules');
      if (existsSync(installed))
        execFileSync('cp', ['-al', installed, join(work, 'release-1', dir, 'node_modules')]);
    }
    // Build outputs this checkout already made seed the deploy's shared turbo cache (identical sources
    // hit it, as on a host whose releases share it), so the first build stays short.
    const turboCache = join(REPO_ROOT, '.turbo', 'cache');
    if (existsSync(turboCache)) {
      mkdirSync(join(work, 'srv', 'shared'), { recursive: true });
      execFileSync('cp', ['-al', turboCache, join(work, 'srv', 'shared', 'turbo-cache')]);
    }
    // Release 2: one commit on top that changes the title the API's OpenAPI document serves.
    git(work, 'clone', '-q', join(work, 'release-1'), 'release-2');
    const openapi = readFileSync(join(work, 'release-2', OPENAPI), 'utf8');
    expect(openapi).toContain(`.setTitle('${FIRST_TITLE}')`);
    writeFileSync(
      join(work, 'release-2', OPENAPI),
      openapi.replace(`.setTitle('${FIRST_TITLE}')`, `.setTitle('${NEXT_TITLE}')`),
    );
    git(join(work, 'release-2'), 'commit', '-q', '-am', 'release 2');
  });

  afterAll(async () => {
    try {
      runPm2(env, 'kill');
    } finally {
      rmSync(work, { recursive: true, force: true });
      await database.drop();
    }
  });

  it('deploys a first release: build, migrate once, start every app from the current symlink', async () => {
    const result = await runDeploy(
      env,
      'deploy',
      ...common(),
      '--source',
      join(work, 'release-1'),
      '--skip-install',
    );
    expect(result).toMatchObject({ code: 0 });
    const id = result.stdout.trim().split('\n').at(-1)!;
    expect(currentRelease()).toBe(id);
    expect(existsSync(join(deployRoot(), 'releases', id, 'apps', 'api-rest', 'dist', 'main.js'))).toBe(true);
    // Only what PM2 runs is built: not the ECS tooling.
    for (const tool of ['infra', 'move']) {
      expect(existsSync(join(deployRoot(), 'releases', id, 'ecs', tool, 'dist'))).toBe(false);
    }

    const processes = list();
    expect(processes).toHaveLength(3);
    expect(Object.fromEntries(processes.map((p) => [p.name, p.pm2_env.exec_mode]))).toEqual({
      'kodus-api': 'cluster_mode',
      'kodus-webhook': 'cluster_mode',
      'kodus-worker': 'fork_mode',
    });
    for (const p of processes) {
      expect(p.pm2_env.status).toBe('online');
      expect(p.pm2_env.pm_exec_path.startsWith(join(deployRoot(), 'current', 'apps'))).toBe(true);
    }
    expect(await served()).toEqual(servedAs(id, FIRST_TITLE));
    // The schema is there: the reviews API answers from PostgreSQL.
    const reviews = await fetch(`${apiUrl}/reviews?provider=github&repository=o/r&pullRequest=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(reviews.status).toBe(200);
  }, 300000);

  it('switches to a new release from git with a reload that fails no request', async () => {
    const before = list().map((p) => p.pid);
    const probes = probeUntilStopped([`${webhookUrl}/health/live`, `${apiUrl}/health/live`]);
    const result = await runDeploy(
      env,
      'deploy',
      ...common(),
      '--repo',
      join(work, 'release-2'),
      '--ref',
      'HEAD',
      '--skip-install',
    );
    const tally = await probes.stop();
    expect(result).toMatchObject({ code: 0 });
    expect(tally.failures).toEqual([]);
    expect(tally.ok).toBeGreaterThan(20);

    const id = result.stdout.trim().split('\n').at(-1)!;
    expect(id).toMatch(
      new RegExp(`-${git(join(work, 'release-2'), 'rev-parse', '--short', 'HEAD').trim()}$`),
    );
    expect(currentRelease()).toBe(id);
    expect(await served()).toEqual(servedAs(id, NEXT_TITLE));
    const after = list();
    expect(after.every((p) => p.pm2_env.status === 'online')).toBe(true);
    expect(after.filter((p) => before.includes(p.pid))).toEqual([]);
  }, 300000);

  it('unpacks a release archive, and refuses --skip-install when its lock file changed', async () => {
    const current = currentRelease();
    const lock = join(work, 'release-2', 'package-lock.json');
    writeFileSync(lock, readFileSync(lock, 'utf8').replace('"name": "kodus"', '"name": "kodus-changed"'));
    git(join(work, 'release-2'), 'commit', '-q', '-am', 'dependencies changed');
    // An archive with one top folder, as a GitHub release's source archive has.
    const archive = join(work, 'kodus-3.tar.gz');
    git(join(work, 'release-2'), 'archive', '--format=tar.gz', '--prefix=kodus-3/', '-o', archive, 'HEAD');
    const result = await runDeploy(env, 'deploy', ...common(), '--tarball', archive, '--skip-install');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/install and build\n.*package-lock.json changed since/);
    expect(currentRelease()).toBe(current);
    expect(readdirSync(join(deployRoot(), 'releases'))).toHaveLength(2);
    expect(await served()).toEqual(servedAs(current, NEXT_TITLE));
  }, 120000);

  it('rolls back to the previous release with a reload that fails no request', async () => {
    const rolledBack = currentRelease();
    const probes = probeUntilStopped([`${webhookUrl}/health/live`, `${apiUrl}/health/live`]);
    const result = await runDeploy(env, 'rollback', ...common());
    const tally = await probes.stop();
    expect(result).toMatchObject({ code: 0 });
    expect(tally.failures).toEqual([]);

    expect(await served()).toEqual(servedAs(currentRelease(), FIRST_TITLE));
    expect(currentRelease()).not.toBe(rolledBack);
    const releases = await runDeploy(env, 'releases', ...common());
    expect(releases.stdout.trim().split('\n')).toEqual([`* ${currentRelease()}`]);
    expect(list().every((p) => p.pm2_env.status === 'online')).toBe(true);
  }, 120000);
});
