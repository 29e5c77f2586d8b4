import { createServer, type Server, Socket } from 'node:net';

/** What the proxy does with traffic right now. */
export type ProxyMode =
  /** Forward both ways (after `latencyMs`, when set). */
  | 'pass'
  /** Listener closed, open connections destroyed: connects are refused, as when the server is down. */
  | 'refuse'
  /** Accept connections and forward nothing, never closing: a network path that silently drops packets. */
  | 'blackhole';

interface Link {
  client: Socket;
  upstream: Socket;
  /** A half-open link forwards nothing in either direction, and never closes. */
  halfOpen: boolean;
}

/**
 * A TCP proxy on 127.0.0.1 between an app and a server (Redis, PostgreSQL, an HTTP API) that a chaos
 * scenario can switch: pass, refuse, cut (destroy the open connections) or go half-open (stop forwarding
 * on the open connections without closing them, as when the peer vanished without a FIN or RST).
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly links = new Set<Link>();
  private mode: ProxyMode = 'pass';
  /** Delay added to every chunk forwarded from the client to the server: a slow upstream. */
  latencyMs = 0;
  /** Connections accepted since the start. */
  accepted = 0;

  private constructor(
    private listenPort: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** Listens on `port` (0: one the OS picks) and forwards to `target`. */
  static async start(target: { host?: string; port: number }, port = 0): Promise<TcpProxy> {
    const proxy = new TcpProxy(port, { host: target.host ?? '127.0.0.1', port: target.port });
    await proxy.listen();
    return proxy;
  }

  /** The proxy's port, fixed once started: `refuse()` then `pass()` listens on it again. */
  get port(): number {
    return this.listenPort;
  }

  /** Connections open now (half-open ones included). */
  get openConnections(): number {
    return this.links.size;
  }

  /** Forward again; reopens the listener after `refuse`. Half-open connections stay dead. */
  async pass(): Promise<void> {
    this.mode = 'pass';
    await this.listen();
  }

  /** Close the listener and destroy every open connection: new connects get ECONNREFUSED. */
  async refuse(): Promise<void> {
    this.mode = 'refuse';
    this.cut();
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Destroy every open connection (both sides see a reset); new connections are accepted. */
  cut(): void {
    for (const link of this.links) {
      link.client.destroy();
      link.upstream.destroy();
    }
    this.links.clear();
  }

  /**
   * Stop forwarding on every open connection without closing it: the app's sockets stay open and
   * hear nothing, forever. With `newConnections: 'blackhole'`, new connections are accepted and
   * get the same treatment until `pass()`; otherwise they are forwarded normally.
   */
  halfOpen(newConnections: 'pass' | 'blackhole' = 'pass'): void {
    for (const link of this.links) this.freeze(link);
    this.mode = newConnections;
  }

  async stop(): Promise<void> {
    await this.refuse();
  }

  private async listen(): Promise<void> {
    if (this.server !== undefined) return;
    // allowHalfOpen: an app's FIN is passed on by hand, so a half-open link can swallow it.
    const server = createServer({ allowHalfOpen: true }, (client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address !== null && typeof address === 'object') this.listenPort = address.port;
    this.server = server;
  }

  private accept(client: Socket): void {
    this.accepted += 1;
    const upstream = new Socket({ allowHalfOpen: true });
    const link: Link = { client, upstream, halfOpen: false };
    this.links.add(link);
    const close = () => {
      this.links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    client.on('close', close);
    upstream.on('error', () => (link.halfOpen ? undefined : close()));
    upstream.on('close', () => (link.halfOpen ? undefined : close()));
    client.on('end', () => (link.halfOpen ? undefined : upstream.end()));
    upstream.on('end', () => (link.halfOpen ? undefined : client.end()));
    // Read and drop while half-open: the app's writes succeed and nothing answers.
    client.on('data', (chunk: Buffer) => {
      if (link.halfOpen) return;
      const send = () => {
        if (!link.halfOpen && !upstream.destroyed) upstream.write(chunk);
      };
      if (this.latencyMs > 0) setTimeout(send, this.latencyMs);
      else send();
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!link.halfOpen && !client.destroyed) client.write(chunk);
    });
    if (this.mode === 'blackhole') this.freeze(link);
    else upstream.connect(this.target.port, this.target.host);
  }

  /** The server side is dropped; the app's side stays open and hears nothing more. */
  private freeze(link: Link): void {
    link.halfOpen = true;
    link.upstream.destroy();
  }
}
