/**
 * Which scenarios run. `npm test` runs the short profile (CI budget: small bursts, ~1,000 fuzz cases);
 * `CHAOS_PROFILE=full` (`npm run chaos` at the root) runs every scenario at full size.
 */
export const FULL = process.env.CHAOS_PROFILE === 'full';

/**
 * Scenarios the short profile leaves out, and why: they cost more time than the CI budget allows (a
 * product timer that is not a setting decides how long recovery takes). The full profile runs them all.
 */
export const FULL_PROFILE_ONLY: ReadonlyMap<string, string> = new Map([
  [
    'worker SIGKILL mid-review',
    '1.5-2 minutes even at the short size (95 s with a 10 s WORKER_HEAD_LEASE_TTL_MS, 123 s with the ' +
      "default): a killed worker's jobs return only once BullMQ's stalled-job check, every 30 s, has seen " +
      'them twice, and that interval is not a setting yet (WORKER_LOCK_DURATION_MS alone does not shorten it)',
  ],
]);

/**
 * Product timers the short profile shortens, through the settings an operator has for them (.env.example),
 * so a recovery that waits on one fits the CI budget; the full profile runs with the defaults.
 */
export const SHORT_TIMERS = {
  /** Defaults 30 s and 60 s: the delivery log's sweeper re-enqueues a lost job within about 6 s. */
  WEBHOOK_DELIVERY_SWEEP_INTERVAL_MS: '1000',
  WEBHOOK_DELIVERY_SWEEP_AGE_MS: '5000',
  /**
   * Default 120 s: a review cut off from PostgreSQL cannot release its head's lease, and its retry waits for
   * the lease to expire.
   */
  WORKER_HEAD_LEASE_TTL_MS: '10000',
  /** Default 20 s: each pooled connection left frozen by a half-open path costs this once. */
  DATABASE_QUERY_TIMEOUT_MS: '3000',
} as const;

/** The named {@link SHORT_TIMERS} in the short profile, none (the product's defaults) in the full one. */
export function shortTimers(...names: (keyof typeof SHORT_TIMERS)[]): Record<string, string> {
  return FULL ? {} : Object.fromEntries(names.map((name) => [name, SHORT_TIMERS[name]]));
}

/** `it`, or `it.skip` for a scenario the short profile leaves out. */
export function scenario(name: string, run: () => Promise<void>, timeoutMs: number): void {
  const include = FULL || !FULL_PROFILE_ONLY.has(name);
  (include ? it : it.skip)(name, run, timeoutMs);
}

/** `short` in the short profile, `full` in the full one. */
export function sized<T>(short: T, full: T): T {
  return FULL ? full : short;
}
