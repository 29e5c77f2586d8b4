import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { receiveWebhook, type WebhookSecrets } from '@kodus/git-providers';

/**
 * What answers behind the load balancer's URL in the tests: webhooks through the webhook-handler's own
 * receive path (every provider's verification and event handling, with `webhookSecrets`; a delivery that
 * would queue a review answers 400, since a check never should), and `GET /reviews` behind a bearer
 * token, as the apps answer them.
 * `healthy = false` makes it answer 502, as an ALB does when no target is left to take the request.
 */
export class BalancerStandIn {
  healthy = true;
  readonly requests: string[] = [];
  onRequest: (line: string) => void = () => undefined;
  url = '';
  private server: Server | undefined;

  constructor(
    private readonly webhookSecrets: WebhookSecrets,
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
        const webhook = /^\/webhooks\/([a-z-]+)$/.exec(request.url ?? '');
        if (request.method === 'POST' && webhook !== null) {
          const rawBody = Buffer.concat(chunks);
          const provider = webhook[1] ?? '';
          void receiveWebhook(
            provider,
            { headers: request.headers, rawBody },
            JSON.parse(rawBody.toString()),
            {
              secrets: this.webhookSecrets,
              swapLastHead: () => Promise.resolve(null),
              restoreLastHead: () => Promise.resolve(),
              enqueue: () => Promise.reject(new Error('a check queued a review')),
            },
          ).then(
            (received) => answer(received.status, received.body),
            (error: unknown) => answer(400, { message: String(error) }),
          );
          return;
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
