import { readFileSync } from 'node:fs';
import { reportCounts } from '../src/counts';
import { type FuzzCase, fuzzCases } from '../src/fuzz-cases';
import { KodusStack, type StackApp } from '../src/kodus-stack';
import { scenario, sized } from '../src/profile';

/** Resident memory a fuzzed app may reach: far above its idle size, far below a leak of the bodies sent. */
const RSS_LIMIT_MB = 512;
const CONCURRENCY = 8;

function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? 0 : Math.round(Number(match[1]) / 1024);
}

interface Answer {
  fuzzCase: FuzzCase;
  /** 0: the connection failed (the app did not answer); -1: the client could not even send it. */
  status: number;
}

describe('chaos: webhook and API fuzz', () => {
  let stack: KodusStack;
  let webhook: StackApp;
  let api: StackApp;

  beforeAll(async () => {
    stack = await new KodusStack({ label: 'fuzz' }).prepare();
    [webhook, api] = await Promise.all([stack.start('webhook-handler'), stack.start('api-rest')]);
  }, 120000);
  afterAll(async () => {
    const { leaks } = stack.secretLeaks();
    await stack.stop();
    expect(leaks).toEqual([]);
  });

  async function send(fuzzCase: FuzzCase): Promise<Answer> {
    const headers: Record<string, string> = { ...fuzzCase.headers };
    const base = fuzzCase.target === 'webhook' ? webhook.baseUrl : api.baseUrl;
    if (fuzzCase.target === 'webhook') {
      headers['x-github-delivery'] ??= `fuzz-${Math.random().toString(36).slice(2)}`;
      const body = fuzzCase.body ?? '';
      if (fuzzCase.signature === 'valid') headers['x-hub-signature-256'] = stack.sign(body);
      if (fuzzCase.signature === 'wrong-secret') headers['x-hub-signature-256'] = stack.sign(body, 'not-it');
      if (fuzzCase.signature === 'garbage') headers['x-hub-signature-256'] = 'sha256=zz';
    }
    if (fuzzCase.auth === 'valid') headers.authorization = `Bearer ${stack.secrets.API_ADMIN_TOKEN}`;
    if (fuzzCase.auth === 'wrong') headers.authorization = `Bearer ${'x'.repeat(48)}`;
    let request: Request;
    try {
      request = new Request(`${base}${fuzzCase.path}`, {
        method: fuzzCase.method,
        headers,
        body: fuzzCase.body,
      });
    } catch {
      return { fuzzCase, status: -1 };
    }
    try {
      const response = await fetch(request, { signal: AbortSignal.timeout(30000) });
      await response.arrayBuffer();
      return { fuzzCase, status: response.status };
    } catch {
      return { fuzzCase, status: 0 };
    }
  }

  scenario(
    'webhook and API fuzz: 4xx only, memory bounded',
    async () => {
      const cases = fuzzCases(sized(1000, 10000), 20261129);
      const answers: Answer[] = [];
      let peakRss = Math.max(rssMb(webhook.process.pid), rssMb(api.process.pid));
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, rssMb(webhook.process.pid), rssMb(api.process.pid));
      }, 200);
      try {
        let next = 0;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next < cases.length) answers.push(await send(cases[next++]!));
          }),
        );
      } finally {
        clearInterval(sampler);
      }
      peakRss = Math.max(peakRss, rssMb(webhook.process.pid), rssMb(api.process.pid));
      const count = (test: (a: Answer) => boolean) => answers.filter(test).length;
      const serverErrors = answers.filter((a) => a.status >= 500);
      const notRefused = answers.filter((a) => a.fuzzCase.expect4xx && (a.status < 400 || a.status >= 500));
      reportCounts('fuzz', {
        accepted: count((a) => a.status >= 200 && a.status < 300),
        processed: count((a) => a.status > 0),
        lost: count((a) => a.status === 0),
        duplicated: 0,
        cases: cases.length,
        refused4xx: count((a) => a.status >= 400 && a.status < 500),
        server5xx: serverErrors.length,
        unsendable: count((a) => a.status === -1),
        peakRssMb: peakRss,
      });
      const show = (list: Answer[]) =>
        list.slice(0, 5).map((a) => ({ status: a.status, kind: a.fuzzCase.kind, path: a.fuzzCase.path }));
      expect(show(serverErrors)).toEqual([]);
      expect(show(notRefused)).toEqual([]);
      expect(count((a) => a.status === 0)).toBe(0);
      expect(peakRss).toBeLessThan(RSS_LIMIT_MB);
      // Both apps still answer after the run.
      expect((await fetch(`${webhook.baseUrl}/health/ready`)).status).toBe(200);
      expect((await fetch(`${api.baseUrl}/health/ready`)).status).toBe(200);
    },
    600000,
  );
});
