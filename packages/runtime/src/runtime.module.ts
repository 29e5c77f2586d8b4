import { type DynamicModule, Module, type Type } from '@nestjs/common';
import type { Logger } from '@kodus/logger';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { RUNTIME_STATE, type RuntimeState } from './runtime-state';
import { CONFIG, LOGGER } from './runtime.tokens';

export { CONFIG, LOGGER } from './runtime.tokens';

/**
 * The root module of every Kodus app: the app's own module, the runtime state, logger and config as
 * global providers, and — for HTTP apps — the health and metrics routes.
 */
@Module({})
export class RuntimeModule {
  static wrap(
    appModule: Type<unknown> | DynamicModule,
    state: RuntimeState,
    logger: Logger,
    config: unknown,
    http: boolean,
  ): DynamicModule {
    return {
      module: RuntimeModule,
      global: true,
      imports: [appModule],
      controllers: http ? [HealthController, MetricsController] : [],
      providers: [
        { provide: RUNTIME_STATE, useValue: state },
        { provide: LOGGER, useValue: logger },
        { provide: CONFIG, useValue: config },
      ],
      exports: [RUNTIME_STATE, LOGGER, CONFIG],
    };
  }
}
