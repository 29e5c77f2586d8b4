import { spawnSync } from 'node:child_process';
import { appEntry, GithubStandIn, waitFor } from '@kodus/test-helpers';
import { useWorkerHarness } from './support/worker-harness';

const REPO = { owner: 'acme', name: 'api' };

describe('worker: failing reviews, deadlines and health', () => {
  const harness = useWorkerHarness('worker_failures');

  async function start(env: Record<string, string>) {
    const { worker, env: full, enqueue } = await harness.start(env);
    const healthy = () =>
      spawnSync(process.execPath, [appEntry('worker', 'health.js')], {
        env: { PATH: process.env.PATH ?? '', WORKER_HEARTBEAT_FILE: full.WORKER_HEARTBEAT_FILE ?? '' },
      }).status === 0;
    return { worker, enqueue: (number: number, headSha: string) => enqueue(REPO, number, headSha), healthy };
  }

  it('warns once at start without provider credentials, then logs one line per failed review', async () => {
    const { worker, enqueue } = await start({});
    await worker.waitForLog((l) => l.msg === 'worker started');
    const warnings = worker.logs.filter((l) => /no provider credentials/.test(String(l.msg)));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 'warn' });

    const jobId = await enqueue(1, 'a'.repeat(40));
    const failed = await worker.waitForLog((l) => l.jobId === jobId && l.msg === 'job failed');
    expect(failed).toMatchObject({ reason: expect.stringMatching(/no github credentials/i) });
    // Everything the worker logged about the failure, which the pipeline logs (if at all) before it.
    const aboutIt = worker.logs.filter((l) => l !== warnings[0] && /fail/i.test(String(l.msg)));
    expect(aboutIt).toHaveLength(1);
    expect(JSON.stringify(worker.logs)).not.toMatch(/"stack"/);
  });

  it('fails a review at its deadline, turns unhealthy while that work still runs, healthy after', async () => {
    const github = await new GithubStandIn({ tokens: { 'deadline-token': 'kodus-bot' } }).start();
    try {
      github.addPullRequest(REPO, { number: 2, headSha: 'b'.repeat(40), baseSha: 'c'.repeat(40) });
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      github.beforeNext({ method: 'GET', path: /\/pulls\/2\/files$/ }, () => held);
      const { worker, enqueue, healthy } = await start({
        GITHUB_TOKEN: 'deadline-token',
        GITHUB_API_URL: github.url,
        REVIEW_TIMEOUT_MS: '1000',
      });
      await waitFor('worker health to pass', () => (healthy() ? true : undefined));

      const jobId = await enqueue(2, 'b'.repeat(40));
      const failed = await worker.waitForLog((l) => l.jobId === jobId && l.msg === 'job failed');
      expect(JSON.stringify(failed)).toMatch(/timed out after 1000 ms/);
      await waitFor('worker health to fail', () => (healthy() ? undefined : true));

      release();
      await waitFor('worker health to pass again', () => (healthy() ? true : undefined));
    } finally {
      await github.stop();
    }
  });
});
