import { createServer, type Server, Socket } from 'node:net';
import { waitFor } from '@kodus/test-helpers';
import { TcpProxy } from '../src/tcp-proxy';

/** An echo server that counts the connections it saw closed. */
async function echoServer(): Promise<{ server: Server; port: number; closed: () => number }> {
  let closed = 0;
  const server = createServer((socket) => {
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('close', () => (closed += 1));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('no port');
  return { server, port: address.port, closed: () => closed };
}

/** A client of the proxy that keeps everything it received and whether the connection ended. */
async function client(
  port: number,
): Promise<{ socket: Socket; received: () => string; ended: () => boolean }> {
  const socket = new Socket();
  let received = '';
  let ended = false;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('close', () => (ended = true));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.connect(port, '127.0.0.1', resolve);
  });
  return { socket, received: () => received, ended: () => ended };
}

describe('TcpProxy', () => {
  let echo: Awaited<ReturnType<typeof echoServer>>;
  let proxy: TcpProxy;

  beforeEach(async () => {
    echo = await echoServer();
    proxy = await TcpProxy.start({ port: echo.port });
  });
  afterEach(async () => {
    await proxy.stop();
    echo.server.close();
  });

  it('forwards both ways, with latency when asked', async () => {
    proxy.latencyMs = 50;
    const c = await client(proxy.port);
    c.socket.write('ping');
    await waitFor('the echo', () => (c.received() === 'ping' ? true : undefined));
    c.socket.destroy();
  });

  it('refuses connections, then accepts them again on the same port', async () => {
    const before = await client(proxy.port);
    await proxy.refuse();
    await waitFor('the open connection to be cut', () => (before.ended() ? true : undefined));
    await expect(client(proxy.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await proxy.pass();
    const after = await client(proxy.port);
    after.socket.write('back');
    await waitFor('the echo', () => (after.received() === 'back' ? true : undefined));
    after.socket.destroy();
  });

  it('cuts open connections and keeps accepting new ones', async () => {
    const c = await client(proxy.port);
    proxy.cut();
    await waitFor('the client to see the cut', () => (c.ended() ? true : undefined));
    const next = await client(proxy.port);
    next.socket.write('again');
    await waitFor('the echo', () => (next.received() === 'again' ? true : undefined));
    next.socket.destroy();
  });

  it('goes half-open: the server side is gone, the client side stays open and hears nothing', async () => {
    const c = await client(proxy.port);
    c.socket.write('before');
    await waitFor('the echo', () => (c.received() === 'before' ? true : undefined));
    proxy.halfOpen();
    await waitFor('the server side to close', () => (echo.closed() === 1 ? true : undefined));
    c.socket.write('after');
    c.socket.end(); // even a FIN from the app gets no answer
    await new Promise((r) => setTimeout(r, 300));
    expect(c.received()).toBe('before');
    expect(c.ended()).toBe(false);
    // New connections are forwarded again.
    const next = await client(proxy.port);
    next.socket.write('new');
    await waitFor('the echo', () => (next.received() === 'new' ? true : undefined));
    next.socket.destroy();
    c.socket.destroy();
  });
});
