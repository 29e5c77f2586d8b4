import { createHmac, randomUUID } from 'node:crypto';
import type { MoveApp } from './apps';

/** Credentials the synthetic requests need; read from the environment, never printed. */
export interface ProbeSecrets {
  readonly githubWebhookSecret?: string;
  readonly apiAdminToken?: string;
}

const REQUEST_TIMEOUT_MS = 10_000;
const BODY_LIMIT = 4096;

interface Answer {
  status: number;
  body: string;
}

async function send(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  // Only the start of the body is read: whatever answers is not trusted to be small.
  const reader = response.body?.getReader();
  let body = '';
  const decoder = new TextDecoder();
  while (reader !== undefined && body.length < BODY_LIMIT) {
    const { done, value } = await reader.read();
    if (done) break;
    body += decoder.decode(value, { stream: true });
  }
  await reader?.cancel().catch(() => undefined);
  return { status: response.status, body: body.slice(0, BODY_LIMIT) };
}

function expect(what: string, answer: Answer, accepted: number[]): void {
  if (!accepted.includes(answer.status)) {
    throw new Error(
      `${what} answered ${answer.status}, expected ${accepted.join(' or ')}: ${answer.body.slice(0, 200)}`,
    );
  }
}

/**
 * The webhook-handler accepts a GitHub `ping` signed with the shared secret (200 {"ignored"}; a `ping`
 * starts no review) and refuses the same delivery signed with another key (401): the handler that
 * answered holds the right secret.
 */
async function probeWebhook(baseUrl: string, secret: string): Promise<void> {
  const url = new URL('webhooks/github', withSlash(baseUrl)).toString();
  const body = JSON.stringify({ zen: 'kodus-move synthetic check', hook_id: 0 });
  const headers = (key: string) => ({
    'content-type': 'application/json',
    'x-github-event': 'ping',
    'x-github-delivery': `kodus-move-${randomUUID()}`,
    'x-hub-signature-256': `sha256=${createHmac('sha256', key).update(body).digest('hex')}`,
  });
  const signed = await send(url, { method: 'POST', headers: headers(secret), body });
  expect(`POST ${url} (signed ping)`, signed, [200, 202]);
  const forged = await send(url, { method: 'POST', headers: headers(`${secret}-not`), body });
  expect(`POST ${url} (ping signed with a wrong key)`, forged, [401]);
}

/** api-rest answers an authenticated GET /reviews with a list, and refuses it without the token. */
async function probeApi(baseUrl: string, token: string): Promise<void> {
  const url = new URL(
    'reviews?provider=github&repository=kodus%2Fmove-check&pullRequest=1',
    withSlash(baseUrl),
  );
  const authorized = await send(url.toString(), { headers: { authorization: `Bearer ${token}` } });
  expect(`GET ${url.pathname}${url.search}`, authorized, [200]);
  let items: unknown;
  try {
    items = (JSON.parse(authorized.body) as { items?: unknown }).items;
  } catch {
    items = undefined;
  }
  if (!Array.isArray(items)) throw new Error(`GET ${url.pathname} answered 200 without an items list`);
  const anonymous = await send(url.toString(), {});
  expect(`GET ${url.pathname} without a token`, anonymous, [401]);
}

function withSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

/** What the probe does, for the plan printed before it runs (no secret in it). */
export function describeProbe(app: MoveApp, baseUrl: string, times: number): string {
  const what =
    app.name === 'webhook-handler'
      ? `POST ${withSlash(baseUrl)}webhooks/github: a ping signed with GITHUB_WEBHOOK_SECRET → 200/202, signed with a wrong key → 401`
      : `GET ${withSlash(baseUrl)}reviews?… with Bearer API_ADMIN_TOKEN → 200 {items}, without → 401`;
  return `http ${what} (${times}×, through the load balancer)`;
}

/** Sends the app's synthetic request `times` times (the balancer spreads them over its targets). */
export async function probeApp(
  app: MoveApp,
  baseUrl: string,
  secrets: ProbeSecrets,
  times: number,
): Promise<void> {
  for (let i = 0; i < times; i += 1) {
    if (app.name === 'webhook-handler') {
      if (secrets.githubWebhookSecret === undefined) throw new Error('GITHUB_WEBHOOK_SECRET is not set');
      await probeWebhook(baseUrl, secrets.githubWebhookSecret);
    } else if (app.name === 'api-rest') {
      if (secrets.apiAdminToken === undefined) throw new Error('API_ADMIN_TOKEN is not set');
      await probeApi(baseUrl, secrets.apiAdminToken);
    } else {
      throw new Error(`${app.name} has no HTTP endpoint to probe`);
    }
  }
}
