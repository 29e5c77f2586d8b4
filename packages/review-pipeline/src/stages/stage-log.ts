import type { StageRecord } from '@kodus/persistence';
import { performance } from 'node:perf_hooks';

/** The stages one attempt ran, each with its duration and outcome, stored on the review. */
export class StageLog {
  private readonly stages: StageRecord[] = [];

  /**
   * Runs one stage. Its outcome is `ok`, the label `outcomeOf` gives its result (`skipped`, `failed`...),
   * or `failed` when it throws (the error goes on).
   */
  async run<T>(name: string, work: () => Promise<T>, outcomeOf?: (result: T) => string): Promise<T> {
    const started = performance.now();
    try {
      const result = await work();
      this.add(name, started, outcomeOf?.(result) ?? 'ok');
      return result;
    } catch (error) {
      this.add(name, started, 'failed');
      throw error;
    }
  }

  /** A stage measured elsewhere (reviewers running at once). */
  record(stage: StageRecord): void {
    this.stages.push(stage);
  }

  private add(name: string, started: number, outcome: string): void {
    this.stages.push({ name, ms: Math.round(performance.now() - started), outcome });
  }

  list(): StageRecord[] {
    return [...this.stages];
  }
}
