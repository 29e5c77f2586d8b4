import 'reflect-metadata';
import { type DynamicModule, StandardSchemaValidationPipe, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { BaseConfig } from '@kodus/config';
import { flushStdout, NestPinoLogger, type Logger } from '@kodus/logger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Dependency } from './dependency';
import { Lifecycle, notifyProcessManagerReady } from './lifecycle';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id';
import { RequestLog } from './request-log';
import { RuntimeModule } from './runtime.module';
import { createRuntimeState } from './runtime-state';

/** Request bodies above this are refused with 413 unless an app asks for more. */
const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * How long a client may take, so slow or half-sent requests (slow loris) cannot hold connections:
 * the headers within `headersMs`, the whole request (headers and body) within `requestMs`, no socket
 * silent for `idleMs`; an idle keep-alive connection closes after `keepAliveMs` — above the 60 s idle
 * timeout of AWS load balancers, so the balancer closes first. Node checks every `checkIntervalMs`.
 */
export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
  idleMs: number;
  keepAliveMs: number;
  checkIntervalMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  idleMs: 75_000,
  keepAliveMs: 72_000,
  checkIntervalMs: 1_000,
};

export interface HttpAppOptions<C extends BaseConfig & { port: number } = BaseConfig & { port: number }> {
  config: C;
  logger: Logger;
  module: Type<unknown> | DynamicModule;
  /** Probed by /health/ready, closed after the HTTP server during a drain. */
  dependencies: readonly Dependency[];
  bodyLimitBytes?: number;
  /** Keep each request's raw body on `request.rawBody` (signature checks need the exact bytes). */
  rawBody?: boolean;
  /**
   * Routes served by Fastify itself, outside Nest (a hot path such as webhook ingest): they get the same
   * request id, request log, metrics, body limit and drain as the Nest routes (registered after those hooks).
   */
  routes?: (fastify: FastifyInstance, config: C, logger: Logger) => void;
  /** Last touches before listen (OpenAPI document, raw-body parsers...). */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
  /** Ends the process after a drain; tests pass a recorder instead. */
  exit?: (code: number) => void;
  /** {@link DEFAULT_HTTP_TIMEOUTS} unless given (tests shorten them). */
  timeouts?: HttpTimeouts;
  /** Adds an app's own metrics to the registry served on /metrics. */
  registerMetrics?: (registry: Registry) => void;
}

export interface HttpApp {
  app: NestFastifyApplication;
  lifecycle: Lifecycle;
  /** Stop intake: close the HTTP server (waits for in-flight requests), then the Nest context. */
  stopIntake: () => Promise<void>;
}

/** Builds the Nest application on Fastify with request ids, request logging, metrics, health routes. */
export async function createHttpApp<C extends BaseConfig & { port: number }>(
  options: HttpAppOptions<C>,
): Promise<HttpApp> {
  const { config, logger } = options;
  const lifecycle = new Lifecycle(logger, config.shutdownTimeoutMs, options.exit);
  const state = createRuntimeState(config, lifecycle, options.dependencies, options.registerMetrics);
  const { metrics } = state;
  const timeouts = options.timeouts ?? DEFAULT_HTTP_TIMEOUTS;
  const fastify = Fastify({
    // pino's Logger is a FastifyBaseLogger with extras; fastify's generics would otherwise carry pino's type.
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: requestIdFor,
    logController: new RequestLog(),
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    // A request that still reaches a draining app (a keep-alive connection reused before the app closed it,
    // a connection PM2's cluster master handed over before the listener closed) is answered, with its
    // connection closed, rather than refused with 503: during a reload nothing is refused; new connections
    // stop when the listener closes.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
  });
  // Callback-style hooks: every request runs them, and an async hook costs a promise each.
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    // A response finished during a drain closes its keep-alive connection; otherwise the server
    // would wait for the client to hang up before it can close.
    if (lifecycle.draining) reply.header('connection', 'close');
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode),
    };
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
  options.routes?.(fastify, config, logger);

  const app = await NestFactory.create<NestFastifyApplication>(
    RuntimeModule.wrap(options.module, state, logger, config, true),
    new FastifyAdapter(fastify),
    { logger: new NestPinoLogger(logger), abortOnError: false, rawBody: options.rawBody ?? false },
  );
  // Routes validate their inputs with zod schemas (`@Body({ schema })`, `@Query({ schema })`).
  app.useGlobalPipes(new StandardSchemaValidationPipe({ transform: true }));
  await options.configure?.(app);
  const stopIntake = async () => {
    // Fastify first, so requests in flight finish while the app's providers are still open.
    await fastify.close();
    await app.close();
  };
  return { app, lifecycle, stopIntake };
}

/** The whole life of an HTTP app: build, install the drain, listen, tell PM2 it is ready. */
export async function runHttpApp<C extends BaseConfig & { port: number }>(
  options: HttpAppOptions<C>,
): Promise<NestFastifyApplication> {
  const { config, logger } = options;
  try {
    const { app, lifecycle, stopIntake } = await createHttpApp(options);
    lifecycle.install(stopIntake, options.dependencies);
    await app.listen({ port: config.port, host: config.host });
    logger.info({ host: config.host, port: config.port, ...config.build }, `${config.component} listening`);
    notifyProcessManagerReady();
    return app;
  } catch (error) {
    logger.fatal({ err: error }, `${config.component} failed to start`);
    await flushStdout();
    process.exit(1);
  }
}
