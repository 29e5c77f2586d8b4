import { createHmac, randomUUID } from 'node:crypto';
import type { MoveApp } from './apps';

/** Credentials the synthetic requests need; read from the environment, never printed. */
export interface ProbeSecrets {
  readonly githubWebhookSecret?: string;
  readonly gitlabWebhookSecret?: string;
  readonly bitbucketWebhookSecret?: string;
  readonly azureDevopsWebhook?: { readonly user: string; readonly password: string };
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
 * A delivery of an event that starts no review, for one provider, authenticated with `key` (the
 * provider's secret, or a wrong one): the handler answers 200 {"ignored"} when `key` is its secret and
 * 401 otherwise, so the handler that answered holds the right secret.
 */
interface ProbeDelivery {
  readonly provider: string;
  /** The operator's variables for it, for messages. */
  readonly variables: string;
  readonly event: string;
  request(key: string): { headers: Record<string, string>; body: string };
}

const hmacSha256 = (key: string, body: string) =>
  `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;

function webhookDeliveries(secrets: ProbeSecrets): { delivery: ProbeDelivery; secret: string }[] {
  const json = { 'content-type': 'application/json' };
  const id = () => `kodus-move-${randomUUID()}`;
  const all: { delivery: ProbeDelivery; secret: string | undefined }[] = [
    {
      secret: secrets.githubWebhookSecret,
      delivery: {
        provider: 'github',
        variables: 'GITHUB_WEBHOOK_SECRET',
        event: 'a ping signed with it',
        request: (key) => {
          const body = JSON.stringify({ zen: 'kodus-move synthetic check', hook_id: 0 });
          const headers = {
            ...json,
            'x-github-event': 'ping',
            'x-github-delivery': id(),
            'x-hub-signature-256': hmacSha256(key, body),
          };
          return { headers, body };
        },
      },
    },
    {
      secret: secrets.gitlabWebhookSecret,
      delivery: {
        provider: 'gitlab',
        variables: 'GITLAB_WEBHOOK_TOKEN',
        event: 'a Push Hook carrying it as X-Gitlab-Token',
        request: (key) => ({
          headers: { ...json, 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': key, 'idempotency-key': id() },
          body: JSON.stringify({ object_kind: 'push' }),
        }),
      },
    },
    {
      secret: secrets.bitbucketWebhookSecret,
      delivery: {
        provider: 'bitbucket',
        variables: 'BITBUCKET_WEBHOOK_SECRET',
        event: 'a diagnostics:ping signed with it',
        request: (key) => {
          const body = JSON.stringify({});
          const headers = {
            ...json,
            'x-event-key': 'diagnostics:ping',
            'x-request-uuid': id(),
            'x-hub-signature': hmacSha256(key, body),
          };
          return { headers, body };
        },
      },
    },
    {
      secret:
        secrets.azureDevopsWebhook === undefined
          ? undefined
          : `${secrets.azureDevopsWebhook.user}:${secrets.azureDevopsWebhook.password}`,
      delivery: {
        provider: 'azure-devops',
        variables: 'AZURE_DEVOPS_WEBHOOK_USER and AZURE_DEVOPS_WEBHOOK_PASSWORD',
        event: 'a service hook of another event type with them as Basic auth',
        request: (key) => ({
          headers: { ...json, authorization: `Basic ${Buffer.from(key).toString('base64')}` },
          body: JSON.stringify({ id: id(), eventType: 'kodus.move.check', resource: {} }),
        }),
      },
    },
  ];
  return all.flatMap(({ delivery, secret }) => (secret === undefined ? [] : [{ delivery, secret }]));
}

/** For each provider whose webhook secret is set: its delivery accepted (200), with a wrong key refused (401). */
async function probeWebhook(baseUrl: string, secrets: ProbeSecrets): Promise<void> {
  const deliveries = webhookDeliveries(secrets);
  if (deliveries.length === 0) {
    throw new Error(
      'no webhook secret is set (GITHUB_WEBHOOK_SECRET, GITLAB_WEBHOOK_TOKEN, BITBUCKET_WEBHOOK_SECRET, or AZURE_DEVOPS_WEBHOOK_USER and AZURE_DEVOPS_WEBHOOK_PASSWORD): set the ones the webhook-handler holds',
    );
  }
  for (const { delivery, secret } of deliveries) {
    const url = new URL(`webhooks/${delivery.provider}`, withSlash(baseUrl)).toString();
    const signed = await send(url, { method: 'POST', ...delivery.request(secret) });
    expect(`POST ${url} (${delivery.event})`, signed, [200]);
    const forged = await send(url, { method: 'POST', ...delivery.request(`${secret}-not`) });
    expect(`POST ${url} (the same with a wrong key)`, forged, [401]);
  }
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
export function describeProbe(
  app: MoveApp,
  baseUrl: string,
  times: number,
  secrets: ProbeSecrets = {},
): string {
  const webhooks = webhookDeliveries(secrets).map(
    ({ delivery }) =>
      `POST ${withSlash(baseUrl)}webhooks/${delivery.provider}: ${delivery.event} (${delivery.variables}) → 200, with a wrong key → 401`,
  );
  const what =
    app.name === 'webhook-handler'
      ? webhooks.length === 0
        ? `POST ${withSlash(baseUrl)}webhooks/<provider>: needs a webhook secret`
        : webhooks.join('; ')
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
      await probeWebhook(baseUrl, secrets);
    } else if (app.name === 'api-rest') {
      if (secrets.apiAdminToken === undefined) throw new Error('API_ADMIN_TOKEN is not set');
      await probeApi(baseUrl, secrets.apiAdminToken);
    } else {
      throw new Error(`${app.name} has no HTTP endpoint to probe`);
    }
  }
}
