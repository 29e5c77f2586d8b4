import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WarmUpFetchOptions {
  /** Rounds of requests (default 8): enough for the request and answer paths to leave V8's interpreter. */
  rounds?: number;
  /** Requests at once in a round (default 4): more than one connection to the same origin, as in a review. */
  concurrency?: number;
  /** The whole warm-up's limit (default 5 s): past it, the requests in flight are aborted and it rejects. */
  timeoutMs?: number;
}

/** An answer the size of a page of a pull request's files (~8 KiB of JSON). */
const ANSWER = JSON.stringify(
  Array.from({ length: 8 }, (_, i) => ({
    filename: `src/module-${i}.ts`,
    status: 'modified',
    additions: 30,
    deletions: 2,
    patch: `@@ -1,2 +1,30 @@\n${'+export const value = compute(1);\n'.repeat(30)}`,
  })),
);

/**
 * Node's `fetch` (its bundled undici) is loaded and compiled on first use, and its request and answer code
 * runs in V8's interpreter until it has run a while: a fresh worker's first burst of reviews pays for both
 * at once, ~200 ms of one CPU while every review taken waits (bench/llm-throughput.mjs). This sends a few
 * rounds of requests like a review's (a GET and a JSON POST, answers read as JSON and as text, a timeout
 * signal, redirects by hand) to a server on 127.0.0.1 that it opens and closes, nothing else. Resolves with
 * the number of requests answered.
 */
export async function warmUpFetch(options: WarmUpFetchOptions = {}): Promise<number> {
  const rounds = options.rounds ?? 8;
  const concurrency = options.concurrency ?? 4;
  let answered = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      answered += 1;
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(ANSWER);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/repos/kodus/warm-up/pulls/1/files?per_page=100`;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 5_000);
  try {
    for (let round = 0; round < rounds; round++) {
      await Promise.all(
        Array.from({ length: concurrency }, async (_, i) => {
          const post = (round + i) % 2 === 1;
          const response = await fetch(url, {
            method: post ? 'POST' : 'GET',
            headers: {
              accept: 'application/json',
              'user-agent': 'kodus-warm-up',
              ...(post ? { 'content-type': 'application/json' } : {}),
            },
            ...(post ? { body: ANSWER } : {}),
            redirect: 'manual',
            signal,
          });
          if (response.headers.get('content-type')?.includes('json') && i % 2 === 0) await response.json();
          else await response.text();
        }),
      );
    }
  } finally {
    const closed = once(server, 'close');
    server.close();
    server.closeAllConnections();
    await closed;
  }
  return answered;
}
