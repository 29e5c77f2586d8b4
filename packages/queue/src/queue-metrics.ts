import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ConsumerMetrics } from './consumer';
import type { QueueState } from './review-queue';

/** The part of a review job's result these metrics read (review-pipeline's ReviewOutcome). */
export interface ReviewResult {
  status: string;
  reason?: string;
}

/** Queue states reported as `kodus_queue_jobs`. */
const DEPTH_STATES: readonly QueueState[] = ['waiting', 'prioritized', 'active', 'delayed', 'failed'];

/**
 * The review queue as the worker sees it, for its /metrics: review attempt durations by outcome, jobs
 * retried, reviews superseded by a newer head (the pipeline's `superseded:` skips), and the queue depth
 * read from Redis at each scrape. Observed by the consumer (`metrics` option); `register` adds them to a
 * registry.
 */
export class ReviewQueueMetrics implements ConsumerMetrics<ReviewResult> {
  private readonly duration = new Histogram({
    name: 'kodus_review_duration_seconds',
    help: 'Duration of review job attempts in seconds, by outcome (completed, skipped, superseded, unchanged, retried, failed)',
    labelNames: ['outcome'],
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers: [],
  });
  private readonly retried = new Counter({
    name: 'kodus_review_jobs_retried_total',
    help: 'Review job attempts that failed and will be retried',
    registers: [],
  });
  private readonly superseded = new Counter({
    name: 'kodus_reviews_superseded_total',
    help: 'Reviews skipped because the pull request moved on to a newer head',
    registers: [],
  });
  private readonly depth: Gauge<'state'>;

  /** `counts` reads the queue (ReviewQueue.counts); at each scrape, so the figures are current. */
  constructor(counts: () => Promise<Record<QueueState, number>>) {
    this.depth = new Gauge({
      name: 'kodus_queue_jobs',
      help: 'Review queue jobs by state (waiting, prioritized, active, delayed, failed), read from Redis at scrape time',
      labelNames: ['state'],
      registers: [],
      async collect() {
        this.reset();
        let found: Record<QueueState, number>;
        try {
          found = await counts();
        } catch {
          return; // Redis down: no figures rather than wrong ones (readiness says why).
        }
        for (const state of DEPTH_STATES) this.set({ state }, found[state] ?? 0);
      },
    });
  }

  register(registry: Registry): void {
    for (const metric of [this.duration, this.retried, this.superseded, this.depth]) {
      registry.registerMetric(metric);
    }
  }

  completed(result: ReviewResult | undefined, seconds: number): void {
    const superseded = result?.status === 'skipped' && result.reason?.startsWith('superseded') === true;
    if (superseded) this.superseded.inc();
    this.duration.observe({ outcome: superseded ? 'superseded' : (result?.status ?? 'completed') }, seconds);
  }

  failed(final: boolean, seconds: number): void {
    if (!final) this.retried.inc();
    this.duration.observe({ outcome: final ? 'failed' : 'retried' }, seconds);
  }
}
