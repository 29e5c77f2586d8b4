import type { Dependency } from './dependency';
import type { Lifecycle } from './lifecycle';
import type { Metrics } from './metrics';

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
