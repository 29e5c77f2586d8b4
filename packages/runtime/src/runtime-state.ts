import type { BaseConfig } from '@kodus/config';
import type { Registry } from 'prom-client';
import type { Dependency } from './dependency';
import type { Lifecycle } from './lifecycle';
import { Metrics } from './metrics';

/** What the health and metrics routes read; provided to Nest under {@link RUNTIME_STATE}. */
export interface RuntimeState {
  component: string;
  /** The build that runs (KODUS_VERSION, KODUS_REVISION). */
  build: { version: string; revision: string };
  lifecycle: Lifecycle;
  dependencies: readonly Dependency[];
  metrics: Metrics;
}

export const RUNTIME_STATE = Symbol('kodus.runtime-state');

/** An app's state: its component and build from the config, a fresh registry with the app's own metrics added. */
export function createRuntimeState(
  config: BaseConfig,
  lifecycle: Lifecycle,
  dependencies: readonly Dependency[],
  registerMetrics?: (registry: Registry) => void,
): RuntimeState {
  const metrics = new Metrics(config.component, config.build);
  registerMetrics?.(metrics.registry);
  return { component: config.component, build: config.build, lifecycle, dependencies, metrics };
}
