import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyGithubSignature } from '@kodus/git-providers';

/**
 * What answers behind the load balancer's URL in the tests: GitHub webhooks checked with the real
 * signature verification, and `GET /reviews` behind a bearer token, as the apps answer them.
 * `healthy = false` makes it answer 502, as an ALB does when no target is left to take the request.
 */
export class BalancerStandIn {
  healthy = true;
  readonly requests: string[] = [];
  onRequest: (line: string) => void = () => undefined;
  url = '';
  private server: Server | undefined;

  constructor(
    private readonly webhookSecret: string,
    private readonly apiToken: string,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const answer = (status: number, body: unknown) => {
          const line = `${request.method} ${request.url?.split('?')[0]} ${status}`;
          this.requests.push(line);
          this.onRequest(line);
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(body));
        };
        if (!this.healthy) return answer(502, { message: 'Bad Gateway' });
        if (request.method === 'POST' && request.url === '/webhooks/github') {
          const signature = request.headers['x-hub-signature-256'];
          if (
            !verifyGithubSignature(
              Buffer.concat(chunks),
              typeof signature === 'string' ? signature : undefined,
              this.webhookSecret,
            )
          ) {
            return answer(401, { message: 'missing or invalid X-Hub-Signature-256' });
          }
          if (request.headers['x-github-event'] === 'ping')
            return answer(200, { ignored: 'ping: the webhook is set up' });
          return answer(400, { message: 'unexpected event' });
        }
        if (request.method === 'GET' && request.url?.startsWith('/reviews?')) {
          if (request.headers.authorization !== `Bearer ${this.apiToken}`)
            return answer(401, { message: 'Unauthorized' });
          return answer(200, { items: [] });
        }
        return answer(404, { message: 'Not Found' });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
