import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess, startApp, waitFor } from '@kodus/test-helpers';
import { reportCounts } from '../src/counts';
import { KodusStack } from '../src/kodus-stack';
import { scenario } from '../src/profile';
import { addPullRequests, pullRequestEvent, sha } from '../src/pull-requests';

const REPO = { owner: 'chaos', name: 'secrets' };

/**
 * Every secret the apps are given, looked for in every line every app wrote, after provoking the paths
 * that tend to leak them: an upstream error page echoing the request's Authorization header, a token
 * GitHub refuses, a signature mismatch, the admin token in a query string, a configuration refused at
 * start-up. The other scenarios run the same grep over their own apps when they finish.
 */
describe('chaos: a grep of every log for every secret', () => {
  let stack: KodusStack;

  beforeAll(async () => {
    stack = await new KodusStack({ label: 'secrets', proxyPostgres: true }).prepare();
    await Promise.all([
      stack.start('webhook-handler'),
      stack.start('api-rest'),
      stack.start('worker', { WORKER_CONCURRENCY: '2' }),
    ]);
  }, 120000);
  afterAll(async () => {
    await stack.stop();
  });

  scenario(
    'no secret in any log line or API answer',
    async () => {
      const api = stack.app('api-rest').baseUrl;
      const [echoed, refused] = addPullRequests(stack, REPO, 1, 2);
      const echo = `<html><body>502 Bad Gateway. Request: Authorization: token ${stack.githubToken}</body></html>`;
      stack.github.failNext(1, 502, { rawBody: echo, match: { path: new RegExp(`/pulls/${echoed}$`) } });
      stack.github.failNext(1, 401, {
        message: `Bad credentials: ${stack.githubToken}`,
        match: { path: new RegExp(`/pulls/${refused}$`) },
      });
      const answers = await Promise.all(
        [echoed!, refused!].map((n) => stack.deliver(pullRequestEvent(REPO, n, sha(`${REPO.name}-${n}`)))),
      );
      // Both finished before PostgreSQL is cut below, so no review is mid-transaction then.
      const rows = await stack.waitForRows(
        'both reviews to finish',
        (all) => all.filter((r) => ['completed', 'failed'].includes(r.status)).length === 2,
        120000,
      );
      // A delivery signed with another secret.
      const body = JSON.stringify(pullRequestEvent(REPO, echoed!, sha('x')));
      const unsigned = await fetch(`${stack.app('webhook-handler').baseUrl}/webhooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': stack.sign(body, `${stack.webhookSecret}-not`),
        },
        body,
      });
      // The admin token where it does not belong: a query string.
      const inQuery = await fetch(`${api}/reviews?token=${stack.secrets.API_ADMIN_TOKEN}`, {
        headers: { authorization: `Bearer ${stack.secrets.API_ADMIN_TOKEN}` },
      });
      // PostgreSQL refused for a moment: connection errors name the URL's host, never its password.
      await stack.postgresProxy!.refuse();
      const duringOutage = await fetch(`${api}/reviews`, {
        headers: { authorization: `Bearer ${stack.secrets.API_ADMIN_TOKEN}` },
      });
      await stack.postgresProxy!.pass();
      // A configuration refused at start-up, holding the password in a URL the schema rejects.
      const refusedConfig = await startApp('api-rest', {
        ...stack.environment(),
        DATABASE_URL: `mysql://postgres:${stack.databasePassword}@127.0.0.1:1/kodus`,
      });
      stack.apps.push({ name: 'api-rest', process: refusedConfig.process, baseUrl: refusedConfig.baseUrl });
      const configExit = await refusedConfig.process.exit();

      const apiAnswer = await fetch(`${api}/reviews?repository=chaos/secrets`, {
        headers: { authorization: `Bearer ${stack.secrets.API_ADMIN_TOKEN}` },
      }).then((r) => r.text());
      const { linesScanned, leaks } = stack.secretLeaks();
      const answerLeaks = Object.entries(stack.secretValues)
        .filter(([, value]) => apiAnswer.includes(value) || rows.some((r) => r.statusReason?.includes(value)))
        .map(([name]) => name);
      reportCounts('secret-grep', {
        accepted: answers.filter((a) => a.status === 202).length,
        processed: rows.length,
        lost: 2 - rows.length,
        duplicated: 0,
        apps: stack.apps.length,
        linesScanned,
        secrets: Object.keys(stack.secretValues).length,
        leaks: leaks.length + answerLeaks.length,
      });
      expect(answers.map((a) => a.status)).toEqual([202, 202]);
      expect(unsigned.status).toBe(401);
      expect(inQuery.status).toBe(400);
      expect(duringOutage.status).toBe(503);
      expect(configExit.code).toBe(78);
      expect(rows.map((r) => r.status).sort()).toEqual(['completed', 'failed']);
      expect(leaks).toEqual([]);
      expect(answerLeaks).toEqual([]);
    },
    180000,
  );

  it('finds a secret a process writes, on stdout or stderr', async () => {
    const script = join(tmpdir(), `kodus-chaos-leak-${randomUUID()}.js`);
    writeFileSync(script, 'console.log("token=" + process.env.T); console.error(process.env.P);');
    const leaky = new AppProcess(script, { T: stack.githubToken, P: stack.databasePassword });
    stack.apps.push({ name: 'worker', process: leaky, baseUrl: '' });
    try {
      await leaky.exit();
      await waitFor('both lines', () => (leaky.stderr.includes(stack.databasePassword) ? true : undefined));
      const { leaks } = stack.secretLeaks();
      expect(leaks.map((l) => l.split(':')[0])).toEqual([
        'worker leaks GITHUB_TOKEN',
        'worker leaks DATABASE_PASSWORD',
      ]);
    } finally {
      stack.apps.pop();
    }
  });
});
