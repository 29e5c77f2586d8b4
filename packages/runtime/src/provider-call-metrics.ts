import { Counter, Histogram, type Registry } from 'prom-client';

/** Why a provider call failed, as a bounded label: the HTTP status when there is one, else the error class. */
function errorKind(error: unknown): string {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && Number.isInteger(status)) return String(status);
  return error instanceof Error ? error.name.slice(0, 40) : 'unknown';
}

/**
 * Durations and errors of the calls the worker makes to a Git provider, by provider and operation (the
 * client method: getPullRequest, listChangedFiles, postReview...). One operation may be several HTTP
 * requests (pages, retries): this is what a review waits for. `observe` wraps a client without changing it.
 */
export class ProviderCallMetrics {
  private readonly duration = new Histogram({
    name: 'kodus_provider_call_duration_seconds',
    help: 'Duration of Git provider client calls in seconds, by provider, operation and outcome (ok, error)',
    labelNames: ['provider', 'operation', 'outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [],
  });
  private readonly errors = new Counter({
    name: 'kodus_provider_call_errors_total',
    help: 'Failed Git provider client calls, by provider, operation and kind (HTTP status or error class)',
    labelNames: ['provider', 'operation', 'kind'],
    registers: [],
  });
  private readonly observed = new WeakMap<object, object>();
  private readonly wrappers = new WeakSet<object>();

  register(registry: Registry): void {
    registry.registerMetric(this.duration);
    registry.registerMetric(this.errors);
  }

  /** The same client, its method calls timed (one wrapper per client, kept while the client lives). */
  observe<Client extends object>(provider: string, client: Client): Client {
    if (this.wrappers.has(client)) return client;
    const known = this.observed.get(client);
    if (known !== undefined) return known as Client;
    const wrapped = new Proxy(client, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        return (...args: unknown[]) => this.time(provider, property, () => value.apply(target, args));
      },
    });
    this.observed.set(client, wrapped);
    this.wrappers.add(wrapped);
    return wrapped;
  }

  private time(provider: string, operation: string, call: () => unknown): unknown {
    const end = this.duration.startTimer({ provider, operation });
    const failed = (error: unknown) => {
      end({ outcome: 'error' });
      this.errors.inc({ provider, operation, kind: errorKind(error) });
    };
    let result: unknown;
    try {
      result = call();
    } catch (error) {
      failed(error);
      throw error;
    }
    if (result instanceof Promise) {
      return result.then(
        (value: unknown) => {
          end({ outcome: 'ok' });
          return value;
        },
        (error: unknown) => {
          failed(error);
          throw error;
        },
      );
    }
    end({ outcome: 'ok' });
    return result;
  }
}
