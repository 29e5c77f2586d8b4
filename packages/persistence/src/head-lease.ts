import { randomUUID } from 'node:crypto';
import type { Pool } from './database';

export interface HeadLeaseOptions {
  /** A lease not renewed for this long is taken over (its holder died). */
  ttlMs: number;
  /** The holder extends its lease this often while its work runs. */
  renewEveryMs: number;
  /** A contender checks again this often. */
  pollMs: number;
  /** A contender gives up (a retryable error) after waiting this long. */
  maxWaitMs: number;
}

export const HEAD_LEASE_DEFAULTS: HeadLeaseOptions = {
  ttlMs: 120000,
  renewEveryMs: 30000,
  pollMs: 250,
  maxWaitMs: 15 * 60 * 1000,
};

/** The lease is no longer this holder's: taken over after it expired, or not renewed in time to be sure. */
export class LeaseLostError extends Error {
  constructor(key: string, why: string) {
    super(`the lease on ${key} was lost: ${why}`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Mutual exclusion on a key through a row with an owner and an expiry: taken, renewed and released with
 * one short statement each, so no connection is held while the work runs (it calls providers and
 * models over the network). A holder that dies stops renewing, and its lease is taken over once expired.
 * `work` gets a signal that aborts (with a LeaseLostError) when the holder can no longer be sure it holds
 * the lease: a renewal found it taken over or gone, or none succeeded for ttl − renewEvery (PostgreSQL
 * away), so another holder may take it at its expiry. Work that writes outside the lease checks it first.
 */
export async function withLease<T>(
  pool: Pool,
  key: string,
  options: HeadLeaseOptions,
  work: (lost: AbortSignal) => Promise<T>,
): Promise<T> {
  const owner = randomUUID();
  const giveUpAt = Date.now() + options.maxWaitMs;
  while (!(await tryTake(pool, key, owner, options.ttlMs))) {
    if (Date.now() >= giveUpAt) {
      throw new Error(`head ${key} is still being reviewed by another worker after ${options.maxWaitMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
  const lost = new AbortController();
  let confirmedAt = Date.now();
  const renewal = setInterval(() => {
    pool
      .query(
        `UPDATE head_leases SET expires_at = now() + $3 * interval '1 millisecond' WHERE key = $1 AND owner = $2`,
        [key, owner, options.ttlMs],
      )
      .then(
        ({ rowCount }) => {
          if (rowCount === 1) confirmedAt = Date.now();
          else lost.abort(new LeaseLostError(key, 'another holder has it now'));
        },
        // A failed renewal (PostgreSQL away for a moment) is retried at the next tick while the ttl leaves
        // room; past that, another holder may take the lease.
        () => {
          if (Date.now() - confirmedAt >= options.ttlMs - options.renewEveryMs) {
            lost.abort(new LeaseLostError(key, `not renewed for ${Date.now() - confirmedAt} ms`));
          }
        },
      );
  }, options.renewEveryMs);
  renewal.unref();
  try {
    return await work(lost.signal);
  } finally {
    clearInterval(renewal);
    // Left behind if PostgreSQL is away now: the lease then expires and is taken over.
    await pool
      .query('DELETE FROM head_leases WHERE key = $1 AND owner = $2', [key, owner])
      .catch(() => undefined);
  }
}

async function tryTake(pool: Pool, key: string, owner: string, ttlMs: number): Promise<boolean> {
  const { rowCount } = await pool.query(
    `INSERT INTO head_leases (key, owner, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
     ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE head_leases.expires_at < now()`,
    [key, owner, ttlMs],
  );
  return rowCount === 1;
}
