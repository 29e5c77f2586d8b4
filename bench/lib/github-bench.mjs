// What the end-to-end benches share (bench/worker-throughput.mjs, bench/llm-throughput.mjs): pull requests
// seeded on the GitHub stand-in, the apps' environment, and signed `opened` webhooks sent to the handler.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const { githubDeliveryHeaders, githubPullRequestEvent } = createRequire(import.meta.url)(
  '@kodus/test-helpers',
);

/** `reviews` pull requests numbered from 1, each adding `files` files (`patchFor(index)`); their heads by number. */
export function seedPullRequests(github, repo, { reviews, files, patchFor }) {
  const heads = new Map();
  for (let number = 1; number <= reviews; number++) {
    const headSha = randomUUID().replace(/-/g, '').padEnd(40, '0');
    heads.set(number, headSha);
    github.addPullRequest(repo, {
      number,
      headSha,
      baseSha: 'b'.repeat(40),
      files: Array.from({ length: files }, (_, f) => ({
        filename: `src/module-${f}.ts`,
        status: 'added',
        patch: patchFor(f),
      })),
    });
  }
  return heads;
}

/** The webhook-handler's and worker's environment against the stand-in, a test database and a fresh prefix. */
export function benchEnv({ port, databaseUrl, secret, githubUrl, concurrency }) {
  return {
    PATH: process.env.PATH,
    HOST: '127.0.0.1',
    WEBHOOK_PORT: String(port),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `kodus-bench-${randomUUID().slice(0, 8)}`,
    DATABASE_URL: databaseUrl,
    GITHUB_WEBHOOK_SECRET: secret,
    GITHUB_TOKEN: 'bench-token',
    GITHUB_API_URL: githubUrl,
    ENCRYPTION_KEY: 'a'.repeat(64),
    WORKER_CONCURRENCY: String(concurrency),
    WORKER_HEARTBEAT_FILE: join(process.env.TMPDIR ?? '/tmp', `kodus-bench-${process.pid}.heartbeat`),
    LOG_LEVEL: 'warn',
  };
}

/** One signed `pull_request` `opened` delivery; throws unless the handler answers 202. */
export async function sendOpened({ port, secret, repo, number, headSha }) {
  const body = JSON.stringify(
    githubPullRequestEvent({ repo, number, headSha, title: 'bench', login: 'bench' }),
  );
  const response = await globalThis.fetch(`http://127.0.0.1:${port}/webhooks/github`, {
    method: 'POST',
    headers: githubDeliveryHeaders(body, secret),
    body,
  });
  if (response.status !== 202) throw new Error(`webhook ${number}: ${response.status}`);
}
