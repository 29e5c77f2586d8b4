import { createServer, type IncomingMessage } from 'node:http';
import { AzureDevopsStandIn } from '../azure-devops-stand-in';
import { BitbucketStandIn } from '../bitbucket-stand-in';
import { GithubStandIn } from '../github-stand-in';
import { GitlabStandIn } from '../gitlab-stand-in';
import { LlmStandIn } from '../llm-stand-in';

/**
 * Every stand-in as ONE process, for tests whose apps run in containers (the compose test overlay, the
 * ECS-target run): GitHub on 8080, GitLab on 8082, Bitbucket on 8083, Azure DevOps on 8084 (collection
 * /kodus-org), the LLM (OpenAI and the others' dialects) on 8085 under /v1, and a control API on 8081
 * through which a test seeds and reads them:
 *   POST /call {"standIn": "github"|"gitlab"|"bitbucket"|"azure-devops"|"llm", "method", "args": [...]}
 *        → {"result"}: one of the stand-in's seeding or reading methods (the list below), args as JSON
 *   POST /pull-requests, GET /reviews?owner=&name=&number=  (GitHub, kept for the older callers)
 * TOKENS is a comma-separated list of accepted provider tokens; LLM_API_KEY, when set, the model's key.
 */
const METHODS = {
  github: ['addPullRequest', 'pushHead', 'setComparison', 'setFileContent', 'reviews', 'reviewComments'],
  gitlab: ['addMergeRequest', 'pushHead', 'setComparison', 'setFile', 'discussions'],
  bitbucket: ['addPullRequest', 'pushHead', 'setFile', 'comments'],
  'azure-devops': ['addCommit', 'addPullRequest', 'push', 'threads', 'repositoryId'],
  llm: ['script', 'usageSent', 'requestsMade'],
} as const;
type StandInName = keyof typeof METHODS;

/** The largest control request accepted (a pull request's seeded files). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

async function main(): Promise<void> {
  const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const tokenList = (process.env.TOKENS ?? 'test-token').split(',');
  const tokens = Object.fromEntries(tokenList.map((t) => [t, 'kodus-bot']));
  const host = '0.0.0.0';
  const llm = new LlmStandIn(
    process.env.LLM_API_KEY === undefined ? {} : { apiKey: process.env.LLM_API_KEY },
  );
  const standIns = {
    github: await new GithubStandIn({ tokens }).start({ host, port: port('PORT', 8080) }),
    gitlab: await new GitlabStandIn({ tokens }).start({ host, port: port('GITLAB_PORT', 8082) }),
    bitbucket: await new BitbucketStandIn({ tokens }).start({ host, port: port('BITBUCKET_PORT', 8083) }),
    'azure-devops': await new AzureDevopsStandIn({ tokens: tokenList }).start({
      host,
      port: port('AZURE_DEVOPS_PORT', 8084),
    }),
    llm: Object.assign(await llm.start({ host, port: port('LLM_PORT', 8085) }), {
      requestsMade: () => llm.requests,
    }),
  };
  const control = createServer((req, res) => {
    void answer(standIns, req).then(
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
  control.listen(port('CONTROL_PORT', 8081), host);
  const stop = () => {
    control.close();
    void Promise.all(Object.values(standIns).map((s) => s.stop())).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function bodyOf(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > MAX_BODY_BYTES) throw new Error('control request too large');
  }
  return JSON.parse(text) as unknown;
}

async function answer(
  standIns: Record<StandInName, object> & { github: GithubStandIn },
  req: IncomingMessage,
): Promise<[number, unknown]> {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  if (req.method === 'GET' && url.pathname === '/health') return [200, { status: 'ok' }];
  if (req.method === 'POST' && url.pathname === '/call') {
    const { standIn, method, args } = (await bodyOf(req)) as {
      standIn: string;
      method: string;
      args: unknown;
    };
    const allowed: readonly string[] | undefined = METHODS[standIn as StandInName];
    if (allowed === undefined || !allowed.includes(method) || !Array.isArray(args)) {
      return [404, { message: `no control method ${standIn}.${method}` }];
    }
    const target = standIns[standIn as StandInName] as Record<string, (...a: unknown[]) => unknown>;
    const result = await target[method]!(...args);
    // `script` returns the stand-in itself: nothing to send back.
    return [200, { result: result === target ? null : (result ?? null) }];
  }
  if (req.method === 'POST' && url.pathname === '/pull-requests') {
    const body = (await bodyOf(req)) as {
      repository: Parameters<GithubStandIn['addPullRequest']>[0];
      pullRequest: Parameters<GithubStandIn['addPullRequest']>[1];
    };
    standIns.github.addPullRequest(body.repository, body.pullRequest);
    return [201, { ok: true }];
  }
  if (req.method === 'GET' && url.pathname === '/reviews') {
    const repo = { owner: url.searchParams.get('owner') ?? '', name: url.searchParams.get('name') ?? '' };
    return [200, standIns.github.reviews(repo, Number(url.searchParams.get('number')))];
  }
  return [404, { message: 'unknown control route' }];
}

void main();
