import { setTimeout as sleep } from 'node:timers/promises';
import { warmUpFetch } from '../src';

const servers = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;

/** The count of listening servers once their handles are closed (a closed handle is let go a tick later). */
async function serversSettled(expected: number): Promise<number> {
  for (let tries = 0; tries < 100 && servers() !== expected; tries++) await sleep(20);
  return servers();
}

describe('warmUpFetch', () => {
  it('sends its rounds of requests to a loopback server of its own, every one answered, and closes it', async () => {
    const before = servers();
    await expect(warmUpFetch({ rounds: 3, concurrency: 2 })).resolves.toBe(6);
    expect(await serversSettled(before)).toBe(before);
  });

  it('rejects once its time is up, and still closes its server', async () => {
    const before = servers();
    // An hour of rounds cannot finish in 50 ms.
    await expect(warmUpFetch({ rounds: 1_000_000, concurrency: 1, timeoutMs: 50 })).rejects.toThrow();
    expect(await serversSettled(before)).toBe(before);
  });
});
