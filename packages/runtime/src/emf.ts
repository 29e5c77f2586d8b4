import type { Logger } from '@kodus/logger';

/** One metric of an AWS CloudWatch Embedded Metric Format record. */
export interface EmfMetric {
  namespace: string;
  name: string;
  unit: 'Count' | 'Seconds' | 'Milliseconds' | 'None';
  /** Dimension name → value; every dimension goes in one dimension set. */
  dimensions: Record<string, string>;
}

/**
 * The fields of one EMF record: CloudWatch Logs (awslogs on ECS) turns a JSON log line carrying this
 * `_aws` block into a metric, with no SDK call and no agent.
 */
export function emfRecord(metric: EmfMetric, value: number, timestamp = Date.now()): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: metric.namespace,
          Dimensions: [Object.keys(metric.dimensions)],
          Metrics: [{ Name: metric.name, Unit: metric.unit }],
        },
      ],
    },
    ...metric.dimensions,
    [metric.name]: value,
  };
}

/** After a failed read, the next try comes this soon (or at the regular interval, if sooner). */
const RETRY_AFTER_FAILURE_MS = 5000;

/**
 * Logs `read()`'s value as one EMF line now and every `everyMs`. A failed read (Redis not ready, or
 * down) gives no line — a missing point, never a made-up zero — and is tried again within 5 s.
 * Returns the stop function.
 */
export function reportEmfMetric(options: {
  logger: Logger;
  metric: EmfMetric;
  read: () => Promise<number>;
  everyMs: number;
}): () => void {
  const { logger, metric, read, everyMs } = options;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const report = async () => {
    let next = everyMs;
    try {
      const value = await read();
      logger.info(emfRecord(metric, value), `${metric.name} ${value}`);
    } catch (error) {
      logger.debug({ err: error, metric: metric.name }, 'metric not reported');
      next = Math.min(everyMs, RETRY_AFTER_FAILURE_MS);
    }
    if (stopped) return;
    timer = setTimeout(() => void report(), next);
    timer.unref();
  };
  void report();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
