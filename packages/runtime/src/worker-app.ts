import 'reflect-metadata';
import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { NestFactory } from '@nestjs/core';
import type { BaseConfig } from '@kodus/config';
import { flushStdout, NestPinoLogger, type Logger } from '@kodus/logger';
import type { Dependency } from './dependency';
import { Heartbeat } from './heartbeat';
import { Lifecycle, notifyProcessManagerReady } from './lifecycle';
import { startMetricsServer } from './metrics-server';
import { RuntimeModule } from './runtime.module';
import { createRuntimeState } from './runtime-state';

export interface WorkerAppOptions {
  config: BaseConfig;
  logger: Logger;
  module: Type<unknown> | DynamicModule;
  dependencies: readonly Dependency[];
  heartbeat: {
    file: string;
    /** Whether the app is taking jobs right now, read from the started application context. */
    consuming: (app: INestApplicationContext) => boolean;
  };
  /** Serve this process's registry on `GET /metrics` at this port (HOST interface); none when unset. */
  metricsPort?: number;
  /** Adds the app's own metrics to the registry served on /metrics. */
  registerMetrics?: (registry: Registry) => void;
}

/**
 * The whole life of an app with no HTTP port: a Nest application context whose providers consume
 * queues, a heartbeat file for the health command, and the same drain as the HTTP apps.
 */
export async function runWorkerApp(options: WorkerAppOptions): Promise<INestApplicationContext> {
  const { config, logger } = options;
  try {
    const lifecycle = new Lifecycle(logger, config.shutdownTimeoutMs);
    const state = createRuntimeState(config, lifecycle, options.dependencies, options.registerMetrics);
    const { metrics } = state;
    const app = await NestFactory.createApplicationContext(
      RuntimeModule.wrap(options.module, state, logger, config, false),
      { logger: new NestPinoLogger(logger), abortOnError: false },
    );
    await app.init();
    const metricsServer =
      options.metricsPort === undefined
        ? undefined
        : await startMetricsServer(metrics.registry, {
            port: options.metricsPort,
            host: config.host,
            logger,
          });
    const heartbeat = new Heartbeat(
      options.heartbeat.file,
      () => !lifecycle.draining && options.heartbeat.consuming(app),
      options.dependencies,
      logger,
    );
    lifecycle.install(async () => {
      await heartbeat.stop();
      // Closing the context closes the consumers, which wait for the jobs in flight.
      await app.close();
      await metricsServer?.close();
    }, options.dependencies);
    heartbeat.start();
    logger.info({ heartbeatFile: options.heartbeat.file, ...config.build }, `${config.component} started`);
    notifyProcessManagerReady();
    return app;
  } catch (error) {
    logger.fatal({ err: error }, `${config.component} failed to start`);
    await flushStdout();
    process.exit(1);
  }
}
