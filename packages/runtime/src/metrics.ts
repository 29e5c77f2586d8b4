import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per process: Node's default metrics plus HTTP request durations. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(component: string, build: { version: string; revision: string }) {
    this.registry.setDefaultLabels({ component });
    collectDefaultMetrics({ register: this.registry });
    // Prometheus' build-info convention: always 1, the labels say which build answers (two builds side by
    // side while PM2 hands over to ECS, say).
    new Gauge({
      name: 'kodus_build_info',
      help: 'The build this process runs: 1, labelled with its version and revision',
      labelNames: ['version', 'revision'],
      registers: [this.registry],
    }).set(build, 1);
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by method, route and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
  }
}
