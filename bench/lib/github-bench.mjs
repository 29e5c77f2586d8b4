// What the end-to-end benches share (bench/worker-throughput.mjs, bench/llm-throughput.mjs): pull requests
// seeded on the GitHub stand-in, the apps' environment, and signed `opened` webhooks sent to the handler.
import { createHmac, randomUUID } from 'node:crypto';
import { join } from 'node:path';

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
  const body = JSON.stringify({
    action: 'opened',
    number,
    pull_request: {
      number,
      state: 'open',
      draft: false,
      title: 'bench',
      user: { login: 'bench' },
      head: { sha: headSha, ref: 'b' },
      base: { sha: 'b'.repeat(40), ref: 'main' },
    },
    repository: { name: repo.name, full_name: `${repo.owner}/${repo.name}`, owner: { login: repo.owner } },
    sender: { login: 'bench' },
  });
  const response = await globalThis.fetch(`http://127.0.0.1:${port}/webhooks/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'pull_request',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
    body,
  });
  if (response.status !== 202) throw new Error(`webhook ${number}: ${response.status}`);
}
