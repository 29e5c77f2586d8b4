import { Redis } from 'ioredis';
import type { Logger } from '@kodus/logger';

export type { Redis } from 'ioredis';

/**
 * `consumer` connections wait through outages (blocking commands must not fail); `producer` connections
 * fail fast while Redis is down, so an HTTP request can answer 503 instead of hanging.
 */
export type RedisRole = 'consumer' | 'producer';

export interface RedisConnectionOptions {
  url: string;
  role: RedisRole;
  /** Shown in `CLIENT LIST` so an operator can tell Kodus components apart. */
  connectionName: string;
  logger: Logger;
}

/**
 * How long a producer's command may wait for Redis's answer before it fails ("Command timed out"): a
 * Redis that stops answering (paused, a half-open connection) makes the request answer 503 instead of
 * hanging. Consumers have none (their blocking commands wait by design).
 */
export const PRODUCER_COMMAND_TIMEOUT_MS = 3000;

/**
 * One ioredis connection with the settings BullMQ recommends per role (consumers: `maxRetriesPerRequest:
 * null`, so blocking commands wait through a reconnect; producers: no offline queue and a command
 * timeout, so they fail fast), and reconnection forever with a capped backoff, so an app started while
 * Redis is down stays up and recovers when Redis returns.
 */
export function createRedisConnection(options: RedisConnectionOptions): Redis {
  const redis = new Redis(options.url, {
    connectionName: options.connectionName,
    maxRetriesPerRequest: options.role === 'consumer' ? null : 1,
    enableOfflineQueue: options.role === 'consumer',
    enableReadyCheck: true,
    retryStrategy: (attempt) => Math.min(attempt * 250, 5000),
    ...(options.role === 'producer' ? { commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS } : {}),
  });
  const log = options.logger.child({ dependency: 'redis' });
  let down = false;
  redis.on('ready', () => {
    if (down) log.info('redis reachable again');
    down = false;
  });
  redis.on('error', (error: Error) => {
    // ioredis emits an error on every failed reconnect; log the first of each outage only.
    if (!down) log.warn({ err: error }, 'redis unreachable; retrying in the background');
    down = true;
  });
  return redis;
}

/** Readiness probe and drain step for one Redis connection; fits the runtime's `Dependency` shape. */
export class RedisDependency {
  readonly name = 'redis';

  constructor(private readonly redis: Redis) {}

  async check(): Promise<void> {
    // With maxRetriesPerRequest: null a PING sent while disconnected would wait for the reconnect.
    if (this.redis.status !== 'ready') throw new Error(`connection ${this.redis.status}`);
    await this.redis.ping();
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    if (this.redis.status === 'ready') {
      await this.redis.quit();
    } else {
      this.redis.disconnect();
    }
  }
}
