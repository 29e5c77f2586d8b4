import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cookieValue, DashboardSessions, SESSION_COOKIE } from './dashboard-session';

export const DASHBOARD_PATH = '/admin/queues';
const LOGIN_PATH = `${DASHBOARD_PATH}/login`;
/** The page's `<link>`s to Google Fonts (its stylesheet and any preconnect). */
const THIRD_PARTY_FONTS = /<link\b[^>]*\bhref="https:\/\/fonts\.(?:googleapis|gstatic)\.com[^"]*"[^>]*>\s*/gi;

const loginPage = (failed: boolean) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kodus queues: sign in</title></head>
<body style="font-family: sans-serif; max-width: 28rem; margin: 4rem auto">
<h1>Kodus queues</h1>
${failed ? '<p role="alert">That is not the API admin token.</p>' : ''}
<form method="post" action="${LOGIN_PATH}">
<label>API admin token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
<button type="submit">Sign in</button>
</form></body></html>`;

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
}

/** Behind TLS termination the original scheme comes in X-Forwarded-Proto. */
function isHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
}

function tokenFrom(body: unknown): string | undefined {
  if (typeof body === 'string') return new URLSearchParams(body).get('token') ?? undefined;
  if (typeof body === 'object' && body !== null && 'token' in body) {
    const token = (body as { token: unknown }).token;
    return typeof token === 'string' ? token : undefined;
  }
  return undefined;
}

/**
 * Bull Board at /admin/queues, behind the API's authentication: `Authorization: Bearer <API_ADMIN_TOKEN>`
 * (scripts, a header-injecting proxy), or a browser session from /admin/queues/login. Unauthenticated
 * page loads go to the sign-in form; other requests get 401.
 */
export async function serveQueueDashboard(
  app: NestFastifyApplication,
  options: { queues: Queue[]; adminToken: string },
): Promise<void> {
  const sessions = new DashboardSessions(options.adminToken);
  const board = new FastifyAdapter();
  board.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: options.queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Kodus queues' } },
  });

  await app.register(async (login: FastifyInstance) => {
    if (!login.hasContentTypeParser('application/x-www-form-urlencoded')) {
      login.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 4096 },
        (_request, body, done) => done(null, body),
      );
    }
    login.get(LOGIN_PATH, async (_request, reply) =>
      reply.header('cache-control', 'no-store').type('text/html').send(loginPage(false)),
    );
    login.post(LOGIN_PATH, { bodyLimit: 4096 }, async (request, reply) => {
      const token = tokenFrom(request.body);
      reply.header('cache-control', 'no-store');
      if (token === undefined || !sessions.isAdminToken(token)) {
        return reply.status(401).type('text/html').send(loginPage(true));
      }
      const session = sessions.issue();
      const cookie = [
        `${SESSION_COOKIE}=${session.value}`,
        `Path=${DASHBOARD_PATH}`,
        `Max-Age=${session.maxAgeSeconds}`,
        'HttpOnly',
        'SameSite=Strict',
        ...(isHttps(request) ? ['Secure'] : []),
      ].join('; ');
      return reply.header('set-cookie', cookie).redirect(DASHBOARD_PATH, 303);
    });
  });

  await app.register(
    async (guarded: FastifyInstance) => {
      guarded.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        const token = bearer(request);
        if (token !== undefined && sessions.isAdminToken(token)) return;
        if (sessions.isValid(cookieValue(request.headers.cookie, SESSION_COOKIE))) return;
        if (request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
          return reply.redirect(LOGIN_PATH, 303);
        }
        return reply.status(401).send({
          statusCode: 401,
          message: `sign in at ${LOGIN_PATH}, or send Authorization: Bearer <API_ADMIN_TOKEN>`,
        });
      });
      guarded.addHook('onSend', async (request, reply, payload) => {
        // Bull Board answers a Redis failure with 500 and the Redis client's message: its API says what
        // GET /queues says then (503), without the driver's text, which stays in the log.
        if (reply.statusCode >= 500 && request.url.startsWith(`${DASHBOARD_PATH}/api/`)) {
          request.log.warn(
            { statusCode: reply.statusCode, body: String(payload) },
            'queue dashboard API failed',
          );
          reply.code(503).header('content-type', 'application/json; charset=utf-8');
          return JSON.stringify({ statusCode: 503, message: 'the review queue is unavailable' });
        }
        // Bull Board's page loads its fonts from Google: a self-hosted dashboard makes no request to a
        // third party (an air-gapped network, a privacy policy). The page falls back to the system fonts.
        if (typeof payload !== 'string' || !String(reply.getHeader('content-type')).startsWith('text/html')) {
          return payload;
        }
        return payload.replace(THIRD_PARTY_FONTS, '');
      });
      await guarded.register(board.registerPlugin());
    },
    { prefix: DASHBOARD_PATH },
  );
}
