import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createTestDatabase, freePort, REPO_ROOT, type TestDatabase } from '@kodus/test-helpers';

/** docker-compose.yml as Compose reads it (anchors merged); only what these checks look at. */
interface ComposeFile {
  services: Record<
    string,
    {
      image?: string;
      command?: string[];
      healthcheck?: { test: string[] };
      build?: { context: string; dockerfile: string; args?: Record<string, string> };
    }
  >;
}

const compose = (): ComposeFile =>
  parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;

describe('docker-compose.yml', () => {
  it('builds each image once', () => {
    const builders = Object.entries(compose().services)
      .filter(([, service]) => service.build !== undefined)
      .map(([, service]) => service.image);
    expect(builders.length).toBeGreaterThan(0);
    expect(new Set(builders).size).toBe(builders.length);
    // Every image a service runs is built by some service (or comes from a registry: redis, postgres).
    for (const service of Object.values(compose().services)) {
      if (service.image?.startsWith('kodus/') === true) expect(builders).toContain(service.image);
    }
  });

  it('labels the images it builds with the version and revision from the environment', () => {
    for (const [name, service] of Object.entries(compose().services)) {
      if (service.build === undefined) continue;
      expect([name, service.build.args]).toEqual([
        name,
        {
          VERSION: '${KODUS_VERSION:-dev}',
          REVISION: expect.stringMatching(/^\$\{KODUS_REVISION:-[\w.-]+\}$/),
        },
      ]);
    }
  });

  it("reports PostgreSQL healthy only once it answers over TCP, not the first start's socket-only server", () => {
    // On a new volume the image initialises the database with a temporary server that listens on the
    // socket only, then restarts it: a socket probe says healthy before the apps can connect.
    const probe = compose().services.postgres?.healthcheck?.test ?? [];
    expect(probe.slice(0, 2)).toEqual(['CMD', 'pg_isready']);
    expect(probe[probe.indexOf('-h') + 1]).toBe('127.0.0.1');
  });

  describe('the migrate command', () => {
    let database: TestDatabase;
    let proxy: Server | undefined;
    beforeAll(async () => {
      database = await createTestDatabase('compose_migrate');
    });
    afterAll(async () => {
      proxy?.close();
      await database.drop();
    });

    /** The service's command as the container runs it: Compose turns `$$` into `$`. */
    function runMigrate(databaseUrl: string): { exit: Promise<number>; stderr: () => string } {
      const [file, ...args] = (compose().services.migrate?.command ?? []).map((part) =>
        part.replaceAll('$$', '$'),
      );
      const child = spawn(file!, args, {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      return {
        exit: new Promise((resolve) => child.on('exit', (code) => resolve(code ?? -1))),
        stderr: () => stderr,
      };
    }

    it('retries while PostgreSQL is unreachable (docker compose restart), then applies the migrations', async () => {
      const port = await freePort();
      const real = new URL(database.url);
      const url = new URL(database.url);
      url.host = `127.0.0.1:${port}`;
      const run = runMigrate(url.toString());
      // PostgreSQL "comes up" once the first attempt has failed: a proxy to the real one on that port.
      let exited = false;
      void run.exit.then(() => (exited = true));
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (exited || run.stderr().includes('attempt 1 failed')) {
            clearInterval(poll);
            resolve();
          }
        }, 50);
      });
      proxy = createServer((socket) => {
        const upstream = connect(Number(real.port || 5432), real.hostname);
        socket.pipe(upstream).pipe(socket);
        socket.on('error', () => upstream.destroy());
        upstream.on('error', () => socket.destroy());
      }).listen(port, '127.0.0.1');
      expect(await run.exit).toBe(0);
    }, 60000);

    it('stops at once on an invalid configuration (exit 78)', async () => {
      const run = runMigrate('not-a-url');
      expect(await run.exit).toBe(78);
      expect(run.stderr()).not.toContain('retrying');
    });
  });
});
