import type { Logger } from '@kodus/logger';
import type { Redis } from 'ioredis';
import { Gauge, type Registry } from 'prom-client';

/**
 * Why a Redis would lose acknowledged jobs: no persistence at all (a restart empties it), an eviction
 * policy that may drop keys under memory pressure, or settings Kodus could not read (a managed service
 * that refuses CONFIG and does not report them).
 */
export type DurabilityRisk = 'persistence-off' | 'eviction-policy' | 'persistence-unverified';

export interface RedisDurability {
  durable: boolean;
  risks: DurabilityRisk[];
  appendonly: boolean;
  /** RDB save points (`save`), empty when none; undefined when Redis would not say. */
  savePoints: string | undefined;
  maxmemoryPolicy: string | undefined;
}

function field(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

/**
 * Reads the settings that decide whether a restart or memory pressure can lose jobs: CONFIG GET where
 * allowed, else INFO (ElastiCache and MemoryDB refuse CONFIG but report AOF and the eviction policy).
 */
export async function inspectRedisDurability(redis: Redis): Promise<RedisDurability> {
  let appendonly: boolean;
  let savePoints: string | undefined;
  let maxmemoryPolicy: string | undefined;
  try {
    const config = (await redis.call('CONFIG', 'GET', 'appendonly', 'save', 'maxmemory-policy')) as string[];
    const values = new Map<string, string>();
    for (let i = 0; i + 1 < config.length; i += 2) values.set(String(config[i]), String(config[i + 1]));
    appendonly = values.get('appendonly') === 'yes';
    savePoints = values.get('save')?.trim();
    maxmemoryPolicy = values.get('maxmemory-policy');
  } catch {
    const persistence = await redis.info('persistence');
    const memory = await redis.info('memory');
    appendonly = field(persistence, 'aof_enabled') === '1';
    savePoints = undefined;
    maxmemoryPolicy = field(memory, 'maxmemory_policy');
  }
  const risks: DurabilityRisk[] = [];
  if (!appendonly) {
    if (savePoints === undefined) risks.push('persistence-unverified');
    else if (savePoints === '') risks.push('persistence-off');
  }
  if (maxmemoryPolicy !== 'noeviction') risks.push('eviction-policy');
  return { durable: risks.length === 0, risks, appendonly, savePoints, maxmemoryPolicy };
}

const CHECK_EVERY_MS = 60000;

/**
 * Watches whether the Redis that holds the queue would lose acknowledged jobs, and says so where an
 * operator looks: a warning at start and whenever it changes, `/health/ready` (a `redisDurability`
 * entry that stays up, with the status word `durable`, `at-risk` or `unknown`) and the
 * `kodus_redis_durable` gauge (1 durable, 0 at risk; the `reason` label names each risk). It never fails
 * readiness: a Redis without persistence still takes jobs.
 */
export class RedisDurabilityMonitor {
  readonly name = 'redisDurability';
  private last: RedisDurability | undefined;
  private lastKey: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private gauge: Gauge<'reason'> | undefined;
  private inspecting: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly everyMs = CHECK_EVERY_MS,
  ) {}

  /** Adds `kodus_redis_durable` to the app's registry (served on /metrics). */
  registerMetrics(registry: Registry): void {
    this.gauge = new Gauge({
      name: 'kodus_redis_durable',
      help: 'Whether the queue Redis keeps acknowledged jobs across a restart and under memory pressure (1 yes, 0 no; reason names each risk)',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.publish();
  }

  /** Inspects now (once Redis is ready) and then every `everyMs`. */
  start(): void {
    if (this.redis.status === 'ready') this.onReady();
    // A reconnect may reach another server (a failover, a restart with other settings).
    this.redis.on('ready', this.onReady);
    this.timer = setInterval(this.onReady, this.everyMs);
    this.timer.unref();
  }

  private readonly onReady = (): void => void this.refresh();

  get current(): RedisDurability | undefined {
    return this.last;
  }

  /** Reads the settings again; logs and republishes when the verdict changed. */
  refresh(): Promise<void> {
    this.inspecting ??= this.inspect().finally(() => (this.inspecting = undefined));
    return this.inspecting;
  }

  /** The readiness entry: always up, with a status word. */
  async check(): Promise<string> {
    if (this.last === undefined || this.redis.status !== 'ready') return 'unknown';
    return this.last.durable ? 'durable' : 'at-risk';
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.redis.off('ready', this.onReady);
  }

  private async inspect(): Promise<void> {
    if (this.redis.status !== 'ready') return;
    let found: RedisDurability;
    try {
      found = await inspectRedisDurability(this.redis);
    } catch (error) {
      this.logger.debug({ err: error }, 'could not read the Redis persistence settings');
      return;
    }
    const key = found.risks.join(',');
    const changed = key !== this.lastKey;
    const first = this.lastKey === undefined;
    this.last = found;
    this.lastKey = key;
    this.publish();
    if (!changed) return;
    const detail = {
      dependency: 'redis',
      risks: found.risks,
      appendonly: found.appendonly,
      savePoints: found.savePoints,
      maxmemoryPolicy: found.maxmemoryPolicy,
    };
    if (!found.durable) {
      this.logger.warn(
        detail,
        'redis may lose acknowledged review jobs (set appendonly yes, appendfsync everysec, maxmemory-policy noeviction; see README "Redis")',
      );
    } else if (!first) {
      this.logger.info(detail, 'redis keeps review jobs across restarts again');
    } else {
      this.logger.info(detail, 'redis persistence and eviction policy keep review jobs');
    }
  }

  private publish(): void {
    const gauge = this.gauge;
    if (gauge === undefined || this.last === undefined) return;
    gauge.reset();
    if (this.last.durable) gauge.set({ reason: 'none' }, 1);
    else for (const risk of this.last.risks) gauge.set({ reason: risk }, 0);
  }
}
