import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface ListenOptions {
  /** Default 127.0.0.1; a container serves on 0.0.0.0. */
  host?: string;
  /** Default 0: a port the OS picks. */
  port?: number;
}

/**
 * The HTTP server under every API stand-in: listen, answer a handler's failure with a JSON 500 in the
 * provider's error shape, stop with every connection closed.
 */
export class LoopbackServer {
  private server: Server | undefined;
  private boundPort = 0;

  async start(
    handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
    failure: { contentType: string; body: (message: string) => unknown },
    listen: ListenOptions = {},
  ): Promise<void> {
    const server = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': failure.contentType });
        res.end(JSON.stringify(failure.body(`stand-in failure: ${String(error)}`)));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen.port ?? 0, listen.host ?? '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address !== 'object') throw new Error('stand-in: no port assigned');
    this.boundPort = address.port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The port it listens on (0 before start). */
  get port(): number {
    return this.boundPort;
  }

  /** `http://127.0.0.1:<port>`. */
  get origin(): string {
    if (this.server === undefined) throw new Error('stand-in: start() it first');
    return `http://127.0.0.1:${this.boundPort}`;
  }
}
