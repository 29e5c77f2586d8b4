import { createServer, type IncomingMessage } from 'node:http';
import { GithubStandIn } from './github-stand-in';
import type { StandInPullRequestInput, StandInRepository } from './state';

/**
 * The stand-in as a process, for tests whose apps run in containers (the compose test overlay):
 * the API on PORT (default 8080) and a control API on CONTROL_PORT (default 8081) through which the
 * test seeds pull requests and reads the reviews posted:
 *   POST /pull-requests {"repository": {"owner", "name"}, "pullRequest": {...}}
 *   GET  /reviews?owner=&name=&number=
 * TOKENS is a comma-separated list of accepted tokens.
 */
async function main(): Promise<void> {
  const tokens = Object.fromEntries(
    (process.env.TOKENS ?? 'test-token').split(',').map((t) => [t, 'kodus-bot']),
  );
  const standIn = await new GithubStandIn({ tokens }).start({
    host: '0.0.0.0',
    port: Number(process.env.PORT ?? 8080),
  });
  const control = createServer((req, res) => {
    void answer(standIn, req).then(
      ([status, body]) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      },
      (error: unknown) => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(error) }));
      },
    );
  });
  control.listen(Number(process.env.CONTROL_PORT ?? 8081), '0.0.0.0');
  const stop = () => {
    control.close();
    void standIn.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function answer(standIn: GithubStandIn, req: IncomingMessage): Promise<[number, unknown]> {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  if (req.method === 'GET' && url.pathname === '/health') return [200, { status: 'ok' }];
  if (req.method === 'POST' && url.pathname === '/pull-requests') {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const body = JSON.parse(text) as { repository: StandInRepository; pullRequest: StandInPullRequestInput };
    standIn.addPullRequest(body.repository, body.pullRequest);
    return [201, { ok: true }];
  }
  if (req.method === 'GET' && url.pathname === '/reviews') {
    const repo = { owner: url.searchParams.get('owner') ?? '', name: url.searchParams.get('name') ?? '' };
    return [200, standIn.reviews(repo, Number(url.searchParams.get('number')))];
  }
  return [404, { message: 'unknown control route' }];
}

void main();
