import { connect } from 'node:net';
import { build, Switch } from './build-app';

/** Resolves when the server closes the socket; the client keeps trickling bytes until then. */
function trickle(port: number, opening: string, byte: string): Promise<'closed by the server'> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(opening);
      timer = setInterval(() => socket.write(byte), 100);
    });
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve('closed by the server');
    });
    setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error('the server still holds the half-sent request after 10 s'));
    }, 10000).unref();
  });
}

const SHORT = { headersMs: 500, requestMs: 1000, idleMs: 5000, keepAliveMs: 4000, checkIntervalMs: 100 };

describe('HTTP hardening', () => {
  it('cuts off a client that never finishes its headers (slow loris)', async () => {
    const { app, base } = await build([], SHORT);
    try {
      const port = Number(new URL(base).port);
      await expect(trickle(port, 'GET /slow HTTP/1.1\r\nHost: x\r\n', 'X-A: b\r\n')).resolves.toBe(
        'closed by the server',
      );
    } finally {
      await app.close();
    }
  });

  it('cuts off a client that never finishes its body', async () => {
    const { app, base } = await build([], SHORT);
    try {
      const port = Number(new URL(base).port);
      const opening =
        'POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{';
      await expect(trickle(port, opening, ' ')).resolves.toBe('closed by the server');
    } finally {
      await app.close();
    }
  });

  it('logs request paths without their query strings, bounded in length', async () => {
    const { app, base, lines } = await build([]);
    try {
      await fetch(`${base}/slow?access_token=ghp_secretvalue&code=abc`);
      await fetch(`${base}/${'a'.repeat(5000)}?token=other-secret`);
      const logged = lines.filter((l) => l.msg === 'request completed' || l.msg === 'route not found');
      const urls = logged.map((l) => (l.req as { url: string }).url);
      expect(urls).toContain('/slow');
      expect(urls.every((url) => url.length <= 201)).toBe(true);
      const text = JSON.stringify(lines);
      expect(text).not.toContain('ghp_secretvalue');
      expect(text).not.toContain('other-secret');
      expect(text).not.toContain('a'.repeat(300));
    } finally {
      await app.close();
    }
  });

  it('shows names, up or down and a status word on /health/ready; the reason only in the log', async () => {
    const dependency = new Switch();
    const { app, base, lines } = await build([dependency]);
    try {
      dependency.note = 'appendfsync-everysec';
      expect(await (await fetch(`${base}/health/ready`)).json()).toEqual({
        status: 'ready',
        checks: { switch: { status: 'up', note: 'appendfsync-everysec' } },
      });
      dependency.note = 'a status word with spaces and redis://user:pass@host';
      expect(await (await fetch(`${base}/health/ready`)).json()).toEqual({
        status: 'ready',
        checks: { switch: { status: 'up' } },
      });
      dependency.up = false;
      const down = await fetch(`${base}/health/ready`);
      expect(down.status).toBe(503);
      const body = await down.text();
      expect(JSON.parse(body)).toEqual({ status: 'unavailable', checks: { switch: { status: 'down' } } });
      expect(body).not.toContain('db.internal.example');
      await fetch(`${base}/health/ready`);
      const logged = lines.filter((l) => l.msg === 'readiness: dependency down');
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ dependency: 'switch' });
      expect(String(logged[0]?.error)).toContain('db.internal.example:5432');
    } finally {
      await app.close();
    }
  });
});
