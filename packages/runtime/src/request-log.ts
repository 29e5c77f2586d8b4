import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** Routes polled by orchestrators: logged at debug so they do not drown the request log. */
const QUIET_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/** Longest path a log line carries; a client controls the URL, so its length is bounded here. */
export const MAX_LOGGED_PATH_LENGTH = 200;

/**
 * What a log line says about a request URL: the path without its query string (query values can carry
 * tokens, signatures or personal data), cut to {@link MAX_LOGGED_PATH_LENGTH} characters.
 */
export function loggedPath(url: string): string {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return path.length > MAX_LOGGED_PATH_LENGTH ? `${path.slice(0, MAX_LOGGED_PATH_LENGTH)}…` : path;
}

function loggedRequest(request: FastifyRequest): { method: string; url: string } {
  return { method: request.method, url: loggedPath(request.url) };
}

/**
 * One log line per request, when it completes (method, path, status, duration, request id), instead of
 * Fastify's two; health and metrics polls go to debug. Every line Fastify would write about a request
 * carries the path without its query string.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      req: loggedRequest(request),
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else if (QUIET_ROUTES.has(request.routeOptions.url ?? '')) reply.log.debug(line, 'request completed');
    else reply.log.info(line, 'request completed');
  }

  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: loggedRequest(request), statusCode: reply.statusCode, err: error };
    if (reply.statusCode >= 500) reply.log.error(line, error.message);
    else reply.log.info(line, error.message);
  }

  override writeHeadError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    reply.log.warn({ req: loggedRequest(request), err: error }, error.message);
  }

  override routeNotFound(request: FastifyRequest): void {
    request.log.info({ req: loggedRequest(request) }, 'route not found');
  }
}
