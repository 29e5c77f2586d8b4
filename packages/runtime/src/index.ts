export { checkDependencies, checkDependency, type Dependency, type DependencyStatus } from './dependency';
export {
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_MAX_AGE_MS,
  readHeartbeat,
  type HeartbeatRecord,
  type HeartbeatVerdict,
} from './heartbeat';
export {
  createHttpApp,
  DEFAULT_HTTP_TIMEOUTS,
  runHttpApp,
  type HttpApp,
  type HttpAppOptions,
  type HttpTimeouts,
} from './http-app';
export { emfRecord, reportEmfMetric, type EmfMetric } from './emf';
export { Lifecycle, notifyProcessManagerReady } from './lifecycle';
export { startMetricsServer, type MetricsServer } from './metrics-server';
export { ProviderCallMetrics } from './provider-call-metrics';
export { CONFIG, LOGGER, RuntimeModule } from './runtime.module';
export { warmUpFetch, type WarmUpFetchOptions } from './warm-up-fetch';
export { runWorkerApp, type WorkerAppOptions } from './worker-app';
